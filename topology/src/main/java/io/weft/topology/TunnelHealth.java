package io.weft.topology;

import java.util.Objects;

/**
 * Whether a host's VXLAN traffic reaches the other hosts and theirs reaches it, as the controller's tunnel probes
 * last found. It belongs to the running controller, like the session states: it is not stored.
 *
 * @param detail for people: which peers answered, or why it is not checked
 */
public record TunnelHealth(State state, String detail) {
    public static final TunnelHealth UNCHECKED = new TunnelHealth(State.UNCHECKED, "not checked yet");

    public enum State {
        /** Not probed: no other host to probe, a datapath that carries no packets, or not yet. */
        UNCHECKED,
        /** Probes crossed the tunnel both ways with at least one other host. */
        UP,
        /** Probes with every peer it was tried with were lost, for longer than the detection time. */
        DOWN
    }

    public TunnelHealth {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(detail, "detail");
    }

    public static TunnelHealth up(String detail) {
        return new TunnelHealth(State.UP, detail);
    }

    public static TunnelHealth down(String detail) {
        return new TunnelHealth(State.DOWN, detail);
    }

    public static TunnelHealth unchecked(String detail) {
        return new TunnelHealth(State.UNCHECKED, detail);
    }
}
