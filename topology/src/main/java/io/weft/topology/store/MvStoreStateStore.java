package io.weft.topology.store;

import io.weft.topology.Endpoint;
import io.weft.topology.Host;
import io.weft.topology.Network;
import io.weft.topology.StateStore;
import io.weft.topology.StoredState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The default {@link StateStore}: one H2 MVStore file, {@code <dir>/weft.mv.db}, with a map per kind of row and
 * JSON values. Auto-commit is off so that each write is exactly one commit, followed by an fsync: a write returns
 * only once it would survive {@code kill -9} or a power cut. Not thread-safe; {@code Topology} serialises calls.
 */
public final class MvStoreStateStore implements StateStore {
    public static final String FILE_NAME = "weft.mv.db";
    /** Bumped when rows change incompatibly; a file with another format is refused rather than misread. */
    private static final String FORMAT = "1";

    private final MVStore store;
    private final MVMap<String, String> networks;
    private final MVMap<String, String> endpoints;
    private final MVMap<String, String> hosts;
    private final RowCodec codec = new RowCodec();

    private MvStoreStateStore(MVStore store) {
        this.store = store;
        this.networks = store.openMap("networks");
        this.endpoints = store.openMap("endpoints");
        this.hosts = store.openMap("hosts");
        MVMap<String, String> meta = store.openMap("weft");
        String format = meta.putIfAbsent("format", FORMAT);
        if (format != null && !format.equals(FORMAT)) {
            throw new IllegalStateException("state store format " + format + " is not supported (expected " + FORMAT
                    + ")");
        }
        if (format == null) {
            durably(() -> { });
        }
    }

    /** Opens (creating if needed) the store in {@code directory}. Only one process may have it open. */
    public static MvStoreStateStore open(Path directory) {
        Path file = directory.resolve(FILE_NAME);
        MVStore store;
        try {
            Files.createDirectories(directory);
            store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
        } catch (IOException | RuntimeException e) {
            throw new StateStoreException("cannot open state store " + file + ": " + e.getMessage(), e);
        }
        try {
            return new MvStoreStateStore(store);
        } catch (RuntimeException e) {
            store.closeImmediately();
            throw e;
        }
    }

    @Override
    public StoredState load() {
        return new StoredState(rows(networks, NetworkRow.class, NetworkRow::toNetwork),
                rows(endpoints, EndpointRow.class, EndpointRow::toEndpoint),
                rows(hosts, HostRow.class, HostRow::toHost));
    }

    private <R, T> List<T> rows(MVMap<String, String> map, Class<R> rowType, Function<R, T> toDomain) {
        return map.values().stream().map(text -> toDomain.apply(codec.read(text, rowType))).toList();
    }

    @Override
    public void putNetwork(Network network) {
        put(networks, network.name(), NetworkRow.of(network));
    }

    @Override
    public void removeNetwork(String name) {
        remove(networks, name);
    }

    @Override
    public void putEndpoint(Endpoint endpoint) {
        put(endpoints, endpoint.id(), EndpointRow.of(endpoint));
    }

    @Override
    public void removeEndpoint(String id) {
        remove(endpoints, id);
    }

    @Override
    public void putEndpointObservation(Endpoint endpoint) {
        String text = codec.write(EndpointRow.of(endpoint));
        if (!Objects.equals(endpoints.get(endpoint.id()), text)) {
            // Committed (in the OS's hands, so it survives kill -9) but not synced: see the interface.
            inCommit(() -> endpoints.put(endpoint.id(), text), false);
        }
    }

    @Override
    public void putHost(Host host) {
        put(hosts, host.name(), HostRow.of(host));
    }

    @Override
    public void removeHost(String name) {
        remove(hosts, name);
    }

    private void put(MVMap<String, String> map, String key, Object row) {
        String text = codec.write(row);
        if (!Objects.equals(map.get(key), text)) {
            durably(() -> map.put(key, text));
        }
    }

    private void remove(MVMap<String, String> map, String key) {
        if (map.containsKey(key)) {
            durably(() -> map.remove(key));
        }
    }

    /** Applies a change, commits it and forces it to disk; on failure the uncommitted change is rolled back. */
    private void durably(Runnable change) {
        inCommit(change, true);
    }

    private void inCommit(Runnable change, boolean forceToDisk) {
        try {
            change.run();
            store.commit();
            if (forceToDisk) {
                store.sync();
            }
        } catch (RuntimeException e) {
            store.rollback();
            throw new StateStoreException("state store write failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        store.close();
    }

    /** Closes without the orderly shutdown write, as if the process had died: for crash tests. */
    void closeAbruptly() {
        store.closeImmediately();
    }
}
