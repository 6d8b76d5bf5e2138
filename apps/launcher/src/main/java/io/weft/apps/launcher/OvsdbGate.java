package io.weft.apps.launcher;

import io.weft.ovsdb.OvsdbClient;
import io.weft.ovsdb.OvsdbConnectionHandler;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Holds hosts' OVSDB sessions while this controller stands by (cluster mode: every host connects to every
 * controller, and only the leader writes to OVSDB), then hands them, and every later one, to the leader's
 * provisioning. A standby's sessions stay open: OVSDB's echo is answered by the library, nothing is read or written.
 */
final class OvsdbGate implements OvsdbConnectionHandler {
    private final Set<OvsdbClient> waiting = new LinkedHashSet<>();
    private volatile OvsdbConnectionHandler open;

    @Override
    public void connected(OvsdbClient client) {
        OvsdbConnectionHandler handler;
        synchronized (this) {
            handler = open;
            if (handler == null) {
                waiting.add(client);
                return;
            }
        }
        handler.connected(client);
    }

    /** Forwarded without the gate's lock: the handler may wait on the store, and other sessions must not wait on it. */
    @Override
    public void disconnected(OvsdbClient client) {
        OvsdbConnectionHandler handler;
        synchronized (this) {
            handler = open;
            if (handler == null) {
                waiting.remove(client);
                return;
            }
        }
        handler.disconnected(client);
    }

    /** From now on sessions go to {@code handler}, starting with those already open. */
    synchronized void open(OvsdbConnectionHandler handler) {
        open = handler;
        for (OvsdbClient client : waiting) {
            if (client.isConnected()) {
                handler.connected(client);
            }
        }
        waiting.clear();
    }
}
