package io.weft.apps.overlay.trace;

import io.weft.controller.flow.Field;
import io.weft.controller.flow.FieldMatch;
import io.weft.controller.flow.Match;
import io.weft.topology.Ipv4;
import io.weft.topology.MacAddress;
import java.util.EnumMap;

/**
 * The header fields of one copy of a traced packet, as the pipeline sees them: a field the packet does not have
 * (ARP fields of an IPv4 packet) is absent and matches no flow that names it. Mutable: actions write it; a group
 * bucket or a tunnel works on a {@link #copy}.
 */
final class PacketFields {
    private final EnumMap<Field, Long> values;
    private int ttl;

    private PacketFields(EnumMap<Field, Long> values, int ttl) {
        this.values = values;
        this.ttl = ttl;
    }

    static PacketFields empty(int ttl) {
        return new PacketFields(new EnumMap<>(Field.class), ttl);
    }

    PacketFields copy() {
        return new PacketFields(values.clone(), ttl);
    }

    long get(Field f) {
        return values.getOrDefault(f, 0L);
    }

    boolean has(Field f) {
        return values.containsKey(f);
    }

    PacketFields set(Field f, long value) {
        values.put(f, value & f.fullMask());
        return this;
    }

    void clear(Field f) {
        values.remove(f);
    }

    int ttl() {
        return ttl;
    }

    /** IPv4's TTL less one; false (and unchanged) if it would reach zero, when a router drops the packet. */
    boolean decrementTtl() {
        if (ttl <= 1) {
            return false;
        }
        ttl--;
        return true;
    }

    /** Whether every field of {@code match} is present with the matched value under its mask. */
    boolean matches(Match match) {
        for (FieldMatch m : match.fields()) {
            if (m.field() == Field.TUNNEL_ID || m.field() == Field.METADATA) {
                // Always present: zero on a packet that did not come from a tunnel or that nothing wrote to.
                if ((get(m.field()) & m.mask()) != m.value()) {
                    return false;
                }
                continue;
            }
            if (!has(m.field()) || (get(m.field()) & m.mask()) != m.value()) {
                return false;
            }
        }
        return true;
    }

    /** The packet in ovs-ofctl flow syntax, as {@code ovs-appctl ofproto/trace} takes it. */
    String ofctl() {
        StringBuilder sb = new StringBuilder();
        sb.append("in_port=").append(get(Field.IN_PORT));
        if (get(Field.TUNNEL_ID) != 0 || has(Field.TUNNEL_IPV4_SRC)) {
            sb.append(",tun_id=0x").append(Long.toHexString(get(Field.TUNNEL_ID)));
        }
        if (has(Field.TUNNEL_IPV4_SRC)) {
            sb.append(",tun_src=").append(Ipv4.format((int) get(Field.TUNNEL_IPV4_SRC)));
        }
        if (has(Field.TUNNEL_IPV4_DST)) {
            sb.append(",tun_dst=").append(Ipv4.format((int) get(Field.TUNNEL_IPV4_DST)));
        }
        boolean arp = get(Field.ETH_TYPE) == Match.ETH_TYPE_ARP;
        sb.append(',').append(arp ? "arp" : protocolKeyword());
        sb.append(",dl_src=").append(MacAddress.format(get(Field.ETH_SRC)));
        sb.append(",dl_dst=").append(MacAddress.format(get(Field.ETH_DST)));
        if (arp) {
            sb.append(",arp_op=").append(get(Field.ARP_OP));
            sb.append(",arp_spa=").append(Ipv4.format((int) get(Field.ARP_SPA)));
            sb.append(",arp_tpa=").append(Ipv4.format((int) get(Field.ARP_TPA)));
            sb.append(",arp_sha=").append(MacAddress.format(get(Field.ARP_SHA)));
            sb.append(",arp_tha=").append(MacAddress.format(get(Field.ARP_THA)));
        } else {
            sb.append(",nw_src=").append(Ipv4.format((int) get(Field.IPV4_SRC)));
            sb.append(",nw_dst=").append(Ipv4.format((int) get(Field.IPV4_DST)));
            sb.append(",nw_ttl=").append(ttl);
            if (has(Field.UDP_DST)) {
                // ofproto/trace refuses tp_dst after udp ("prerequisites not met"); the protocol's own name works.
                sb.append(get(Field.IP_PROTO) == 6 ? ",tcp_dst=" : ",udp_dst=").append(get(Field.UDP_DST));
            }
        }
        return sb.toString();
    }

    private String protocolKeyword() {
        return switch ((int) get(Field.IP_PROTO)) {
            case 1 -> "icmp";
            case 6 -> "tcp";
            case 17 -> "udp";
            default -> "ip,nw_proto=" + get(Field.IP_PROTO);
        };
    }
}
