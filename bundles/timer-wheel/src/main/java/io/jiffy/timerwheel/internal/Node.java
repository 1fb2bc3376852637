package io.jiffy.timerwheel.internal;

/**
 * A link of an intrusive doubly-linked list (the kernel's {@code list_head}): a slot of the
 * wheel is a sentinel node, a pending timer is linked into exactly one slot.
 */
class Node {

    Node prev;
    Node next;
}
