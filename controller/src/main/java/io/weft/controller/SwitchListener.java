package io.weft.controller;

/**
 * Told about switches coming and going. Called on the switch's I/O thread: do not block.
 * For a datapath that reconnects, the old session's {@link #switchDisconnected} comes before the new
 * session's {@link #switchConnected}.
 */
public interface SwitchListener {
    void switchConnected(SwitchHandle sw);

    void switchDisconnected(SwitchHandle sw);

    /** A port was added, removed or changed state. */
    default void portChanged(SwitchHandle sw, SwitchPort port, PortChange change) {
    }

    /** A flow sent a packet to the controller. */
    default void packetReceived(SwitchHandle sw, io.weft.controller.flow.ReceivedPacket packet) {
    }

    /**
     * The switch refused the role this controller claimed ({@link SwitchRegistry#claimRole}): an
     * {@link OpenFlowErrorException} with code {@code STALE} means another controller claimed it with a newer
     * generation.
     */
    default void roleRefused(SwitchHandle sw, ControllerRole role, Throwable why) {
    }

    enum PortChange {
        ADDED, DELETED, MODIFIED
    }
}
