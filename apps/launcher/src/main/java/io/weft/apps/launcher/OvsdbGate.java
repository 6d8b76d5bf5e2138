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
    private OvsdbConnectionHandler open;

    @Override
    public synchronized void connected(OvsdbClient client) {
        if (open != null) {
            open.connected(client);
        } else {
            waiting.add(client);
        }
    }

    @Override
    public synchronized void disconnected(OvsdbClient client) {
        if (open != null) {
            open.disconnected(client);
        } else {
            waiting.remove(client);
        }
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
