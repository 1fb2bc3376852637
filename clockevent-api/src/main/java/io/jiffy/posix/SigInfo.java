package io.jiffy.posix;

/**
 * A taken queued notification: the part of {@code siginfo_t} a timer signal carries.
 *
 * @param timerId the timer that expired
 * @param overrun expirations that happened while this notification was queued (si_overrun)
 */
public record SigInfo(int timerId, int overrun) {
}
