package io.weft.apps.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.topology.Cidr;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * Docker's IpamDriver backed by the controller's address management, so that containers started without
 * {@code --ip} on different hosts never get the same address. An address Docker asks for is a Weft endpoint
 * created at once (the reservation); the driver's CreateEndpoint then takes it over. Docker holds pools per host:
 * a pool ID is the subnet, or {@code weft:NAME} for the networks the plugin mirrors from the controller.
 */
final class WeftIpamDriver {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String MIRROR_POOL_PREFIX = "weft:";
    private static final String RESERVATION_PREFIX = "docker-";

    private final WeftApi api;
    private final PluginState state;
    private final String host;
    private final Duration networkWait;
    private final SecureRandom random = new SecureRandom();

    WeftIpamDriver(WeftApi api, PluginState state, String host, Duration networkWait) {
        this.api = Objects.requireNonNull(api, "api");
        this.state = Objects.requireNonNull(state, "state");
        this.host = Objects.requireNonNull(host, "host");
        this.networkWait = Objects.requireNonNull(networkWait, "networkWait");
    }

    JsonNode capabilities() {
        return JSON.objectNode().put("RequiresMACAddress", false).put("RequiresRequestReplay", false);
    }

    JsonNode defaultAddressSpaces() {
        return JSON.objectNode().put("LocalDefaultAddressSpace", PluginNames.DRIVER)
                .put("GlobalDefaultAddressSpace", PluginNames.DRIVER);
    }

    JsonNode requestPool(JsonNode request) {
        if (request.path("V6").asBoolean(false)) {
            throw new PluginFailure("Weft networks are IPv4 only: drop --ipv6");
        }
        String pool = request.path("Pool").asText("");
        if (pool.isEmpty()) {
            throw new PluginFailure("Weft needs a subnet: docker network create -d weft --ipam-driver weft "
                    + "--subnet 10.10.10.0/24 NAME");
        }
        if (!request.path("SubPool").asText("").isEmpty()) {
            throw new PluginFailure("--ip-range is not supported by Weft: the whole subnet is one pool");
        }
        Cidr subnet = Subnets.valid(pool);
        JsonNode mirrorOf = request.path("Options").path(PluginNames.NETWORK_OPTION);
        String weftNetwork = mirrorOf.isTextual() ? mirrorOf.asText() : null;
        String poolId = weftNetwork != null ? MIRROR_POOL_PREFIX + weftNetwork : subnet.toString();
        if (!state.holdPool(poolId, new PluginState.Pool(subnet.toString(), weftNetwork))) {
            throw new PluginFailure("subnet " + subnet + " is already used by a weft network on this host");
        }
        return JSON.objectNode().put("PoolID", poolId).put("Pool", subnet.toString()).putNull("Data");
    }

    JsonNode releasePool(JsonNode request) {
        state.releasePool(request.path("PoolID").asText());
        return JSON.objectNode();
    }

    JsonNode requestAddress(JsonNode request) {
        PluginState.Pool pool = pool(request.path("PoolID").asText());
        Cidr subnet = Cidr.parse(pool.subnet());
        String asked = request.path("Address").asText("");
        if (PluginNames.GATEWAY_REQUEST.equals(request.path("Options").path("RequestAddressType").asText())) {
            // The gateway is answered by the overlay's ARP responder; it is never an endpoint.
            String gateway = asked.isEmpty() ? Subnets.defaultGateway(subnet) : asked;
            return address(gateway, subnet);
        }
        String network = weftNetworkOf(pool);
        byte[] suffix = new byte[6];
        random.nextBytes(suffix);
        String name = RESERVATION_PREFIX + HexFormat.of().formatHex(suffix);
        WeftApi.WeftEndpoint endpoint = api.createEndpoint(network, name, host, asked.isEmpty() ? null : asked, null);
        state.putReservation(network, endpoint.ip(), endpoint.name());
        return address(endpoint.ip(), subnet);
    }

    JsonNode releaseAddress(JsonNode request) {
        Optional<PluginState.Pool> pool = state.pool(request.path("PoolID").asText());
        String ip = Subnets.address(request.path("Address").asText(""));
        if (pool.isPresent()) {
            Optional<String> network = Optional.ofNullable(pool.get().weftNetwork())
                    .or(() -> userNetwork(pool.get(), Duration.ZERO));
            // Only a reservation that no endpoint took over is released here; an endpoint's own address goes with
            // DeleteEndpoint, which Docker calls first.
            network.ifPresent(n -> state.reservation(n, ip).ifPresent(reserved -> {
                api.deleteEndpoint(n, reserved);
                state.removeReservation(n, ip);
            }));
        }
        return JSON.objectNode();
    }

    private PluginState.Pool pool(String poolId) {
        return state.pool(poolId).orElseThrow(() -> new PluginFailure("unknown address pool '" + poolId
                + "': it was not requested from this host's weft plugin"));
    }

    private String weftNetworkOf(PluginState.Pool pool) {
        if (pool.weftNetwork() != null) {
            return pool.weftNetwork();
        }
        return userNetwork(pool, networkWait).orElseThrow(() -> new PluginFailure("the network with subnet "
                + pool.subnet() + " is not registered with the Weft controller yet; is the controller reachable?"));
    }

    /** The Weft network of a user-created Docker network with this pool's subnet, once the plugin knows it. */
    private Optional<String> userNetwork(PluginState.Pool pool, Duration wait) {
        Optional<PluginState.NetworkBinding> binding = state.awaitNetwork(
                b -> !b.mirror() && pool.subnet().equals(b.subnet()), wait);
        binding.filter(b -> b.failure() != null).ifPresent(b -> {
            throw new PluginFailure(b.failure());
        });
        return binding.map(PluginState.NetworkBinding::weftNetwork);
    }

    private static ObjectNode address(String ip, Cidr subnet) {
        return JSON.objectNode().put("Address", ip + "/" + subnet.prefixLength()).putNull("Data");
    }
}
