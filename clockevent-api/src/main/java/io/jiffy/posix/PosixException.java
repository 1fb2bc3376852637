package io.jiffy.posix;

/** A failed POSIX clock or timer call: carries the {@link Errno} the system call would return. */
public class PosixException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Errno errno;

    /** @param errno the error; @param message what was wrong, for people */
    public PosixException(Errno errno, String message) {
        super(errno + ": " + message);
        this.errno = errno;
    }

    /** The error number. */
    public Errno errno() {
        return errno;
    }
}
