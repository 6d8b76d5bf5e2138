package io.weft.apps.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.apps.cli.HostPlumbing;
import io.weft.topology.Cidr;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Docker's NetworkDriver: a Docker network is a Weft network, a Docker endpoint a Weft endpoint on this host, and
 * Join plugs a veth pair into br-int with the endpoint's iface-id; the controller does the rest. Join returns
 * once the controller reports the endpoint installed (bounded), so a container's first packet is not lost.
 */
final class WeftNetworkDriver {
    private static final Logger LOG = LoggerFactory.getLogger(WeftNetworkDriver.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Duration INSTALLED_POLL = Duration.ofMillis(50);
    /** Linux interface names have at most 15 characters: a 2-letter role and 12 characters of the endpoint ID. */
    private static final int ID_CHARS = 12;

    private final WeftApi api;
    private final PluginState state;
    private final NetworkNamer namer;
    private final HostPlumbing plumbing;
    private final String host;
    private final Duration networkWait;
    private final Duration installWait;
    private final JoinedContainers joined;

    WeftNetworkDriver(WeftApi api, PluginState state, NetworkNamer namer, HostPlumbing plumbing, String host,
                      Duration networkWait, Duration installWait, JoinedContainers joined) {
        this.joined = Objects.requireNonNull(joined, "joined");
        this.api = Objects.requireNonNull(api, "api");
        this.state = Objects.requireNonNull(state, "state");
        this.namer = Objects.requireNonNull(namer, "namer");
        this.plumbing = Objects.requireNonNull(plumbing, "plumbing");
        this.host = Objects.requireNonNull(host, "host");
        this.networkWait = Objects.requireNonNull(networkWait, "networkWait");
        this.installWait = Objects.requireNonNull(installWait, "installWait");
    }

    JsonNode capabilities() {
        // "local": every host keeps its own Docker network object (the plugin mirrors them); "global"
        // connectivity: containers on different hosts reach each other. Scope "global" needs a cluster store.
        return JSON.objectNode().put("Scope", "local").put("ConnectivityScope", "global");
    }

    JsonNode createNetwork(JsonNode request) {
        String dockerId = request.path("NetworkID").asText();
        if (request.path("IPv6Data").size() > 0) {
            throw new PluginFailure("Weft networks are IPv4 only: drop --ipv6");
        }
        JsonNode ipv4 = request.path("IPv4Data").path(0);
        Cidr subnet = Subnets.valid(ipv4.path("Pool").asText(""));
        String gateway = ipv4.path("Gateway").isTextual() ? Subnets.address(ipv4.get("Gateway").asText()) : null;
        JsonNode mirrorOf = request.path("Options").path(PluginNames.GENERIC_OPTIONS).path(PluginNames.NETWORK_OPTION);
        if (mirrorOf.isTextual()) {
            state.putNetwork(dockerId, new PluginState.NetworkBinding(mirrorOf.asText(), subnet.toString(), gateway,
                    true, null));
            return JSON.objectNode();
        }
        // A network the user created here. Fail now, in `docker network create`, if the controller is down; its
        // name comes from Docker once the network exists (CreateNetwork does not carry it).
        api.networks();
        state.putNetwork(dockerId, new PluginState.NetworkBinding(null, subnet.toString(), gateway, false, null));
        namer.nameLater(dockerId);
        return JSON.objectNode();
    }

    JsonNode deleteNetwork(JsonNode request) {
        String dockerId = request.path("NetworkID").asText();
        Optional<PluginState.NetworkBinding> binding = state.network(dockerId);
        if (binding.isPresent() && binding.get().resolved()) {
            // `docker network rm` on any host removes the network everywhere, as with Docker's overlay driver; the
            // other hosts' plugins then remove their copies. Docker removes its own copy here whatever a driver
            // answers, so a network still used on other hosts cannot be refused: it is marked instead, takes no
            // new containers anywhere, and goes with its last endpoint (docs/docker.md). Already gone is fine.
            String weftNetwork = binding.get().weftNetwork();
            api.deleteNetworkWhenEmpty(weftNetwork, "docker network rm on " + host);
            LOG.info("network {}: deletion asked for (docker network rm on this host)", weftNetwork);
        }
        state.removeNetwork(dockerId);
        return JSON.objectNode();
    }

    JsonNode createEndpoint(JsonNode request) {
        String dockerNetwork = request.path("NetworkID").asText();
        String dockerEndpoint = request.path("EndpointID").asText();
        PluginState.NetworkBinding network = resolved(dockerNetwork);
        JsonNode iface = request.path("Interface");
        String ip = Subnets.address(iface.path("Address").asText(""));
        String askedMac = iface.path("MacAddress").asText("").toLowerCase(Locale.ROOT);
        WeftApi.WeftEndpoint endpoint = endpointFor(network.weftNetwork(), dockerEndpoint, ip, askedMac);
        String hostSide = "wd" + shortId(dockerEndpoint);
        state.putEndpoint(dockerEndpoint, new PluginState.EndpointBinding(dockerNetwork, network.weftNetwork(),
                endpoint.name(), endpoint.id(), endpoint.ip(), endpoint.mac(), endpoint.gateway(), hostSide));
        ObjectNode reply = JSON.objectNode();
        if (askedMac.isEmpty()) {
            // Docker sets this MAC on the container's interface; it must be the one the flows expect.
            reply.putObject("Interface").put("MacAddress", endpoint.mac());
        }
        return reply;
    }

    /** The reservation Weft's IPAM made for this address, or a new endpoint (Docker's own IPAM chose the address). */
    private WeftApi.WeftEndpoint endpointFor(String network, String dockerEndpoint, String ip, String askedMac) {
        String mac = askedMac.isEmpty() ? null : askedMac;
        Optional<String> reserved = ip.isEmpty() ? Optional.empty() : state.reservation(network, ip);
        if (reserved.isPresent()) {
            Optional<WeftApi.WeftEndpoint> existing = api.endpoint(network, reserved.get());
            if (existing.isPresent() && (mac == null || mac.equals(existing.get().mac()))) {
                return existing.get();
            }
            // --mac-address with a Weft-allocated address: the endpoint is re-made with both.
            api.deleteEndpoint(network, reserved.get());
            return api.createEndpoint(network, reserved.get(), host, ip, mac);
        }
        return api.createEndpoint(network, "docker-" + shortId(dockerEndpoint), host, ip.isEmpty() ? null : ip, mac);
    }

    JsonNode join(JsonNode request) {
        String dockerEndpoint = request.path("EndpointID").asText();
        PluginState.EndpointBinding endpoint = state.endpoint(dockerEndpoint).orElseThrow(() -> new PluginFailure(
                "endpoint " + shortId(dockerEndpoint) + " is unknown to this host's weft plugin"));
        String containerSide = "wc" + shortId(dockerEndpoint);
        int mtu = api.network(endpoint.weftNetwork()).map(WeftApi.WeftNetwork::mtu)
                .orElseThrow(() -> new PluginFailure("network " + endpoint.weftNetwork()
                        + " no longer exists in Weft"));
        // A leftover of an earlier Join that Docker never cleaned up (a dockerd crash) would make `ip link add` fail.
        plumbing.deleteLinkIfPresent(endpoint.hostInterface());
        plumbing.deleteLinkIfPresent(containerSide);
        plumbing.createVethPair(endpoint.hostInterface(), containerSide, endpoint.mac(), mtu);
        plumbing.bringUp(endpoint.hostInterface());
        Map<String, String> externalIds = new LinkedHashMap<>();
        externalIds.put("iface-id", endpoint.weftId());
        externalIds.put("attached-mac", endpoint.mac());
        externalIds.put(HostPlumbing.NETWORK_KEY, endpoint.weftNetwork());
        externalIds.put(HostPlumbing.ENDPOINT_KEY, endpoint.weftEndpoint());
        externalIds.put(PluginNames.OVS_ENDPOINT_KEY, dockerEndpoint);
        plumbing.plugPort(endpoint.hostInterface(), externalIds);
        awaitInstalled(endpoint);
        List<String> routed = api.routedSubnets().getOrDefault(endpoint.weftNetwork(), List.of());
        joined.joined(endpoint.dockerNetwork(), dockerEndpoint, endpoint.weftNetwork(), endpoint.weftEndpoint(),
                endpoint.gateway(), routed);
        ObjectNode reply = JSON.objectNode();
        reply.putObject("InterfaceName").put("SrcName", containerSide).put("DstPrefix", "eth");
        // No Gateway, as Docker's overlay driver answers: Docker then gives the container a second interface on
        // docker_gwbridge with its default route and NAT (outside access, -p published ports), unless the network is
        // --internal. Weft's own destinations stay on eth0: its subnet is on-link (DNS at the gateway), and the
        // subnets of the networks on its router go through its Weft gateway.
        var routes = reply.putArray("StaticRoutes");
        for (String subnet : routed) {
            routes.addObject().put("Destination", subnet).put("RouteType", 0).put("NextHop", endpoint.gateway());
        }
        return reply;
    }

    private void awaitInstalled(PluginState.EndpointBinding endpoint) {
        long deadline = System.nanoTime() + installWait.toNanos();
        while (System.nanoTime() < deadline) {
            if (api.endpoint(endpoint.weftNetwork(), endpoint.weftEndpoint()).map(WeftApi.WeftEndpoint::installed)
                    .orElse(false)) {
                return;
            }
            try {
                Thread.sleep(INSTALLED_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        // The container still starts: its flows arrive when the controller gets to them.
        LOG.warn("endpoint {} of {} not installed after {} s; starting the container anyway",
                endpoint.weftEndpoint(), endpoint.weftNetwork(), installWait.toSeconds());
    }

    JsonNode leave(JsonNode request) {
        joined.left(request.path("EndpointID").asText());
        state.endpoint(request.path("EndpointID").asText()).ifPresent(this::unplug);
        return JSON.objectNode();
    }

    JsonNode deleteEndpoint(JsonNode request) {
        String dockerEndpoint = request.path("EndpointID").asText();
        Optional<PluginState.EndpointBinding> endpoint = state.endpoint(dockerEndpoint);
        if (endpoint.isPresent()) {
            unplug(endpoint.get());
            api.deleteEndpoint(endpoint.get().weftNetwork(), endpoint.get().weftEndpoint());
            state.removeEndpoint(dockerEndpoint);
        }
        return JSON.objectNode();
    }

    JsonNode endpointOperInfo(JsonNode request) {
        ObjectNode reply = JSON.objectNode();
        ObjectNode value = reply.putObject("Value");
        state.endpoint(request.path("EndpointID").asText()).ifPresent(e -> value.put("weft.endpoint", e.weftEndpoint())
                .put("weft.network", e.weftNetwork()).put("weft.port", e.hostInterface()));
        return reply;
    }

    private void unplug(PluginState.EndpointBinding endpoint) {
        plumbing.unplug(endpoint.hostInterface());
        plumbing.deleteLinkIfPresent(endpoint.hostInterface());
    }

    private PluginState.NetworkBinding resolved(String dockerNetwork) {
        PluginState.NetworkBinding binding = state.awaitResolved(dockerNetwork, networkWait)
                .orElseThrow(() -> new PluginFailure(state.network(dockerNetwork).isPresent()
                        ? "the network is not registered with the Weft controller yet; is the controller reachable?"
                        : "network " + shortId(dockerNetwork) + " is unknown to this host's weft plugin"));
        if (binding.failure() != null) {
            throw new PluginFailure(binding.failure());
        }
        return binding;
    }

    private static String shortId(String dockerId) {
        return dockerId.length() <= ID_CHARS ? dockerId : dockerId.substring(0, ID_CHARS);
    }
}
