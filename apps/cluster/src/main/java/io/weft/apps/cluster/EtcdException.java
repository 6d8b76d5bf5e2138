package io.weft.apps.cluster;

/** An etcd call that failed; {@link #outcomeUnknown} when a write it carried may have been committed all the same. */
public final class EtcdException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean outcomeUnknown;

    EtcdException(String message, Throwable cause, boolean outcomeUnknown) {
        super(message, cause);
        this.outcomeUnknown = outcomeUnknown;
    }

    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }
}
