package io.weft.topology;

import java.util.Objects;
import java.util.Optional;

/**
 * An isolated L2 segment: its endpoints share {@link #subnet} and reach each other through VXLAN tunnels keyed by
 * {@link #vni}. Different networks may use overlapping subnets; the VNI keeps them apart.
 *
 * @param gateway  an address inside the subnet that endpoints use as default route; never given to an endpoint
 * @param deletion present once a deletion was asked for while endpoints remained (who asked, e.g. "docker network rm
 *                 on node2"): the network takes no new endpoints and goes when its last endpoint does
 */
public record Network(String name, Cidr subnet, int gateway, int vni, int mtu, Optional<String> deletion) {
    public static final int DEFAULT_MTU = 1450;
    public static final int MIN_MTU = 576;
    public static final int MAX_MTU = 9000;
    public static final int MIN_VNI = 1;
    /** VXLAN carries a 24-bit network identifier. */
    public static final int MAX_VNI = 0xFF_FFFF;
    /** Automatic VNIs start here, as Docker's overlay driver does, leaving the low ones for explicit use. */
    public static final int FIRST_AUTOMATIC_VNI = 256;
    /** Shorter prefixes would make per-network state huge; longer ones leave no room for endpoints. */
    public static final int MIN_PREFIX_LENGTH = 8;
    public static final int MAX_PREFIX_LENGTH = 30;

    public Network {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(subnet, "subnet");
        Objects.requireNonNull(deletion, "deletion");
    }

    public Network withDeletion(Optional<String> requestedBy) {
        return new Network(name, subnet, gateway, vni, mtu, requestedBy);
    }
}
