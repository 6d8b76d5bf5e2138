package io.weft.topology;

import java.util.Objects;

/**
 * A refused topology operation. The message is meant for a human and names the field and value at fault; the
 * {@link ErrorKind} is for machines. An operation that throws this has changed nothing.
 */
public final class TopologyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;

    public TopologyException(ErrorKind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public static TopologyException invalid(String message) {
        return new TopologyException(ErrorKind.INVALID, message);
    }

    public static TopologyException notFound(String message) {
        return new TopologyException(ErrorKind.NOT_FOUND, message);
    }

    public static TopologyException conflict(String message) {
        return new TopologyException(ErrorKind.CONFLICT, message);
    }

    public ErrorKind kind() {
        return kind;
    }
}
