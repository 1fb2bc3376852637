package io.jiffy.hookchain.internal;

/** Where the chain core reports events, one line each: the OSGi logger in the bundle, a list in tests. */
interface ChainLog {

    /** A normal event (a grab taken or released). */
    void info(String message);

    /** A refused request (ungrab by a non-grabber). */
    void warn(String message);

    /** A hook failed; {@code error} may be null. */
    void error(String message, Throwable error);
}
