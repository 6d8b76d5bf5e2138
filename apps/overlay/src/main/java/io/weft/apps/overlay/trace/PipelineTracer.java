package io.weft.apps.overlay.trace;

import io.weft.apps.overlay.HostFlows;
import io.weft.apps.overlay.OverlayTable;
import io.weft.controller.flow.Action;
import io.weft.controller.flow.Field;
import io.weft.controller.flow.FlowSpec;
import io.weft.controller.flow.GroupSpec;
import io.weft.controller.flow.Instructions;
import io.weft.controller.flow.OfctlFormat;
import io.weft.controller.flow.PortNumber;
import io.weft.controller.flow.TableId;
import io.weft.topology.Endpoint;
import io.weft.topology.Host;
import io.weft.topology.Ipv4;
import io.weft.topology.TopologySnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * Walks a packet through the flows Weft wants on each host, as OVS runs an OpenFlow 1.3 pipeline: in each table the
 * highest-priority flow that matches; its apply-actions in order (outputs see the packet as modified so far, a group
 * runs each bucket on a copy, output to the packet's own in_port is skipped, dec_ttl at TTL 1 drops), then
 * write-metadata, then goto-table; a table with no matching flow drops. Output to the tunnel port continues on the
 * host whose tunnel address the packet was given, as that host's br-int receives it. Read-only and pure: the flows
 * and what the switches confirmed are given.
 */
public final class PipelineTracer {
    /** A flood reaches every host of a network once; this bounds a trace even if flows were to loop. */
    private static final int MAX_HOPS = 64;
    private static final int MAX_STEPS_PER_HOP = 64;
    private static final long TUNNEL_PORT = io.weft.apps.provisioning.HostJoinContract.TUNNEL_OFPORT;

    private final TopologySnapshot topology;
    private final Function<String, HostFlows> flowsOf;
    private final BiPredicate<String, Long> confirmed;
    private final Map<String, Map<TableId, List<FlowSpec>>> tablesByHost = new HashMap<>();

    /**
     * @param flowsOf   the flows and groups Weft wants on a host
     * @param confirmed whether a host's switch has confirmed the flow with this cookie
     */
    public PipelineTracer(TopologySnapshot topology, Function<String, HostFlows> flowsOf,
                          BiPredicate<String, Long> confirmed) {
        this.topology = topology;
        this.flowsOf = flowsOf;
        this.confirmed = confirmed;
    }

    /**
     * @throws java.util.NoSuchElementException for an unknown network or endpoint
     * @throws IllegalArgumentException         for an endpoint whose port OVS has not reported (nothing to trace from)
     */
    public TraceResult trace(TraceRequest request) {
        TracedPacket start = TracedPacket.build(topology, request);
        Run run = new Run();
        run.enqueue(start.host(), start.fields());
        while (!run.pending.isEmpty() && run.hops.size() < MAX_HOPS) {
            Run.Arrival next = run.pending.remove(0);
            run.walk(next.host(), next.fields());
        }
        return new TraceResult(start.fields().ofctl(), List.copyOf(run.hops), List.copyOf(run.verdicts));
    }

    private Map<TableId, List<FlowSpec>> tablesOf(String host) {
        return tablesByHost.computeIfAbsent(host, h -> {
            Map<TableId, List<FlowSpec>> tables = new HashMap<>();
            for (FlowSpec f : flowsOf.apply(h).flows().values()) {
                tables.computeIfAbsent(f.table(), t -> new ArrayList<>()).add(f);
            }
            tables.values().forEach(l -> l.sort(Comparator.comparingInt((FlowSpec f) -> f.priority().value())
                    .reversed()));
            return tables;
        });
    }

    private static String tableName(TableId table) {
        return OverlayTable.nameOf(table);
    }

    /** One trace's state: the hops walked, the arrivals still to walk, the verdicts. */
    private final class Run {
        record Arrival(String host, PacketFields fields) {
        }

        final List<TraceResult.Hop> hops = new ArrayList<>();
        final List<Arrival> pending = new ArrayList<>();
        final List<TraceResult.Verdict> verdicts = new ArrayList<>();
        private String host;
        private List<TraceResult.Step> steps;
        private List<String> outputs;

        void enqueue(String toHost, PacketFields fields) {
            pending.add(new Arrival(toHost, fields));
        }

        void walk(String onHost, PacketFields fields) {
            host = onHost;
            steps = new ArrayList<>();
            outputs = new ArrayList<>();
            long inPort = fields.get(Field.IN_PORT);
            String entering = fields.ofctl();
            lookup(TableId.of(0), fields);
            hops.add(new TraceResult.Hop(onHost, inPort, entering,
                    "ovs-appctl ofproto/trace br-int '" + entering + "'", List.copyOf(steps), List.copyOf(outputs)));
        }

        /** Runs table {@code table} on the packet; a drop there ends this copy of it. */
        private void lookup(TableId table, PacketFields p) {
            if (steps.size() >= MAX_STEPS_PER_HOP) {
                drop("the trace stopped after " + MAX_STEPS_PER_HOP + " lookups (a loop?)");
                return;
            }
            Optional<FlowSpec> hit = tablesOf(host).getOrDefault(table, List.of()).stream()
                    .filter(f -> p.matches(f.match())).findFirst();
            if (hit.isEmpty()) {
                steps.add(new TraceResult.Step(table.value(), tableName(table), -1, "", "drop (table miss)", null,
                        true));
                drop("no flow in table " + table.value() + " " + tableName(table) + " matches (table miss)");
                return;
            }
            FlowSpec flow = hit.get();
            Instructions ins = flow.instructions();
            steps.add(new TraceResult.Step(table.value(), tableName(table), flow.priority().value(),
                    OfctlFormat.match(flow.match()), OfctlFormat.instructions(ins),
                    "0x" + Long.toHexString(flow.cookie().value()), confirmed.test(host, flow.cookie().value())));
            if (ins.isDrop()) {
                drop("dropped by table " + table.value() + " " + tableName(table) + ", priority "
                        + flow.priority().value() + (flow.match().isEmpty() ? "" : " (" + OfctlFormat.match(flow.match())
                        + ")"));
                return;
            }
            if (!apply(ins.applyActions(), p, table)) {
                return;
            }
            if (ins.writesMetadata()) {
                p.set(Field.METADATA, (p.get(Field.METADATA) & ~ins.metadataMask())
                        | (ins.metadataValue() & ins.metadataMask()));
            }
            if (ins.gotoTable() != null) {
                lookup(ins.gotoTable(), p);
            }
        }

        /** Applies actions in order; false if one of them ended the packet (dec_ttl at TTL 1). */
        private boolean apply(List<Action> actions, PacketFields p, TableId table) {
            for (Action a : actions) {
                if (a instanceof Action.Output o) {
                    output(o.port(), p);
                } else if (a instanceof Action.Group g) {
                    group(g.groupId(), p, table);
                } else if (a instanceof Action.SetField s) {
                    p.set(s.field(), s.value());
                } else if (a instanceof Action.Move m) {
                    long mask = m.bits() == 64 ? -1L : (1L << m.bits()) - 1;
                    long bits = (p.get(m.src()) >>> m.srcOffset()) & mask;
                    p.set(m.dst(), (p.get(m.dst()) & ~(mask << m.dstOffset())) | (bits << m.dstOffset()));
                } else if (a instanceof Action.DecNwTtl) {
                    if (!p.decrementTtl()) {
                        // OVS stops the actions and offers the packet to the controller (an invalid-TTL packet-in),
                        // which Weft ignores, as a router drops it.
                        outputs.add("controller");
                        drop("TTL " + p.ttl() + " expired at dec_ttl in table " + table.value() + " "
                                + tableName(table) + " (offered to the controller as an invalid-TTL packet-in, and"
                                + " dropped)");
                        return false;
                    }
                } else if (a instanceof Action.Resubmit r) {
                    lookup(r.table(), p);
                } else {
                    throw new IllegalStateException("the tracer does not know action " + a);
                }
            }
            return true;
        }

        private void group(int id, PacketFields p, TableId table) {
            GroupSpec group = flowsOf.apply(host).groups().get(id);
            if (group == null) {
                drop("group " + id + " is not among the desired groups of " + host);
                return;
            }
            for (List<Action> bucket : group.buckets()) {
                apply(bucket, p.copy(), table);
            }
        }

        private void output(PortNumber port, PacketFields p) {
            long in = p.get(Field.IN_PORT);
            if (port.equals(PortNumber.CONTROLLER)) {
                outputs.add("controller");
                verdicts.add(new TraceResult.Verdict("controller", host, null, null,
                        "sent to the controller as a packet-in"));
                return;
            }
            long number = port.equals(PortNumber.IN_PORT) ? in : port.value();
            if (number == in && !port.equals(PortNumber.IN_PORT)) {
                return; // OVS never sends a packet back where it came from unless told to (IN_PORT)
            }
            if (number == TUNNEL_PORT) {
                tunnel(p.copy());
                return;
            }
            outputs.add("port:" + number);
            Optional<Endpoint> on = endpointAt(host, number);
            verdicts.add(new TraceResult.Verdict("delivered", host, number, on.map(Endpoint::name).orElse(null),
                    "out of port " + number + on.map(e -> " (endpoint " + e.name() + " of " + e.network() + ")")
                            .orElse(" (no endpoint is bound there)") + " on host " + host));
        }

        private void tunnel(PacketFields p) {
            int dst = (int) p.get(Field.TUNNEL_IPV4_DST);
            long vni = p.get(Field.TUNNEL_ID);
            outputs.add("tunnel:" + Ipv4.format(dst) + ":" + vni);
            Optional<Host> remote = topology.hosts().values().stream()
                    .filter(h -> h.tunnelIp().isPresent() && h.tunnelIp().getAsInt() == dst).findFirst();
            if (remote.isEmpty()) {
                verdicts.add(new TraceResult.Verdict("dropped", host, null, null, "tunnelled to "
                        + Ipv4.format(dst) + ", which is no host's tunnel address"));
                return;
            }
            // What the remote br-int sees: the VXLAN port, the VNI, the sender's address; registers start at zero.
            PacketFields arriving = p.copy();
            arriving.set(Field.IN_PORT, TUNNEL_PORT);
            arriving.clear(Field.TUNNEL_IPV4_DST);
            arriving.set(Field.METADATA, 0);
            topology.hosts().get(host).tunnelIp().ifPresent(src -> arriving.set(Field.TUNNEL_IPV4_SRC, src));
            enqueue(remote.get().name(), arriving);
        }

        private void drop(String why) {
            verdicts.add(new TraceResult.Verdict("dropped", host, null, null, why + " on host " + host));
        }
    }

    private Optional<Endpoint> endpointAt(String host, long ofport) {
        return topology.endpoints().values().stream().filter(e -> e.binding()
                .map(b -> b.host().equals(host) && b.ofport() == ofport).orElse(false)).findFirst();
    }
}
