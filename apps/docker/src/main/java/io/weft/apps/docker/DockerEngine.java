package io.weft.apps.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The few calls of the local Docker Engine API the plugin makes: list, inspect, create and remove the networks
 * of the {@code weft} driver. Never called from inside a driver callback: dockerd may be waiting on the plugin.
 */
final class DockerEngine {
    /** A Docker network of the weft driver, as the Engine API lists it. */
    record DockerNetwork(String id, String name, Optional<String> weftNetwork, Optional<String> subnet) {
    }

    private final UnixHttpClient http;
    private final ObjectMapper json;

    DockerEngine(UnixHttpClient http, ObjectMapper json) {
        this.http = Objects.requireNonNull(http, "http");
        this.json = Objects.requireNonNull(json, "json");
    }

    List<DockerNetwork> weftNetworks() throws IOException {
        String filters = URLEncoder.encode("{\"driver\":{\"" + PluginNames.DRIVER + "\":true}}", StandardCharsets.UTF_8);
        UnixHttpClient.Reply reply = http.send("GET", "/networks?filters=" + filters, null);
        requireOk(reply, "list networks");
        List<DockerNetwork> networks = new ArrayList<>();
        for (JsonNode network : json.readTree(reply.body())) {
            // The filter matches driver names by substring; keep exactly ours.
            if (PluginNames.DRIVER.equals(network.path("Driver").asText())) {
                networks.add(of(network));
            }
        }
        return networks;
    }

    Optional<DockerNetwork> network(String id) throws IOException {
        UnixHttpClient.Reply reply = http.send("GET", "/networks/" + id, null);
        if (reply.status() == 404) {
            return Optional.empty();
        }
        requireOk(reply, "inspect network " + id);
        return Optional.of(of(json.readTree(reply.body())));
    }

    /**
     * Creates the local Docker network that stands for Weft network {@code name}; the option that marks it as a
     * mirror reaches the driver's CreateNetwork and the IPAM's RequestPool.
     */
    void createMirror(String name, String subnet, String gateway) throws IOException {
        ObjectNode body = json.createObjectNode();
        body.put("Name", name).put("CheckDuplicate", true).put("Driver", PluginNames.DRIVER);
        body.putObject("Options").put(PluginNames.NETWORK_OPTION, name);
        ObjectNode ipam = body.putObject("IPAM");
        ipam.put("Driver", PluginNames.DRIVER);
        ipam.putArray("Config").addObject().put("Subnet", subnet).put("Gateway", gateway);
        ipam.putObject("Options").put(PluginNames.NETWORK_OPTION, name);
        UnixHttpClient.Reply reply = http.send("POST", "/networks/create", json.writeValueAsString(body));
        requireOk(reply, "create network " + name);
    }

    /** A container attached to a network, as Docker's network inspection lists it. */
    record AttachedContainer(String id, String name) {
    }

    /** The container on {@code endpointId} of network {@code networkId}, once Docker lists it there. */
    Optional<AttachedContainer> containerOn(String networkId, String endpointId) throws IOException {
        UnixHttpClient.Reply reply = http.send("GET", "/networks/" + networkId, null);
        if (reply.status() == 404) {
            return Optional.empty();
        }
        requireOk(reply, "inspect network " + networkId);
        var containers = json.readTree(reply.body()).path("Containers").fields();
        while (containers.hasNext()) {
            var entry = containers.next();
            if (endpointId.equals(entry.getValue().path("EndpointID").asText())) {
                return Optional.of(new AttachedContainer(entry.getKey(), entry.getValue().path("Name").asText()));
            }
        }
        return Optional.empty();
    }

    /** The container's hostname ({@code --hostname}, or Docker's default, its short id). */
    Optional<String> hostnameOf(String containerId) throws IOException {
        UnixHttpClient.Reply reply = http.send("GET", "/containers/" + containerId + "/json", null);
        if (reply.status() == 404) {
            return Optional.empty();
        }
        requireOk(reply, "inspect container " + containerId);
        String hostname = json.readTree(reply.body()).path("Config").path("Hostname").asText("");
        return hostname.isEmpty() ? Optional.empty() : Optional.of(hostname);
    }

    /** The process of a running container (to enter its namespaces); empty if it is not running. */
    Optional<Integer> pidOf(String containerId) throws IOException {
        UnixHttpClient.Reply reply = http.send("GET", "/containers/" + containerId + "/json", null);
        if (reply.status() == 404) {
            return Optional.empty();
        }
        requireOk(reply, "inspect container " + containerId);
        int pid = json.readTree(reply.body()).path("State").path("Pid").asInt(0);
        return pid > 0 ? Optional.of(pid) : Optional.empty();
    }

    void removeNetwork(String id) throws IOException {
        UnixHttpClient.Reply reply = http.send("DELETE", "/networks/" + id, null);
        if (reply.status() != 404) {
            requireOk(reply, "remove network " + id);
        }
    }

    private static DockerNetwork of(JsonNode network) {
        JsonNode option = network.path("Options").path(PluginNames.NETWORK_OPTION);
        JsonNode config = network.path("IPAM").path("Config").path(0).path("Subnet");
        return new DockerNetwork(network.path("Id").asText(), network.path("Name").asText(),
                option.isTextual() ? Optional.of(option.asText()) : Optional.empty(),
                config.isTextual() ? Optional.of(config.asText()) : Optional.empty());
    }

    private void requireOk(UnixHttpClient.Reply reply, String what) throws IOException {
        if (!reply.ok()) {
            String message = reply.body().strip();
            try {
                JsonNode error = json.readTree(reply.body());
                if (error != null && error.path("message").isTextual()) {
                    message = error.get("message").asText();
                }
            } catch (IOException e) {
                // Not JSON: keep the raw text.
            }
            throw new IOException("docker " + what + ": HTTP " + reply.status() + ": " + message);
        }
    }
}
