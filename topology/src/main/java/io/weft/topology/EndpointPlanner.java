package io.weft.topology;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Turns an {@link EndpointRequest} into a valid {@link Endpoint} for one network: checks the name and host, and
 * picks or checks the IP and MAC. Changes nothing; the caller commits the result.
 */
final class EndpointPlanner {
    private static final long ZERO_MAC = 0L;

    private EndpointPlanner() {
    }

    static Endpoint plan(String id, EndpointRequest request, NetworkState network, TopologyState state) {
        if (request == null) {
            throw TopologyException.invalid("an endpoint request is required");
        }
        String networkName = network.network().name();
        String name = Names.requireValid("endpoint name", request.name());
        if (network.endpointNamed(name).isPresent()) {
            throw TopologyException.conflict("endpoint '" + name + "' already exists in network '" + networkName + "'");
        }
        String host = request.host();
        if (host == null || host.isEmpty()) {
            throw TopologyException.invalid("host is required");
        }
        if (state.host(host).isEmpty()) {
            throw TopologyException.invalid("unknown host '" + host + "'");
        }
        Optional<Long> givenMac = givenMac(request.mac(), network);
        int ip = request.ip() == null ? lowestFreeIp(network, givenMac.isPresent()) : givenIp(request.ip(), network);
        long mac = givenMac.orElseGet(() -> derivedMac(ip, network));
        return new Endpoint(id, name, networkName, host, ip, mac, EndpointStatus.PENDING, Optional.empty(),
                java.util.List.of(), request.lifetime());
    }

    private static Optional<Long> givenMac(String text, NetworkState network) {
        if (text == null) {
            return Optional.empty();
        }
        long mac;
        try {
            mac = MacAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw TopologyException.invalid("invalid mac: " + e.getMessage());
        }
        if (mac == ZERO_MAC) {
            throw TopologyException.invalid("invalid mac '" + text + "': the all-zero address is not allowed");
        }
        if (MacAddress.isMulticast(mac)) {
            throw TopologyException.invalid("invalid mac '" + text + "': must be a unicast address");
        }
        network.macOwner(mac).ifPresent(owner -> {
            throw TopologyException.conflict("mac " + MacAddress.format(mac) + " is already used by endpoint '"
                    + owner + "' in network '" + network.network().name() + "'");
        });
        return Optional.of(mac);
    }

    private static int givenIp(String text, NetworkState network) {
        int ip;
        try {
            ip = Ipv4.parse(text);
        } catch (IllegalArgumentException e) {
            throw TopologyException.invalid("invalid ip: " + e.getMessage());
        }
        Network net = network.network();
        String where = " of network '" + net.name() + "'";
        if (!net.subnet().contains(ip)) {
            throw TopologyException.invalid("ip " + text + " is outside subnet " + net.subnet() + where);
        }
        if (ip == net.subnet().networkAddress()) {
            throw TopologyException.invalid("ip " + text + " is the network address" + where);
        }
        if (ip == net.subnet().broadcastAddress()) {
            throw TopologyException.invalid("ip " + text + " is the broadcast address" + where);
        }
        if (ip == net.gateway()) {
            throw TopologyException.invalid("ip " + text + " is the gateway" + where);
        }
        network.ipOwner(ip).ifPresent(owner -> {
            throw TopologyException.conflict("ip " + text + " is already used by endpoint '" + owner + "'" + where);
        });
        return ip;
    }

    /**
     * The lowest free address. When the MAC will be derived from it, addresses whose derived MAC another endpoint
     * already holds (given explicitly) are skipped, so an automatic request never fails on a MAC clash.
     */
    private static int lowestFreeIp(NetworkState network, boolean macGiven) {
        OptionalInt ip = network.addresses()
                .lowestFree(candidate -> macGiven || network.macOwner(MacAddress.fromIpv4(candidate)).isEmpty());
        if (ip.isEmpty()) {
            Network net = network.network();
            throw TopologyException.conflict("network '" + net.name() + "' has no free address left in "
                    + net.subnet());
        }
        return ip.getAsInt();
    }

    private static long derivedMac(int ip, NetworkState network) {
        long mac = MacAddress.fromIpv4(ip);
        network.macOwner(mac).ifPresent(owner -> {
            throw TopologyException.conflict("mac " + MacAddress.format(mac) + " derived from ip " + Ipv4.format(ip)
                    + " is already used by endpoint '" + owner + "' in network '" + network.network().name()
                    + "'; give a mac explicitly");
        });
        return mac;
    }
}
