package io.weft.topology;

/**
 * What a client asks for when creating a network. Optional parts are {@code null} and get defaults: the gateway is
 * the first usable address, the VNI the lowest free one from {@value Network#FIRST_AUTOMATIC_VNI}, the MTU
 * {@value Network#DEFAULT_MTU}. Text fields are validated by {@link Topology#createNetwork}, not here, so a REST
 * layer can pass client input straight through and get precise errors back.
 */
public record NetworkRequest(String name, String subnet, String gateway, Integer vni, Integer mtu) {

    public static NetworkRequest of(String name, String subnet) {
        return new NetworkRequest(name, subnet, null, null, null);
    }

    public NetworkRequest withGateway(String newGateway) {
        return new NetworkRequest(name, subnet, newGateway, vni, mtu);
    }

    public NetworkRequest withVni(Integer newVni) {
        return new NetworkRequest(name, subnet, gateway, newVni, mtu);
    }

    public NetworkRequest withMtu(Integer newMtu) {
        return new NetworkRequest(name, subnet, gateway, vni, newMtu);
    }
}
