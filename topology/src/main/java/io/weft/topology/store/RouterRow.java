package io.weft.topology.store;

import io.weft.topology.Router;
import java.util.List;

/** How a router is written to the store. */
record RouterRow(String name, int id, List<String> networks) {

    static RouterRow of(Router router) {
        return new RouterRow(router.name(), router.id(), router.networks());
    }

    Router toRouter() {
        return new Router(name, id, networks == null ? List.of() : networks);
    }
}
