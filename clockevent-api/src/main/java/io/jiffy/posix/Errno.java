package io.jiffy.posix;

/** The error numbers POSIX clock and timer calls report, with Linux's values. */
public enum Errno {
    /** Operation not permitted. */
    EPERM(1),
    /** Try again: a resource is temporarily short. */
    EAGAIN(11),
    /** Out of memory or timer ids. */
    ENOMEM(12),
    /** Device or resource busy. */
    EBUSY(16),
    /** Invalid argument, unknown clock or timer id. */
    EINVAL(22),
    /** Timer expired (a comparator was armed in the past). */
    ETIME(62),
    /** Operation not supported by this clock. */
    EOPNOTSUPP(95);

    private final int value;

    Errno(int value) {
        this.value = value;
    }

    /** The Linux errno value. */
    public int value() {
        return value;
    }
}
