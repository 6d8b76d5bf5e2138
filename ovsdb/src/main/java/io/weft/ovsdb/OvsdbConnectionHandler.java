package io.weft.ovsdb;

/** Told about connections as they open and close (passive server and active connector alike). */
public interface OvsdbConnectionHandler {
    /** Called on the connection's I/O thread: start monitors here, do not block. */
    void connected(OvsdbClient client);

    void disconnected(OvsdbClient client);
}
