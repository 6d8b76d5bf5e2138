package io.weft.topology.store;

import io.weft.topology.Endpoint;
import io.weft.topology.Host;
import io.weft.topology.Network;
import io.weft.topology.StateStore;
import io.weft.topology.StoredState;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * Weft 0.1's store, H2's MVStore with a commit and an fsync per write, kept only in the tests: the crash suite runs
 * against it to show it catches the writes that store lost (its retention time, 45 s by default, is lowered so
 * freed space is reused at once).
 */
final class OldMvStoreStateStore implements StateStore {
    private final MVStore store;
    private final RowCodec codec = new RowCodec();

    private OldMvStoreStateStore(MVStore store) {
        this.store = store;
    }

    static OldMvStoreStateStore open(java.nio.file.Path directory, int retentionMs) {
        directory.toFile().mkdirs();
        MVStore store = new MVStore.Builder().fileName(directory.resolve(LegacyMvStoreImport.FILE_NAME).toString())
                .autoCommitDisabled().open();
        store.setRetentionTime(retentionMs);
        return new OldMvStoreStateStore(store);
    }

    @Override
    public StoredState load() {
        return new StoredState(rows(StoreTables.NETWORKS, NetworkRow.class, NetworkRow::toNetwork),
                rows(StoreTables.ENDPOINTS, EndpointRow.class, EndpointRow::toEndpoint),
                rows(StoreTables.HOSTS, HostRow.class, HostRow::toHost));
    }

    private <R, T> List<T> rows(String table, Class<R> type, Function<R, T> toDomain) {
        MVMap<String, String> map = store.openMap(table);
        return map.values().stream().map(text -> toDomain.apply(codec.read(text, type))).toList();
    }

    @Override
    public void putNetwork(Network network) {
        put(StoreTables.NETWORKS, network.name(), NetworkRow.of(network));
    }

    @Override
    public void removeNetwork(String name) {
        remove(StoreTables.NETWORKS, name);
    }

    @Override
    public void putEndpoint(Endpoint endpoint) {
        put(StoreTables.ENDPOINTS, endpoint.id(), EndpointRow.of(endpoint));
    }

    @Override
    public void removeEndpoint(String id) {
        remove(StoreTables.ENDPOINTS, id);
    }

    @Override
    public void putHost(Host host) {
        put(StoreTables.HOSTS, host.name(), HostRow.of(host));
    }

    @Override
    public void removeHost(String name) {
        remove(StoreTables.HOSTS, name);
    }

    @Override
    public void putRouter(io.weft.topology.Router router) {
        throw new UnsupportedOperationException("the old MVStore had no routers");
    }

    @Override
    public void removeRouter(String name) {
        throw new UnsupportedOperationException("the old MVStore had no routers");
    }

    private void put(String table, String key, Object row) {
        MVMap<String, String> map = store.openMap(table);
        String text = codec.write(row);
        if (!Objects.equals(map.get(key), text)) {
            map.put(key, text);
            store.commit();
            store.sync();
        }
    }

    private void remove(String table, String key) {
        MVMap<String, String> map = store.openMap(table);
        if (map.containsKey(key)) {
            map.remove(key);
            store.commit();
            store.sync();
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
