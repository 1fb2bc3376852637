package io.jiffy.hook;

/** A grab was refused because another hook holds the chain: the proposal's {@code -EBUSY}. */
public class HookBusyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long grabberId;

    /** @param grabberId the hook holding the chain */
    public HookBusyException(long grabberId) {
        super("EBUSY: the timer-hook chain is grabbed by hook " + grabberId);
        this.grabberId = grabberId;
    }

    /** The id of the hook holding the chain. */
    public long grabberId() {
        return grabberId;
    }
}
