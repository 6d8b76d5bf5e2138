package io.weft.bench.compare;

import io.weft.ovsdb.Atoms;
import io.weft.ovsdb.MonitorRequest;
import io.weft.ovsdb.OvsdbClient;
import io.weft.ovsdb.OvsdbConfig;
import io.weft.ovsdb.OvsdbConnectionHandler;
import io.weft.ovsdb.OvsdbConnector;
import io.weft.ovsdb.RowUpdate;
import io.weft.ovsdb.TableUpdates;
import io.weft.testkit.OvsInstance;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A persistent OVSDB monitor session on one host's database, watching Interface external_ids. It
 * stamps, on arrival of the update, (b) the first time an Interface row carries a given iface-id and
 * (c) the first time it also carries the readiness mark ({@code weft-installed} or {@code ovn-installed}).
 * Both systems are timed by this same observer, so neither is timed by its own account of itself.
 */
final class InterfaceWatch implements OvsdbConnectionHandler, AutoCloseable {
    private static final String IFACE_ID = "iface-id";

    private final String readyKey;
    private final OvsdbConnector connector;
    private final Map<String, CompletableFuture<Long>> plugged = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Long>> ready = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> monitoring = new CompletableFuture<>();

    private InterfaceWatch(OvsInstance host, String readyKey) {
        this.readyKey = readyKey;
        this.connector = new OvsdbConnector("unix:" + host.dbSocket(), OvsdbConfig.defaults(), this);
    }

    /** Connects to the host's db.sock and returns once the monitor's initial contents have arrived. */
    static InterfaceWatch open(OvsInstance host, String readyKey) throws Exception {
        InterfaceWatch watch = new InterfaceWatch(host, readyKey);
        watch.connector.start();
        try {
            watch.monitoring.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            watch.close();
            throw new IllegalStateException("no OVSDB monitor on " + host.name() + ": " + e.getMessage(), e);
        }
        return watch;
    }

    @Override
    public void connected(OvsdbClient client) {
        client.monitorBest("Open_vSwitch", "weft-bench-interfaces",
                        Map.of("Interface", new MonitorRequest(List.of("name", "external_ids"))), this::apply)
                .whenComplete((initial, error) -> {
                    if (error != null) {
                        monitoring.completeExceptionally(error);
                    } else {
                        apply(initial);
                        monitoring.complete(null);
                    }
                });
    }

    @Override
    public void disconnected(OvsdbClient client) {
        // The connector reconnects and the new monitor's initial contents fill in what was missed;
        // stamps already taken stay (only the first sighting counts).
    }

    private void apply(TableUpdates updates) {
        long now = System.nanoTime();
        for (RowUpdate row : updates.table("Interface")) {
            if (row.newColumns() == null) {
                continue;
            }
            Map<String, String> ids = Atoms.stringMapOf(row.newColumns().get("external_ids"));
            String ifaceId = ids.get(IFACE_ID);
            if (ifaceId == null) {
                continue;
            }
            stamp(plugged, ifaceId).complete(now);
            if (ids.containsKey(readyKey)) {
                stamp(ready, ifaceId).complete(now);
            }
        }
    }

    private static CompletableFuture<Long> stamp(Map<String, CompletableFuture<Long>> stamps, String ifaceId) {
        return stamps.computeIfAbsent(ifaceId, k -> new CompletableFuture<>());
    }

    /** (b): when the Interface row with this iface-id was first seen committed. */
    CompletableFuture<Long> plugged(String ifaceId) {
        return stamp(plugged, ifaceId);
    }

    /** (c): when the readiness mark was first seen on it. */
    CompletableFuture<Long> ready(String ifaceId) {
        return stamp(ready, ifaceId);
    }

    @Override
    public void close() {
        connector.close();
    }
}
