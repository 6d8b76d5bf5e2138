package io.weft.topology.store;

/** The state store could not be opened or could not make a write durable. Not a client error. */
public final class StateStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StateStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
