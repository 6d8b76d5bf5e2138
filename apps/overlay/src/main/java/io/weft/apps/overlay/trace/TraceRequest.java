package io.weft.apps.overlay.trace;

import java.util.Objects;
import java.util.Optional;

/**
 * A packet to trace: from endpoint {@code from} (name or id) of {@code network} to IPv4 {@code to}. The source MAC and
 * IP default to the endpoint's; the destination MAC to the owner of {@code to} in the network, else the gateway's if
 * {@code to} is outside the subnet. Overrides trace what a spoofing or misaddressed container sends.
 *
 * @param proto {@code icmp}, {@code tcp}, {@code udp}, or {@code arp} (a request for {@code to})
 */
public record TraceRequest(String network, String from, int to, String proto, Optional<Integer> dport,
                           Optional<Long> srcMac, Optional<Integer> srcIp, Optional<Long> dstMac, int ttl) {
    public TraceRequest {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(proto, "proto");
    }
}
