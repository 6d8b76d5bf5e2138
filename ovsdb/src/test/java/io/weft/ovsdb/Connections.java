package io.weft.ovsdb;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records connection events for tests. */
final class Connections implements OvsdbConnectionHandler {
    final BlockingQueue<OvsdbClient> connected = new LinkedBlockingQueue<>();
    final BlockingQueue<OvsdbClient> disconnected = new LinkedBlockingQueue<>();

    @Override
    public void connected(OvsdbClient client) {
        connected.add(client);
    }

    @Override
    public void disconnected(OvsdbClient client) {
        disconnected.add(client);
    }

    OvsdbClient awaitConnected() throws InterruptedException {
        OvsdbClient c = connected.poll(20, TimeUnit.SECONDS);
        if (c == null) {
            throw new AssertionError("no OVSDB connection within 20 s");
        }
        return c;
    }

    OvsdbClient awaitDisconnected() throws InterruptedException {
        OvsdbClient c = disconnected.poll(20, TimeUnit.SECONDS);
        if (c == null) {
            throw new AssertionError("no OVSDB disconnection within 20 s");
        }
        return c;
    }
}
