package io.weft.apps.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.controller.flow.OfctlFormat;
import io.weft.topology.ConnectionState;
import io.weft.topology.Endpoint;
import io.weft.topology.EndpointRequest;
import io.weft.topology.Host;
import io.weft.topology.Ipv4;
import io.weft.topology.NetworkRequest;
import io.weft.topology.Topology;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Each host's desired flows and groups for a few topologies, compared order-independently with golden
 * files in ovs-ofctl syntax (cookies left out: they are a hash of the rest of the line, checked by
 * {@link #cookiesAreStableContentHashes}). Regenerate after an intended change with
 * {@code mvn test -pl apps/overlay -Dtest=GoldenFlowsTest -Dweft.golden.update=true} and review the diff.
 */
class GoldenFlowsTest {
    private static final Path GOLDEN_SOURCE = Path.of("src/test/resources/golden");

    private static Topology hosts(String... names) {
        Topology t = Topology.inMemory();
        int n = 1;
        for (String name : names) {
            t.upsertHost(Host.named(name).withTunnelIp(OptionalInt.of(Ipv4.parse("198.18.0." + n)))
                    .withOvsdb(ConnectionState.CONNECTED)
                    .withDatapathId(Optional.of(String.format("%016x", n))));
            n++;
        }
        return t;
    }

    private static Endpoint endpoint(Topology t, String network, String name, String host, String ip, int ofport) {
        Endpoint e = t.createEndpoint(network, EndpointRequest.of(name, host).withIp(ip));
        return t.bindEndpoint(e.id(), host, ofport);
    }

    /** The seed's topology: net1 with contain1 on node1 and contain2 on node2. */
    private static Topology twoHostsOneNetworkTopology() {
        Topology t = hosts("node1", "node2");
        t.createNetwork(NetworkRequest.of("net1", "10.10.10.0/24"));
        endpoint(t, "net1", "contain1", "node1", "10.10.10.3", 1);
        endpoint(t, "net1", "contain2", "node2", "10.10.10.4", 1);
        return t;
    }

    @Test
    void twoHostsOneNetwork() throws IOException {
        Topology t = twoHostsOneNetworkTopology();
        check(t, "two-hosts-one-network", "node1", "node2");
    }

    @Test
    void threeHostsTwoNetworksWithOverlappingSubnets() throws IOException {
        Topology t = hosts("node1", "node2", "node3");
        t.createNetwork(NetworkRequest.of("red", "10.0.0.0/24"));
        t.createNetwork(NetworkRequest.of("blue", "10.0.0.0/24"));
        endpoint(t, "red", "r1", "node1", "10.0.0.2", 1);
        endpoint(t, "red", "r2", "node2", "10.0.0.3", 1);
        endpoint(t, "red", "r3", "node3", "10.0.0.4", 1);
        endpoint(t, "blue", "b1", "node1", "10.0.0.2", 2);
        endpoint(t, "blue", "b2", "node3", "10.0.0.3", 2);
        check(t, "three-hosts-two-networks", "node1", "node2", "node3");
    }

    /** Three hosts; net1 (10.10.10.0/24) and net2 (10.20.0.0/24) on router r1, net3 (10.30.0.0/24) on none. */
    private static Topology routedTopology() {
        Topology t = hosts("node1", "node2", "node3");
        t.createNetwork(NetworkRequest.of("net1", "10.10.10.0/24"));
        t.createNetwork(NetworkRequest.of("net2", "10.20.0.0/24"));
        t.createNetwork(NetworkRequest.of("net3", "10.30.0.0/24"));
        t.createRouter("r1");
        t.attachNetwork("r1", "net1");
        t.attachNetwork("r1", "net2");
        return t;
    }

    /**
     * net1 and net2 on router r1, net3 on none. node1 routes for net1 (a local endpoint in it), node3 for net2, node2
     * for both; each holds a route to every endpoint of both networks (expected-but-unplugged d2 has none on its own
     * host, a tunnelled one elsewhere), and no flow of any host routes to or from net3.
     */
    @Test
    void threeHostsTwoRoutedNetworksAndAnIsolatedOne() throws IOException {
        Topology t = routedTopology();
        endpoint(t, "net1", "c1", "node1", "10.10.10.3", 1);
        endpoint(t, "net1", "c2", "node2", "10.10.10.4", 1);
        endpoint(t, "net2", "d1", "node2", "10.20.0.5", 2);
        t.createEndpoint("net2", EndpointRequest.of("d2", "node3").withIp("10.20.0.6"));
        endpoint(t, "net3", "e1", "node1", "10.30.0.7", 3);
        check(t, "routed-networks", "node1", "node2", "node3");
        for (String host : List.of("node1", "node2", "node3")) {
            assertThat(DesiredFlows.of(t.snapshot(), host).renderWithoutCookies())
                    .filteredOn(line -> line.startsWith("table=40") && !line.contains("priority=0"))
                    .as("no route to or from net3 on %s", host).noneMatch(line -> line.contains("10.30.0"));
        }
    }

    /** Flows grow with what a host can reach: a host with no endpoint on a router holds none of its routes. */
    @Test
    void aHostWithNoEndpointOnARouterHoldsNoneOfItsFlows() {
        Topology t = routedTopology();
        endpoint(t, "net1", "c1", "node1", "10.10.10.3", 1);
        endpoint(t, "net2", "d1", "node2", "10.20.0.5", 1);
        endpoint(t, "net3", "e1", "node3", "10.30.0.7", 1);
        HostFlows before = DesiredFlows.of(t.snapshot(), "node3");
        for (int i = 0; i < 20; i++) {
            endpoint(t, i % 2 == 0 ? "net1" : "net2", "more" + i, i % 2 == 0 ? "node1" : "node2",
                    (i % 2 == 0 ? "10.10.10." : "10.20.0.") + (20 + i), 2 + i);
        }

        assertThat(DesiredFlows.of(t.snapshot(), "node3")).isEqualTo(before);
        assertThat(before.renderWithoutCookies()).filteredOn(l -> l.startsWith("table=40"))
                .containsExactly("table=40, priority=0 actions=drop");
        assertThat(DesiredFlows.of(t.snapshot(), "node1").renderWithoutCookies())
                .filteredOn(l -> l.startsWith("table=40, priority=100")).hasSize(22);
    }

    @Test
    void endpointMovesToAnotherHost() throws IOException {
        Topology t = hosts("node1", "node2", "node3");
        t.createNetwork(NetworkRequest.of("net1", "10.10.10.0/24"));
        endpoint(t, "net1", "stay", "node1", "10.10.10.3", 1);
        Endpoint mover = endpoint(t, "net1", "mover", "node2", "10.10.10.4", 1);
        // the container is re-plugged on node3: OVS there reports its iface-id on port 7
        t.bindEndpoint(mover.id(), "node3", 7);
        check(t, "endpoint-moved", "node1", "node2", "node3");
    }

    @Test
    void anEndpointNotYetPluggedIsProvisionedSoPluggingItChangesOnlyItsHost() throws IOException {
        Topology t = hosts("node1", "node2");
        t.createNetwork(NetworkRequest.of("net1", "10.10.10.0/24"));
        endpoint(t, "net1", "contain1", "node1", "10.10.10.3", 1);
        Endpoint contain2 = t.createEndpoint("net1", EndpointRequest.of("contain2", "node2").withIp("10.10.10.4"));
        HostFlows node1Before = DesiredFlows.of(t.snapshot(), "node1");
        HostFlows node2Before = DesiredFlows.of(t.snapshot(), "node2");
        assertThat(node2Before.flows()).as("node2 holds net1 before its port exists").isNotEmpty();

        t.bindEndpoint(contain2.id(), "node2", 1);
        assertThat(DesiredFlows.of(t.snapshot(), "node1")).isEqualTo(node1Before);
        HostFlows node2After = DesiredFlows.of(t.snapshot(), "node2");
        assertThat(node2After.flows().keySet()).containsAll(node2Before.flows().keySet());
        Set<String> added = new TreeSet<>();
        node2After.flows().forEach((cookie, flow) -> {
            if (!node2Before.flows().containsKey(cookie)) {
                added.add(OfctlFormat.flow(flow).replaceFirst("^cookie=0x[0-9a-f]+, ", ""));
            }
        });
        // The port's own flows: classification, two port-security flows, local delivery.
        assertThat(added).hasSize(4).allMatch(line -> line.contains("in_port=1") || line.contains("output:1"));
        // Once plugged, the same state as if it had been bound from the start.
        check(t, "two-hosts-one-network", "node1", "node2");
    }

    @Test
    void cookiesAreStableContentHashes() {
        Topology t = twoHostsOneNetworkTopology();
        HostFlows once = DesiredFlows.of(t.snapshot(), "node1");
        HostFlows again = DesiredFlows.of(t.snapshot(), "node1");
        assertThat(again).isEqualTo(once);
        once.flows().forEach((cookie, flow) -> {
            assertThat(flow.cookie().value()).isEqualTo(cookie);
            assertThat(OverlayCookie.isWeft(flow.cookie())).isTrue();
            assertThat((cookie >>> 48) & 0xff).isEqualTo(flow.table().value());
        });
    }

    /**
     * The cookies of a running network are pinned: a cookie is a hash of the flow's canonical text, and a change to
     * that text (even a cosmetic fix to the ovs-ofctl rendering it shares) would give every flow a new cookie, so the
     * next upgrade would delete and re-add every flow on every host. If this fails, the change breaks the hitless
     * upgrade: keep the old rendering for cookies (freeze it in its own class) rather than update this file.
     */
    @Test
    void cookiesArePinnedAcrossReleases() throws IOException {
        Topology t = twoHostsOneNetworkTopology();
        Set<String> actual = new TreeSet<>();
        for (String host : List.of("node1", "node2")) {
            DesiredFlows.of(t.snapshot(), host).flows().values().forEach(f -> actual.add(host + " " + cookieLine(f)));
        }
        assertPinned("cookies-two-hosts-one-network.txt", actual);
    }

    private static String cookieLine(io.weft.controller.flow.FlowSpec f) {
        return String.format("0x%016x", f.cookie().value()) + " " + f.table().value() + " " + f.priority().value();
    }

    /**
     * Cookie files are written once, when missing, and never rewritten by the update run: they are what running
     * networks hold (each scenario's since the release that added it), not a rendering to refresh.
     */
    private static void assertPinned(String name, Set<String> actual) throws IOException {
        if (Boolean.getBoolean("weft.golden.update") && !Files.exists(GOLDEN_SOURCE.resolve(name))) {
            Files.createDirectories(GOLDEN_SOURCE.resolve(name).getParent());
            Files.writeString(GOLDEN_SOURCE.resolve(name), String.join("\n", actual) + "\n");
            return;
        }
        assertThat(actual).as("cookies of a running network (%s)", name).containsExactlyInAnyOrderElementsOf(golden(name));
    }

    private static void check(Topology t, String scenario, String... hostNames) throws IOException {
        for (String host : hostNames) {
            HostFlows flows = DesiredFlows.of(t.snapshot(), host);
            Set<String> actual = new TreeSet<>(flows.renderWithoutCookies());
            flows.groups().values().forEach(g -> actual.add(OfctlFormat.group(g)));
            String name = scenario + "/" + host + ".flows";
            if (Boolean.getBoolean("weft.golden.update")) {
                Path file = GOLDEN_SOURCE.resolve(name);
                Files.createDirectories(file.getParent());
                Files.writeString(file, String.join("\n", actual) + "\n");
                continue;
            }
            assertThat(actual).as("%s", name).containsExactlyInAnyOrderElementsOf(golden(name));
        }
        for (String host : hostNames) {
            Set<String> cookies = new TreeSet<>();
            DesiredFlows.of(t.snapshot(), host).flows().values().forEach(f -> cookies.add(cookieLine(f)));
            assertPinned(scenario + "/" + host + ".cookies", cookies);
        }
    }

    private static List<String> golden(String name) throws IOException {
        try (InputStream in = GoldenFlowsTest.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new AssertionError("golden file missing: " + name + " (run with -Dweft.golden.update=true)");
            }
            return Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
                    .filter(l -> !l.isBlank()).toList();
        }
    }
}
