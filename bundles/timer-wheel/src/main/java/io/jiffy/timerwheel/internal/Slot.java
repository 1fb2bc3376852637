package io.jiffy.timerwheel.internal;

/**
 * One bucket of a wheel level: the sentinel of a circular list of timers kept in arming order,
 * with its level and index so that unlinking the last timer clears the level's occupancy bit.
 */
final class Slot extends Node {

    /** 0 = tv1, 1..4 = tv2..tv5; -1 = the work list of the slot being expired. */
    final int level;
    final int index;

    Slot(int level, int index) {
        this.level = level;
        this.index = index;
        prev = this;
        next = this;
    }

    boolean isEmpty() {
        return next == this;
    }
}
