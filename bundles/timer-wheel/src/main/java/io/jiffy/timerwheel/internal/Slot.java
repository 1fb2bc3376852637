package io.jiffy.timerwheel.internal;

/**
 * One bucket of a wheel level: the ends of a list of timers kept in arming order (not circular,
 * with no sentinel: see {@link TimerImpl}), with its occupancy bit so that unlinking the last
 * timer clears it.
 */
final class Slot {

    /** Its number in the base ({@link TimerImpl#slot}). */
    final int id;
    /** 0 = tv1, 1..4 = tv2..tv5; -1 = the work list of the slot being expired. */
    final int level;
    final int index;
    /** Its occupancy bit: {@code bits[word] & mask} (the work list has a bit of its own, never read). */
    final long[] bits;
    final int word;
    final long mask;

    /** The first and last timer, null when empty; a timer's prev/next are null at the ends. */
    TimerImpl head;
    TimerImpl tail;

    Slot(int id, int level, int index, long[] bits, int word) {
        this.id = id;
        this.level = level;
        this.index = index;
        this.bits = bits;
        this.word = word;
        this.mask = 1L << index;
    }

    boolean isEmpty() {
        return head == null;
    }
}
