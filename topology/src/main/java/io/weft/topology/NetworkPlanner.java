package io.weft.topology;

import java.util.OptionalInt;

/** Turns a {@link NetworkRequest} into a valid {@link Network} against the current state, without changing it. */
final class NetworkPlanner {
    private NetworkPlanner() {
    }

    static Network plan(NetworkRequest request, TopologyState state) {
        if (request == null) {
            throw TopologyException.invalid("a network request is required");
        }
        String name = Names.requireValid("network name", request.name());
        if (state.network(name).isPresent()) {
            throw TopologyException.conflict("network '" + name + "' already exists");
        }
        Cidr subnet = subnet(request.subnet());
        int gateway = gateway(request.gateway(), subnet);
        int vni = vni(request.vni(), state);
        int mtu = mtu(request.mtu());
        return new Network(name, subnet, gateway, vni, mtu, java.util.Optional.empty());
    }

    private static Cidr subnet(String text) {
        if (text == null || text.isEmpty()) {
            throw TopologyException.invalid("subnet is required, e.g. 10.10.10.0/24");
        }
        Cidr subnet;
        try {
            subnet = Cidr.parse(text);
        } catch (IllegalArgumentException e) {
            throw TopologyException.invalid("invalid subnet: " + e.getMessage());
        }
        if (subnet.prefixLength() < Network.MIN_PREFIX_LENGTH || subnet.prefixLength() > Network.MAX_PREFIX_LENGTH) {
            throw TopologyException.invalid("invalid subnet '" + text + "': prefix length must be "
                    + Network.MIN_PREFIX_LENGTH + ".." + Network.MAX_PREFIX_LENGTH);
        }
        return subnet;
    }

    private static int gateway(String text, Cidr subnet) {
        if (text == null) {
            return subnet.networkAddress() + 1;
        }
        int gateway;
        try {
            gateway = Ipv4.parse(text);
        } catch (IllegalArgumentException e) {
            throw TopologyException.invalid("invalid gateway: " + e.getMessage());
        }
        if (!subnet.contains(gateway)) {
            throw TopologyException.invalid("invalid gateway '" + text + "': outside subnet " + subnet);
        }
        if (gateway == subnet.networkAddress() || gateway == subnet.broadcastAddress()) {
            throw TopologyException.invalid("invalid gateway '" + text + "': it is the "
                    + (gateway == subnet.networkAddress() ? "network" : "broadcast") + " address of " + subnet);
        }
        return gateway;
    }

    private static int vni(Integer requested, TopologyState state) {
        if (requested == null) {
            OptionalInt free = state.vnis().lowestFree();
            if (free.isEmpty()) {
                throw TopologyException.conflict("no free vni left from " + Network.FIRST_AUTOMATIC_VNI + " to "
                        + Network.MAX_VNI);
            }
            return free.getAsInt();
        }
        int vni = requested;
        if (vni < Network.MIN_VNI || vni > Network.MAX_VNI) {
            throw TopologyException.invalid("invalid vni " + vni + ": expected " + Network.MIN_VNI + ".."
                    + Network.MAX_VNI);
        }
        if (state.vnis().isUsed(vni)) {
            throw TopologyException.conflict("vni " + vni + " is already used by network '"
                    + state.networkUsingVni(vni).orElse("?") + "'");
        }
        return vni;
    }

    private static int mtu(Integer requested) {
        if (requested == null) {
            return Network.DEFAULT_MTU;
        }
        if (requested < Network.MIN_MTU || requested > Network.MAX_MTU) {
            throw TopologyException.invalid("invalid mtu " + requested + ": expected " + Network.MIN_MTU + ".."
                    + Network.MAX_MTU);
        }
        return requested;
    }
}
