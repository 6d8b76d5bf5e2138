package io.weft.apps.overlay.trace;

import io.weft.controller.flow.Field;
import io.weft.controller.flow.Match;
import io.weft.topology.Endpoint;
import io.weft.topology.Ipv4;
import io.weft.topology.MacAddress;
import io.weft.topology.Network;
import io.weft.topology.OvsBinding;
import io.weft.topology.TopologySnapshot;
import java.util.NoSuchElementException;

/** The packet a trace starts with, as the sending container would put it on its port, and the host it starts on. */
record TracedPacket(String host, PacketFields fields) {
    private static final long BROADCAST = 0xffff_ffff_ffffL;

    static TracedPacket build(TopologySnapshot topology, TraceRequest request) {
        Network network = topology.networks().get(request.network());
        if (network == null) {
            throw new NoSuchElementException("no network named '" + request.network() + "'");
        }
        Endpoint from = topology.endpoints().values().stream()
                .filter(e -> e.network().equals(network.name()))
                .filter(e -> e.name().equals(request.from()) || e.id().equals(request.from())).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no endpoint '" + request.from() + "' in network '"
                        + network.name() + "'"));
        OvsBinding port = from.binding().orElseThrow(() -> new IllegalArgumentException("endpoint '" + from.name()
                + "' has no port on a switch yet (status " + from.status().label() + "): there is nothing to send from"));
        PacketFields p = PacketFields.empty(request.ttl());
        long srcMac = request.srcMac().orElse(from.mac());
        int srcIp = request.srcIp().orElse(from.ip());
        p.set(Field.IN_PORT, port.ofport()).set(Field.ETH_SRC, srcMac);
        if (request.proto().equals("arp")) {
            p.set(Field.ETH_TYPE, Match.ETH_TYPE_ARP).set(Field.ETH_DST, request.dstMac().orElse(BROADCAST))
                    .set(Field.ARP_OP, 1).set(Field.ARP_SPA, srcIp & 0xffffffffL)
                    .set(Field.ARP_TPA, request.to() & 0xffffffffL).set(Field.ARP_SHA, srcMac).set(Field.ARP_THA, 0);
        } else {
            p.set(Field.ETH_TYPE, Match.ETH_TYPE_IPV4)
                    .set(Field.ETH_DST, request.dstMac().orElseGet(() -> nextHopMac(topology, network, request.to())))
                    .set(Field.IPV4_SRC, srcIp & 0xffffffffL).set(Field.IPV4_DST, request.to() & 0xffffffffL)
                    .set(Field.IP_PROTO, switch (request.proto()) {
                        case "tcp" -> 6;
                        case "udp" -> 17;
                        default -> 1;
                    });
            request.dport().ifPresent(dport -> p.set(Field.UDP_DST, dport));
        }
        return new TracedPacket(port.host(), p);
    }

    /**
     * The MAC a container sends to for {@code to}, as its ARP would have resolved it: the endpoint's with that address
     * in its own network, or its gateway's for an address outside the subnet (its default route).
     */
    private static long nextHopMac(TopologySnapshot topology, Network network, int to) {
        if (to == network.gateway() || !network.subnet().contains(to)) {
            return MacAddress.fromIpv4(network.gateway());
        }
        return topology.endpoints().values().stream()
                .filter(e -> e.network().equals(network.name()) && e.ip() == to).map(Endpoint::mac).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no endpoint of network '" + network.name()
                        + "' has address " + Ipv4.format(to) + ": the container's ARP request gets no answer (trace"
                        + " it with proto arp, or give the destination MAC)"));
    }
}
