package io.weft.apps.docker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.apps.cli.CliFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The libnetwork remote plugin protocol: {@code POST /Plugin.Activate}, {@code /NetworkDriver.*} and
 * {@code /IpamDriver.*} with JSON bodies. A failed call answers HTTP 200 with the reason in {@code Err} (network
 * driver) or {@code Error} (IPAM), which is what Docker shows the user.
 */
final class PluginProtocol implements UnixHttpServer.Handler {
    private static final Logger LOG = LoggerFactory.getLogger(PluginProtocol.class);

    private record Call(String errorField, Function<JsonNode, JsonNode> handler) {
    }

    private final ObjectMapper json;
    private final Map<String, Call> calls;

    PluginProtocol(ObjectMapper json, WeftNetworkDriver network, WeftIpamDriver ipam) {
        this.json = Objects.requireNonNull(json, "json");
        Function<JsonNode, JsonNode> empty = request -> json.createObjectNode();
        this.calls = Map.ofEntries(
                Map.entry("/Plugin.Activate", new Call("Err", request -> activation())),
                Map.entry("/NetworkDriver.GetCapabilities", new Call("Err", request -> network.capabilities())),
                Map.entry("/NetworkDriver.CreateNetwork", new Call("Err", network::createNetwork)),
                Map.entry("/NetworkDriver.DeleteNetwork", new Call("Err", network::deleteNetwork)),
                Map.entry("/NetworkDriver.CreateEndpoint", new Call("Err", network::createEndpoint)),
                Map.entry("/NetworkDriver.DeleteEndpoint", new Call("Err", network::deleteEndpoint)),
                Map.entry("/NetworkDriver.EndpointOperInfo", new Call("Err", network::endpointOperInfo)),
                Map.entry("/NetworkDriver.Join", new Call("Err", network::join)),
                Map.entry("/NetworkDriver.Leave", new Call("Err", network::leave)),
                // No external connectivity (port publishing) and no node discovery: the controller knows the hosts.
                Map.entry("/NetworkDriver.ProgramExternalConnectivity", new Call("Err", empty)),
                Map.entry("/NetworkDriver.RevokeExternalConnectivity", new Call("Err", empty)),
                Map.entry("/NetworkDriver.DiscoverNew", new Call("Err", empty)),
                Map.entry("/NetworkDriver.DiscoverDelete", new Call("Err", empty)),
                Map.entry("/IpamDriver.GetCapabilities", new Call("Error", request -> ipam.capabilities())),
                Map.entry("/IpamDriver.GetDefaultAddressSpaces", new Call("Error", request -> ipam.defaultAddressSpaces())),
                Map.entry("/IpamDriver.RequestPool", new Call("Error", ipam::requestPool)),
                Map.entry("/IpamDriver.ReleasePool", new Call("Error", ipam::releasePool)),
                Map.entry("/IpamDriver.RequestAddress", new Call("Error", ipam::requestAddress)),
                Map.entry("/IpamDriver.ReleaseAddress", new Call("Error", ipam::releaseAddress)));
    }

    private JsonNode activation() {
        ObjectNode reply = json.createObjectNode();
        reply.putArray("Implements").add("NetworkDriver").add("IpamDriver");
        return reply;
    }

    @Override
    public UnixHttpServer.Response handle(String method, String path, byte[] body) {
        Call call = calls.get(path);
        if (call == null) {
            return UnixHttpServer.Response.text(404, "unknown plugin call " + path + "\n");
        }
        if (!method.equals("POST")) {
            return UnixHttpServer.Response.text(405, path + " takes POST\n");
        }
        JsonNode request;
        try {
            request = body.length == 0 ? json.createObjectNode() : json.readTree(body);
        } catch (IOException e) {
            return error(call, "malformed request body: " + e.getMessage());
        }
        if (request == null || !request.isObject()) {
            return error(call, "malformed request body: expected a JSON object");
        }
        if (!path.endsWith("GetCapabilities") && !path.endsWith("Activate") && !path.endsWith("OperInfo")
                && !path.endsWith("AddressSpaces")) {
            // One line per state-changing call: what an operator reads first when a container has no network.
            LOG.info("{} {}", path, request);
        }
        try {
            JsonNode reply = call.handler().apply(request);
            LOG.debug("{} -> {}", path, reply);
            return UnixHttpServer.Response.json(json.writeValueAsString(reply));
        } catch (PluginFailure | CliFailure e) {
            LOG.warn("{} failed: {}", path, e.getMessage());
            return error(call, e.getMessage());
        } catch (UncheckedIOException | JsonProcessingException e) {
            LOG.error("{} failed", path, e);
            return error(call, "weft plugin: " + e.getMessage());
        }
    }

    private UnixHttpServer.Response error(Call call, String message) {
        ObjectNode reply = json.createObjectNode().put(call.errorField(), "weft: " + message);
        try {
            return UnixHttpServer.Response.json(json.writeValueAsString(reply));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
