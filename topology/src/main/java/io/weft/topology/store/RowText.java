package io.weft.topology.store;

import io.weft.topology.Endpoint;
import io.weft.topology.Host;
import io.weft.topology.Network;
import io.weft.topology.Router;
import io.weft.topology.StoredState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The topology's rows as the text every store keeps: the journal's own encoding, for stores that live elsewhere (a
 * key-value store such as etcd). One table name and one key per row, as in the journal, so that a row means the same
 * wherever it is kept.
 */
public final class RowText {
    public static final String NETWORKS = StoreTables.NETWORKS;
    public static final String ENDPOINTS = StoreTables.ENDPOINTS;
    public static final String HOSTS = StoreTables.HOSTS;
    public static final String ROUTERS = StoreTables.ROUTERS;
    /** Every table, in the order a store loads them. */
    public static final List<String> TABLES = StoreTables.NAMES;

    private final RowCodec codec = new RowCodec();

    public String of(Network network) {
        return codec.write(NetworkRow.of(network));
    }

    public String of(Endpoint endpoint) {
        return codec.write(EndpointRow.of(endpoint));
    }

    public String of(Host host) {
        return codec.write(HostRow.of(host));
    }

    public String of(Router router) {
        return codec.write(RouterRow.of(router));
    }

    /**
     * The state these rows hold, by table then key (a table not given is empty). Throws IllegalStateException naming
     * the row if one is not a row of its table.
     */
    public StoredState state(Map<String, List<String>> rowsByTable) {
        List<Network> networks = new ArrayList<>();
        List<Endpoint> endpoints = new ArrayList<>();
        List<Host> hosts = new ArrayList<>();
        List<Router> routers = new ArrayList<>();
        rowsByTable.getOrDefault(NETWORKS, List.of()).forEach(t -> networks.add(codec.read(t, NetworkRow.class).toNetwork()));
        rowsByTable.getOrDefault(ENDPOINTS, List.of())
                .forEach(t -> endpoints.add(codec.read(t, EndpointRow.class).toEndpoint()));
        rowsByTable.getOrDefault(HOSTS, List.of()).forEach(t -> hosts.add(codec.read(t, HostRow.class).toHost()));
        rowsByTable.getOrDefault(ROUTERS, List.of()).forEach(t -> routers.add(codec.read(t, RouterRow.class).toRouter()));
        return new StoredState(networks, endpoints, hosts, routers);
    }
}
