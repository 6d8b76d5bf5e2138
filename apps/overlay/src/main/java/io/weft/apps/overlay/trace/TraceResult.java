package io.weft.apps.overlay.trace;

import java.util.List;

/**
 * What the desired flows do with a packet: each host it passes through (a hop), each flow it matched there, and the
 * verdicts (one per copy that left the pipeline: a flood has several).
 *
 * @param packet the packet as the container sends it, in ovs-ofctl flow syntax
 */
public record TraceResult(String packet, List<Hop> hops, List<Verdict> verdicts) {

    /**
     * One host's pipeline.
     *
     * @param packet        the packet as it enters this host's br-int
     * @param ofprotoTrace  the command that asks the host's own OVS the same question
     * @param outputs       where the pipeline sent copies: {@code port:N}, {@code tunnel:IP:VNI}, {@code controller},
     *                      in order; empty if it dropped the packet
     */
    public record Hop(String host, long inPort, String packet, String ofprotoTrace, List<Step> steps,
                      List<String> outputs) {
    }

    /**
     * A flow the packet matched, or a table it found no flow in ({@code priority} -1, no cookie).
     *
     * @param confirmed whether the host's switch has confirmed the flow (barrier or bundle commit)
     */
    public record Step(int table, String tableName, int priority, String match, String actions, String cookie,
                       boolean confirmed) {
    }

    /**
     * Where a copy of the packet ended.
     *
     * @param kind     {@code delivered} (out of a local port), {@code controller}, or {@code dropped}
     * @param port     the OpenFlow port it was delivered on, if delivered
     * @param endpoint the endpoint on that port, if one is bound there
     * @param detail   in words: which flow dropped it and why, or where it went
     */
    public record Verdict(String kind, String host, Long port, String endpoint, String detail) {
    }
}
