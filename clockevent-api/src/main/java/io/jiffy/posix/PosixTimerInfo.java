package io.jiffy.posix;

/**
 * One POSIX timer as listed by {@code ptimer:list}.
 *
 * @param id             the timer id
 * @param clockId        its clock
 * @param owner          symbolic name of the bundle that created it
 * @param notification   how it notifies
 * @param armed          whether it is armed
 * @param remainingNanos time to the next expiry, 0 if disarmed
 * @param intervalNanos  its period, 0 for one-shot
 * @param expirations    expirations so far
 * @param lastOverrun    the overrun of the last delivered expiration
 */
public record PosixTimerInfo(int id, int clockId, String owner, SigEvent.Kind notification,
        boolean armed, long remainingNanos, long intervalNanos, long expirations, int lastOverrun) {
}
