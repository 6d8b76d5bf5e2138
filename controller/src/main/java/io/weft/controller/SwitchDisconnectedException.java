package io.weft.controller;

/** The session ended before the switch confirmed a transaction: its outcome is unknown. */
public class SwitchDisconnectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SwitchDisconnectedException(DatapathId dpid) {
        super("dpid=" + dpid + " disconnected before confirming the transaction");
    }
}
