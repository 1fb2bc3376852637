package io.jiffy.posix;

import java.util.Objects;

/**
 * How a POSIX timer tells its owner it expired: the {@code struct sigevent} given to
 * {@link PosixClocks#timerCreate}.
 *
 * <ul>
 * <li>{@link #none()}: nothing; poll with {@code timerGettime} (SIGEV_NONE).</li>
 * <li>{@link #callback(Notify)}: a callback run on the CPU that expired the timer (SIGEV_THREAD-like).</li>
 * <li>{@link #queued()}: a notification queued until the owner takes it with
 *     {@link PosixClocks#takeNotification(int)} (signal-like): while one is queued further
 *     expirations are not queued but counted as overruns, fixed when it is taken.</li>
 * </ul>
 */
public final class SigEvent {

    /** The kinds of notification. */
    public enum Kind {
        /** SIGEV_NONE. */
        NONE,
        /** A callback on the expiring CPU. */
        CALLBACK,
        /** A queued, signal-like notification. */
        QUEUED
    }

    /** A timer-expiry callback; runs in interrupt context and must not block. */
    @FunctionalInterface
    public interface Notify {
        /**
         * The timer expired.
         *
         * @param timerId  the timer
         * @param overrun  expirations missed since the previous callback
         */
        void expired(int timerId, int overrun);
    }

    private static final SigEvent NONE = new SigEvent(Kind.NONE, null);
    private static final SigEvent QUEUED = new SigEvent(Kind.QUEUED, null);

    private final Kind kind;
    private final Notify callback;

    private SigEvent(Kind kind, Notify notify) {
        this.kind = kind;
        this.callback = notify;
    }

    /** No notification. */
    public static SigEvent none() {
        return NONE;
    }

    /** A queued, signal-like notification. */
    public static SigEvent queued() {
        return QUEUED;
    }

    /** A callback on the CPU that expired the timer. */
    public static SigEvent callback(Notify notify) {
        return new SigEvent(Kind.CALLBACK, Objects.requireNonNull(notify, "notify"));
    }

    /** The kind of notification. */
    public Kind kind() {
        return kind;
    }

    /** The callback, for {@link Kind#CALLBACK}; otherwise {@code null}. */
    public Notify notifier() {
        return callback;
    }
}
