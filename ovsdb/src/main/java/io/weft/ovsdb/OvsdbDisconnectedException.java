package io.weft.ovsdb;

/** The connection closed before the server answered. */
public class OvsdbDisconnectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OvsdbDisconnectedException(String peer) {
        super("OVSDB connection to " + peer + " closed before the reply");
    }
}
