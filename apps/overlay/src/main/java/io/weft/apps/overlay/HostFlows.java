package io.weft.apps.overlay;

import io.weft.controller.flow.FlowSpec;
import io.weft.controller.flow.GroupSpec;
import io.weft.controller.flow.OfctlFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Everything one host's br-int should hold: flows by cookie, groups by id. */
public record HostFlows(Map<Long, FlowSpec> flows, Map<Integer, GroupSpec> groups) {
    public static final HostFlows EMPTY = new HostFlows(Map.of(), Map.of());

    public HostFlows {
        flows = Map.copyOf(flows);
        groups = Map.copyOf(groups);
    }

    /**
     * Whether both hold the same flows and groups. Flows are compared by cookie: a cookie is a hash of the
     * flow's whole content, so this skips comparing thousands of flows field by field on every change.
     */
    public boolean sameAs(HostFlows other) {
        return flows.keySet().equals(other.flows.keySet()) && groups.equals(other.groups);
    }

    /** The base flows plus every fragment: a host's whole desired state. */
    public static HostFlows union(Map<Long, FlowSpec> base, java.util.Collection<HostFlows> fragments) {
        Map<Long, FlowSpec> flows = new java.util.HashMap<>(base);
        Map<Integer, GroupSpec> groups = new java.util.HashMap<>();
        for (HostFlows f : fragments) {
            flows.putAll(f.flows());
            groups.putAll(f.groups());
        }
        return new HostFlows(flows, groups);
    }

    /** ovs-ofctl syntax, one line each, sorted: for golden files, the REST API and the CLI. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        flows.values().stream().map(OfctlFormat::flow).sorted().forEach(l -> sb.append(l).append('\n'));
        new TreeMap<>(groups).values().forEach(g -> sb.append(OfctlFormat.group(g)).append('\n'));
        return sb.toString();
    }

    /** Flows without cookies (their hashes make golden files unreadable), sorted. */
    public Set<String> renderWithoutCookies() {
        return flows.values().stream().map(f -> OfctlFormat.flow(f).replaceFirst("^cookie=0x[0-9a-f]+, ", ""))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }
}
