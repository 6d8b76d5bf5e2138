package io.weft.controller.flow;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable set of field matches. Prerequisites (ARP fields need {@code dl_type=0x0806}, IPv4
 * fields need {@code 0x0800}) are checked on build, because a switch would reject the flow anyway
 * and an error here names the field.
 */
public final class Match {
    public static final int ETH_TYPE_IPV4 = 0x0800;
    public static final int ETH_TYPE_ARP = 0x0806;
    public static final int IP_PROTO_UDP = 17;
    public static final Match ALL = new Match(new EnumMap<>(Field.class));

    private final Map<Field, FieldMatch> fields;
    private final int hash;

    private Match(EnumMap<Field, FieldMatch> fields) {
        this.fields = Collections.unmodifiableMap(fields);
        this.hash = fields.hashCode();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Fields in ovs-ofctl print order. */
    public Iterable<FieldMatch> fields() {
        return fields.values();
    }

    public Optional<FieldMatch> get(Field field) {
        return Optional.ofNullable(fields.get(field));
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    public int size() {
        return fields.size();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.fields.putAll(fields);
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Match m && m.hash == hash && m.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return OfctlFormat.match(this);
    }

    /** Accumulates field matches; a field given twice keeps the last value. */
    public static final class Builder {
        private final EnumMap<Field, FieldMatch> fields = new EnumMap<>(Field.class);

        public Builder exact(Field field, long value) {
            fields.put(field, new FieldMatch(field, value, field.fullMask()));
            return this;
        }

        public Builder masked(Field field, long value, long mask) {
            fields.put(field, new FieldMatch(field, value, mask));
            return this;
        }

        public Builder inPort(PortNumber port) {
            return exact(Field.IN_PORT, port.value());
        }

        public Builder inPort(long port) {
            return exact(Field.IN_PORT, port);
        }

        public Builder ethType(int type) {
            return exact(Field.ETH_TYPE, type);
        }

        public Builder ethSrc(long mac) {
            return exact(Field.ETH_SRC, mac);
        }

        public Builder ethDst(long mac) {
            return exact(Field.ETH_DST, mac);
        }

        public Builder ethDst(long mac, long mask) {
            return masked(Field.ETH_DST, mac & mask, mask);
        }

        public Builder metadata(long value) {
            return exact(Field.METADATA, value);
        }

        public Builder metadata(long value, long mask) {
            return masked(Field.METADATA, value & mask, mask);
        }

        public Builder tunnelId(long vni) {
            return exact(Field.TUNNEL_ID, vni);
        }

        public Builder arpOp(int op) {
            return ethType(ETH_TYPE_ARP).exact(Field.ARP_OP, op);
        }

        public Builder arpSpa(int ip) {
            return ethType(ETH_TYPE_ARP).exact(Field.ARP_SPA, ip & 0xffffffffL);
        }

        public Builder arpTpa(int ip) {
            return ethType(ETH_TYPE_ARP).exact(Field.ARP_TPA, ip & 0xffffffffL);
        }

        public Builder arpSha(long mac) {
            return ethType(ETH_TYPE_ARP).exact(Field.ARP_SHA, mac);
        }

        public Builder ipv4Src(int ip) {
            return ethType(ETH_TYPE_IPV4).exact(Field.IPV4_SRC, ip & 0xffffffffL);
        }

        public Builder ipv4Dst(int ip) {
            return ethType(ETH_TYPE_IPV4).exact(Field.IPV4_DST, ip & 0xffffffffL);
        }

        /** UDP to {@code port} (sets dl_type and nw_proto too). */
        public Builder udpDst(int port) {
            return ethType(ETH_TYPE_IPV4).exact(Field.IP_PROTO, IP_PROTO_UDP).exact(Field.UDP_DST, port);
        }

        public Match build() {
            checkPrerequisites();
            return fields.isEmpty() ? ALL : new Match(fields.clone());
        }

        private void checkPrerequisites() {
            FieldMatch type = fields.get(Field.ETH_TYPE);
            long ethType = type == null ? -1 : type.value();
            for (Field f : fields.keySet()) {
                switch (f) {
                    case ARP_OP, ARP_SPA, ARP_TPA, ARP_SHA, ARP_THA -> require(ethType == ETH_TYPE_ARP, f, "dl_type=0x0806");
                    case IPV4_SRC, IPV4_DST, IP_PROTO -> require(ethType == ETH_TYPE_IPV4, f, "dl_type=0x0800");
                    case UDP_DST -> require(ethType == ETH_TYPE_IPV4 && fields.get(Field.IP_PROTO) != null
                            && fields.get(Field.IP_PROTO).value() == IP_PROTO_UDP, f, "udp (dl_type=0x0800,nw_proto=17)");
                    default -> {
                    }
                }
            }
        }

        private static void require(boolean ok, Field f, String prerequisite) {
            if (!ok) {
                throw new IllegalArgumentException("matching " + f.ofctlName() + " requires " + prerequisite);
            }
        }
    }
}
