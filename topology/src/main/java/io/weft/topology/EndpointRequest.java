package io.weft.topology;

/**
 * What a client asks for when creating an endpoint. {@code ip} and {@code mac} are optional ({@code null}): the IP
 * defaults to the lowest free address, the MAC to the Docker-style one derived from the IP. Validated by
 * {@link Topology#createEndpoint}.
 */
public record EndpointRequest(String name, String host, String ip, String mac, EndpointLifetime lifetime) {

    public EndpointRequest {
        lifetime = lifetime == null ? EndpointLifetime.MANAGED : lifetime;
    }

    /** A managed endpoint. */
    public EndpointRequest(String name, String host, String ip, String mac) {
        this(name, host, ip, mac, EndpointLifetime.MANAGED);
    }

    public static EndpointRequest of(String name, String host) {
        return new EndpointRequest(name, host, null, null);
    }

    public EndpointRequest withIp(String newIp) {
        return new EndpointRequest(name, host, newIp, mac, lifetime);
    }

    public EndpointRequest withMac(String newMac) {
        return new EndpointRequest(name, host, ip, newMac, lifetime);
    }

    public EndpointRequest withLifetime(EndpointLifetime newLifetime) {
        return new EndpointRequest(name, host, ip, mac, newLifetime);
    }
}
