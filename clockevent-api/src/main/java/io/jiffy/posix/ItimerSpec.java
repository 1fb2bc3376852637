package io.jiffy.posix;

/**
 * A timer setting: POSIX {@code struct itimerspec} in nanoseconds.
 *
 * @param valueNanos    time to the first expiry (relative, or absolute with TIMER_ABSTIME); 0 disarms
 * @param intervalNanos period of later expiries; 0 for a one-shot timer
 */
public record ItimerSpec(long valueNanos, long intervalNanos) {

    /** A disarmed setting. */
    public static final ItimerSpec DISARMED = new ItimerSpec(0, 0);

    /** @throws PosixException EINVAL if a field is negative */
    public ItimerSpec {
        if (valueNanos < 0 || intervalNanos < 0) {
            throw new PosixException(Errno.EINVAL, "itimerspec fields must not be negative");
        }
    }

    /** Whether this setting arms the timer. */
    public boolean armed() {
        return valueNanos != 0;
    }
}
