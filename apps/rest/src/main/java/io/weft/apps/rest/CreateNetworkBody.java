package io.weft.apps.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.topology.NetworkRequest;
import java.util.List;

/**
 * The body of {@code POST /api/v1/networks}. Only JSON types are checked here; the values themselves (name
 * syntax, CIDR, ranges) are checked by the topology, whose messages already name the field.
 */
record CreateNetworkBody(String name, String subnet, String gateway, Integer vni, Integer mtu) {
    private static final List<String> FIELDS = List.of("name", "subnet", "gateway", "vni", "mtu");

    static CreateNetworkBody from(ObjectNode json) {
        JsonFields fields = new JsonFields(json, FIELDS);
        return new CreateNetworkBody(fields.requiredString("name"), fields.requiredString("subnet"),
                fields.optionalString("gateway"), fields.optionalInt("vni"), fields.optionalInt("mtu"));
    }

    NetworkRequest toRequest() {
        return new NetworkRequest(name, subnet, gateway, vni, mtu);
    }
}
