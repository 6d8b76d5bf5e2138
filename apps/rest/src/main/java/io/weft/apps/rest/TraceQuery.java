package io.weft.apps.rest;

import java.util.Objects;
import java.util.Optional;

/**
 * A packet to trace, as {@code GET /api/v1/networks/{network}/trace} takes it: from endpoint {@code from} (a name or
 * id) of {@code network} to IPv4 {@code to}. The source MAC and IP default to the endpoint's, the destination MAC to
 * whoever owns {@code to} (or the gateway, outside the subnet); each can be overridden to trace spoofing or isolation.
 *
 * @param proto  {@code icmp}, {@code tcp}, {@code udp} or {@code arp} (an ARP request for {@code to})
 * @param dport  the TCP or UDP destination port, if {@code proto} is one of them
 * @param ttl    the IPv4 TTL the container sends with
 */
public record TraceQuery(String network, String from, int to, String proto, Optional<Integer> dport,
                         Optional<Long> srcMac, Optional<Integer> srcIp, Optional<Long> dstMac, int ttl) {
    public static final java.util.Set<String> PROTOCOLS = java.util.Set.of("icmp", "tcp", "udp", "arp");

    public TraceQuery {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(from, "from");
        if (!PROTOCOLS.contains(proto)) {
            throw new IllegalArgumentException("proto must be one of icmp, tcp, udp, arp; not '" + proto + "'");
        }
        if (dport.isPresent() && !proto.equals("tcp") && !proto.equals("udp")) {
            throw new IllegalArgumentException("dport needs proto tcp or udp");
        }
        if (dport.isPresent() && (dport.get() < 0 || dport.get() > 65535)) {
            throw new IllegalArgumentException("dport " + dport.get() + " is outside 0..65535");
        }
        if (ttl < 0 || ttl > 255) {
            throw new IllegalArgumentException("ttl " + ttl + " is outside 0..255");
        }
    }
}
