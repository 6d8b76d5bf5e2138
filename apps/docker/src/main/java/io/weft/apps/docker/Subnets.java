package io.weft.apps.docker;

import io.weft.topology.Cidr;
import io.weft.topology.Ipv4;
import io.weft.topology.Network;

/** Subnet checks done before asking the controller, so Docker prints the reason for a bad {@code --subnet}. */
final class Subnets {
    private Subnets() {
    }

    /** The subnet in canonical form; a {@link PluginFailure} naming what is wrong otherwise. */
    static Cidr valid(String text) {
        Cidr subnet;
        try {
            subnet = Cidr.parse(text);
        } catch (IllegalArgumentException e) {
            throw new PluginFailure("invalid subnet: " + e.getMessage());
        }
        if (subnet.prefixLength() < Network.MIN_PREFIX_LENGTH || subnet.prefixLength() > Network.MAX_PREFIX_LENGTH) {
            throw new PluginFailure("invalid subnet '" + text + "': Weft networks need a prefix length between /"
                    + Network.MIN_PREFIX_LENGTH + " and /" + Network.MAX_PREFIX_LENGTH);
        }
        return subnet;
    }

    /** The address Weft gives a network's gateway when none is asked for: the first one in the subnet. */
    static String defaultGateway(Cidr subnet) {
        return Ipv4.format(subnet.networkAddress() + 1);
    }

    /** {@code 10.10.10.3/24} -> {@code 10.10.10.3}; an address without a length is returned as it is. */
    static String address(String withLength) {
        int slash = withLength.indexOf('/');
        return slash < 0 ? withLength : withLength.substring(0, slash);
    }
}
