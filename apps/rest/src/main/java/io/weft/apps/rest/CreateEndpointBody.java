package io.weft.apps.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.topology.EndpointLifetime;
import io.weft.topology.EndpointRequest;
import java.util.List;

/** The body of {@code POST /api/v1/networks/{name}/endpoints}; values are checked by the topology. */
record CreateEndpointBody(String name, String host, String ip, String mac, String lifetime) {
    private static final List<String> FIELDS = List.of("name", "host", "ip", "mac", "lifetime");

    static CreateEndpointBody from(ObjectNode json) {
        JsonFields fields = new JsonFields(json, FIELDS);
        return new CreateEndpointBody(fields.requiredString("name"), fields.requiredString("host"),
                fields.optionalString("ip"), fields.optionalString("mac"), fields.optionalString("lifetime"));
    }

    /** An unknown lifetime is refused by the topology (400, with the two values it takes). */
    EndpointRequest toRequest() {
        return new EndpointRequest(name, host, ip, mac,
                lifetime == null ? EndpointLifetime.MANAGED : EndpointLifetime.fromLabel(lifetime));
    }
}
