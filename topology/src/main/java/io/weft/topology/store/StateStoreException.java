package io.weft.topology.store;

/** The state store could not be opened or could not make a write durable. Not a client error. */
public final class StateStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean outcomeUnknown;

    /** The write was refused and changed nothing (a full disk, a closed store). */
    public StateStoreException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private StateStoreException(String message, Throwable cause, boolean outcomeUnknown) {
        super(message, cause);
        this.outcomeUnknown = outcomeUnknown;
    }

    /** Forcing staged writes to the disk failed: they may or may not be there, and the store takes no more writes. */
    public static StateStoreException notDurable(String message, Throwable cause) {
        return new StateStoreException(message, cause, true);
    }

    /** True when the change may or may not have been stored, so "nothing was changed" cannot be said. */
    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }
}
