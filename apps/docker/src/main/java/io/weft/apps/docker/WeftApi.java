package io.weft.apps.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.apps.cli.ApiClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The controller's REST API as the plugin uses it. Failures are the CLI's: one line naming the API's problem
 * detail (address taken, subnet invalid) or why the controller cannot be reached; the plugin hands them to Docker.
 */
final class WeftApi {
    private static final String NETWORKS = "/api/v1/networks";

    /** A Weft network, as the API shows it; {@code deleting} once it waits for its last endpoint to go. */
    record WeftNetwork(String name, String subnet, String gateway, int mtu, boolean deleting) {
        static WeftNetwork of(JsonNode json) {
            return new WeftNetwork(json.path("name").asText(), json.path("subnet").asText(),
                    json.path("gateway").asText(), json.path("mtu").asInt(), json.path("deletion").isTextual());
        }
    }

    /** A Weft endpoint, as the API shows it. */
    record WeftEndpoint(String id, String name, String network, String ip, String mac, int prefixLength,
                        String gateway, int mtu, String status) {
        static WeftEndpoint of(JsonNode json) {
            return new WeftEndpoint(json.path("id").asText(), json.path("name").asText(),
                    json.path("network").asText(), json.path("ip").asText(), json.path("mac").asText(),
                    json.path("prefixLength").asInt(), json.path("gateway").asText(), json.path("mtu").asInt(),
                    json.path("status").asText());
        }

        boolean installed() {
            return "installed".equals(status);
        }
    }

    private final ApiClient api;

    WeftApi(ApiClient api) {
        this.api = Objects.requireNonNull(api, "api");
    }

    List<WeftNetwork> networks() {
        List<WeftNetwork> networks = new ArrayList<>();
        api.getJson(NETWORKS).forEach(json -> networks.add(WeftNetwork.of(json)));
        return networks;
    }

    /**
     * For every network on a router, the subnets of the other networks on that router: a container whose default
     * route is Docker's gateway bridge reaches them through its Weft gateway. Two requests, whatever the number of
     * networks; a network on no router is absent.
     */
    Map<String, List<String>> routedSubnets() {
        Map<String, String> subnets = new HashMap<>();
        networks().forEach(n -> subnets.put(n.name(), n.subnet()));
        Map<String, List<String>> routed = new HashMap<>();
        for (JsonNode router : api.getJson("/api/v1/routers")) {
            List<String> attached = new ArrayList<>();
            router.path("networks").forEach(n -> attached.add(n.asText()));
            for (String network : attached) {
                routed.put(network, attached.stream().filter(other -> !other.equals(network))
                        .map(subnets::get).filter(Objects::nonNull).toList());
            }
        }
        return routed;
    }

    Optional<WeftNetwork> network(String name) {
        return api.find(networkPath(name)).map(WeftNetwork::of);
    }

    WeftNetwork createNetwork(String name, String subnet, String gateway) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("name", name).put("subnet", subnet);
        if (gateway != null) {
            body.put("gateway", gateway);
        }
        return WeftNetwork.of(api.postJson(NETWORKS, body));
    }

    /**
     * Deletes the network, or, while other hosts still have endpoints on it, marks it to go with the last of them;
     * false if it was already gone.
     */
    boolean deleteNetworkWhenEmpty(String name, String requestedBy) {
        return api.deleteIfPresent(networkPath(name) + "?when=empty&requestedBy=" + ApiClient.segment(requestedBy));
    }

    /** Creates an endpoint on {@code host}; null {@code ip} or {@code mac} lets the controller choose. */
    WeftEndpoint createEndpoint(String network, String name, String host, String ip, String mac) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("name", name).put("host", host);
        if (ip != null) {
            body.put("ip", ip);
        }
        if (mac != null) {
            body.put("mac", mac);
        }
        return WeftEndpoint.of(api.postJson(networkPath(network) + "/endpoints", body));
    }

    Optional<WeftEndpoint> endpoint(String network, String name) {
        return api.find(endpointPath(network, name)).map(WeftEndpoint::of);
    }

    /** The names the network's DNS answers for the endpoint besides its own. */
    void setAliases(String network, String name, List<String> aliases) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        aliases.forEach(body.putArray("aliases")::add);
        api.putJson(endpointPath(network, name) + "/aliases", body);
    }

    boolean deleteEndpoint(String network, String name) {
        return api.deleteIfPresent(endpointPath(network, name));
    }

    private static String networkPath(String name) {
        return NETWORKS + "/" + ApiClient.segment(name);
    }

    private static String endpointPath(String network, String name) {
        return networkPath(network) + "/endpoints/" + ApiClient.segment(name);
    }
}
