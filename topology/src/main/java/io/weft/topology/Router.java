package io.weft.topology;

import java.util.List;
import java.util.Objects;

/**
 * Routes between the networks attached to it, distributed: every host that has an endpoint in one of them routes
 * that endpoint's traffic itself, at the network's gateway address. Networks on no common router stay isolated.
 *
 * @param id       a small number unique among routers, carried in the OpenFlow metadata (1 to {@link #MAX_ID})
 * @param networks the attached networks, sorted; their subnets never overlap
 */
public record Router(String name, int id, List<String> networks) {
    /** The pipeline keeps a router's id in 16 bits of the metadata. */
    public static final int MAX_ID = 0xFFFF;

    public Router {
        Objects.requireNonNull(name, "name");
        networks = networks.stream().sorted().distinct().toList();
        if (id < 1 || id > MAX_ID) {
            throw new IllegalArgumentException("router id " + id + " is outside 1.." + MAX_ID);
        }
    }

    public boolean routes(String network) {
        return networks.contains(network);
    }

    public Router withNetwork(String network) {
        List<String> more = new java.util.ArrayList<>(networks);
        more.add(network);
        return new Router(name, id, more);
    }

    public Router withoutNetwork(String network) {
        return new Router(name, id, networks.stream().filter(n -> !n.equals(network)).toList());
    }
}
