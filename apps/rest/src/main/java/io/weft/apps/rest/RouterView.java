package io.weft.apps.rest;

import io.weft.topology.Router;
import java.util.List;

/** The JSON form of a router: its id (carried in the flows) and its networks, sorted. */
record RouterView(String name, int id, List<String> networks) {

    static RouterView of(Router router) {
        return new RouterView(router.name(), router.id(), router.networks());
    }
}
