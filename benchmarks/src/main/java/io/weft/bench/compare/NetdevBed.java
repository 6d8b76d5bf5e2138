package io.weft.bench.compare;

import io.weft.testkit.NetNamespace;
import io.weft.testkit.NetdevHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Hosts that carry real packets, joined to one system: each host is a network namespace with its own
 * OVS on the userspace (netdev) datapath ({@link NetdevHost}: br-phy on the underlay, tunnel IP
 * 198.18.0.N), all underlays on one Linux bridge in a namespace of their own. Containers are network
 * namespaces on a veth (see {@link BenchContainer}); every endpoint is in network 0. Each host gets an
 * anchor container first (endpoint {@code h} on host {@code h}); a timed endpoint pings the anchor of
 * the next host, so every first ping crosses a VXLAN tunnel.
 */
final class NetdevBed implements AutoCloseable {
    /** One endpoint's timing, in nanoseconds on one clock: (a) API call, (b) port seen, (c) ready mark, first reply. */
    record Sample(String ifaceId, long apiCall, long plugged, long ready, long firstReply) {
        double apiToReadyMs() {
            return (ready - apiCall) / 1e6;
        }

        double plugToReadyMs() {
            return (ready - plugged) / 1e6;
        }

        double apiToFirstPingMs() {
            return (firstReply - apiCall) / 1e6;
        }

        double plugToFirstPingMs() {
            return (firstReply - plugged) / 1e6;
        }

        /** Negative: traffic flowed before the system said the port was ready. */
        double readyToFirstPingMs() {
            return (firstReply - ready) / 1e6;
        }
    }

    static final int PING_INTERVAL_MS = 10;
    /** Background endpoints are numbered from here; anchors and timed containers stay below. */
    private static final int BACKGROUND_BASE = 1000;
    /** Background networks are numbered from here (network 0 holds the timed ones, 1 and 2 the restart probe's). */
    private static final int BACKGROUND_NETWORK_BASE = 10;
    private static final int BACKGROUND_PER_NETWORK = 1900;
    private static final int NETWORK = 0;

    private final SystemUnderTest system;
    private final String tag = String.format(Locale.ROOT, "%04x", ThreadLocalRandom.current().nextInt(0x10000));
    private final List<NetNamespace> hostNamespaces = new ArrayList<>();
    private final List<NetdevHost> hosts = new ArrayList<>();
    private final List<InterfaceWatch> watches = new ArrayList<>();
    private final List<BenchContainer> containers = new ArrayList<>();
    private final List<BenchContainer> anchors = new ArrayList<>();
    private final ShutdownGuard guard;
    /** Whether each timed container is removed after its sample ({@link #recycleContainers}). */
    private boolean recycle;
    private NetNamespace underlay;

    private NetdevBed(SystemUnderTest system) {
        this.system = system;
        this.guard = new ShutdownGuard(system.name() + " netdev testbed", this::release);
    }

    /** Builds the hosts and the underlay, joins the hosts to {@code system}, creates network 0 and the anchors. */
    static NetdevBed start(SystemUnderTest system, int hostCount) throws Exception {
        NetdevBed bed = new NetdevBed(system);
        try {
            bed.build(hostCount);
            bed.startAnchors();
        } catch (Exception e) {
            bed.close();
            throw e;
        }
        return bed;
    }

    private void build(int hostCount) throws Exception {
        long t = System.nanoTime();
        underlay = NetNamespace.create("wfu-" + tag);
        underlay.exec("ip", "link", "add", "br0", "type", "bridge");
        underlay.exec("ip", "link", "set", "br0", "up");
        List<SimHost> joining = new ArrayList<>();
        for (int n = 0; n < hostCount; n++) {
            NetNamespace ns = NetNamespace.create("wfh" + n + "-" + tag);
            hostNamespaces.add(ns);
            String hostEnd = "wu" + n + tag;
            String bridgeEnd = "wv" + n + tag;
            underlay.exec("ip", "link", "add", bridgeEnd, "type", "veth", "peer", "name", hostEnd, "netns", ns.name());
            underlay.exec("ip", "link", "set", bridgeEnd, "master", "br0", "up");
            NetdevHost host = NetdevHost.start(ns, n + 1, "host" + n, tag, hostEnd);
            hosts.add(host);
            joining.add(new SimHost(host.ovs(), "host" + n, host.tunnelIp(), "netdev", host.controllerAddress()));
        }
        system.start(joining);
        for (NetdevHost h : hosts) {
            watches.add(InterfaceWatch.open(h.ovs(), system.readyKey()));
        }
        system.createNetwork(NETWORK);
        system.settle();
        Testbed.log("%s: %d netdev hosts joined in %.1f s", system.name(), hostCount, (System.nanoTime() - t) / 1e9);
    }

    /** One container per host, ready, and pinging each other around the ring (the tunnels' underlay ARP resolved). */
    private void startAnchors() throws Exception {
        for (int h = 0; h < hosts.size(); h++) {
            BenchContainer anchor = container(h);
            String id = system.createEndpoint(NETWORK, h, h, anchor.address());
            CompletableFuture<Long> ready = watches.get(h).ready(id);
            plug(h, anchor, id);
            ready.get(120, TimeUnit.SECONDS);
            anchors.add(anchor);
        }
        for (int h = 0; h < hosts.size(); h++) {
            warmUp(anchors.get(h), anchors.get((h + 1) % hosts.size()).address().ip());
        }
    }

    private static void warmUp(BenchContainer from, String ip) throws Exception {
        for (int i = 0; i < 50; i++) {
            Process p = from.namespace().start("ping", "-n", "-c", "1", "-W", "1", ip);
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return;
            }
        }
        throw new IllegalStateException("anchor " + from.address().ip() + " gets no reply from " + ip);
    }

    int hostOf(int index) {
        return index % hosts.size();
    }

    /**
     * Endpoint {@code index} (indexes below the host count are the anchors): its container is made and
     * already pinging the next host's anchor every 10 ms; then (a) the API call, the runtime's plug,
     * and the wait for (c) the ready mark and the first reply.
     */
    Sample firstPing(int index) throws Exception {
        int h = hostOf(index);
        BenchContainer c = container(index);
        String target = anchors.get((h + 1) % hosts.size()).address().ip();
        try (ContinuousPing ping = ContinuousPing.start(c.namespace(), target, PING_INTERVAL_MS)) {
            InterfaceWatch watch = watches.get(h);
            long a = System.nanoTime();
            long aMicros = ContinuousPing.nowMicros();
            String id = system.createEndpoint(NETWORK, h, index, c.address());
            CompletableFuture<Long> plugged = watch.plugged(id);
            CompletableFuture<Long> ready = watch.ready(id);
            plug(h, c, id);
            long readyAt = ready.get(120, TimeUnit.SECONDS);
            long replyMicros;
            try {
                replyMicros = ping.firstReplyMicros().get(30, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new IllegalStateException(system.name() + ": endpoint " + index + " ready but no ping reply from "
                        + target + " in 30 s:\n" + ping.output(), e);
            }
            ping.stop();
            if (recycle) {
                // Unplugged and deleted: the next sample meets the same small table, on a warmer controller.
                hosts.get(h).ovs().vsctl("del-port", "br-int", c.port());
                system.deleteEndpoint(NETWORK, id);
                c.close();
                containers.remove(c);
            }
            return new Sample(id, a, plugged.get(10, TimeUnit.SECONDS), readyAt, a + (replyMicros - aMicros) * 1000);
        }
    }

    /**
     * {@code count} more endpoints, created in bulk through the API in networks of their own
     * ({@value #BACKGROUND_PER_NETWORK} a network: OVN with VXLAN gives a logical switch at most 2,047 port
     * keys), each network with one plugged port per host (a dummy interface) and the rest never plugged.
     * Every host then holds flows for all of them (Weft: ARP reply and forwarding to their expected host;
     * OVN: the logical switch's ARP responder and L2 lookup, computed only for switches with a port bound on
     * the chassis), so the timed containers and the restart meet a large table. Returns once every host's
     * flow count has been steady for 2 s.
     */
    void addBackground(int count) throws Exception {
        long t = System.nanoTime();
        int index = BACKGROUND_BASE;
        int left = count;
        for (int network = BACKGROUND_NETWORK_BASE; left > 0; network++) {
            system.createNetwork(network);
            for (int h = 0; h < hosts.size(); h++, index++, left--) {
                String id = system.createEndpoint(network, h, index, EndpointAddress.of(network, index));
                CompletableFuture<Long> ready = watches.get(h).ready(id);
                Testbed.plug(hosts.get(h).ovs(), "bg" + index, id);
                ready.get(120, TimeUnit.SECONDS);
            }
            List<SystemUnderTest.NewEndpoint> unplugged = new ArrayList<>();
            for (int k = hosts.size(); k < BACKGROUND_PER_NETWORK && left > 0; k++, index++, left--) {
                unplugged.add(new SystemUnderTest.NewEndpoint(network, index % hosts.size(), index));
            }
            system.createEndpointsAt(unplugged);
        }
        long created = System.nanoTime();
        system.settle();
        long[] last = FlowTables.awaitSteady(hosts.stream().map(NetdevHost::ovs).toList());
        Testbed.log("%s: %d background endpoints created in %.1f s, flows steady at %d on host0 after %.1f s",
                system.name(), count, (created - t) / 1e9, last[0], (System.nanoTime() - t) / 1e9);
    }

    /**
     * From now on each timed container is unplugged, its endpoint deleted and its namespace removed once its sample
     * is taken: many samples at a constant small size (the userspace datapath slows with every port it polls).
     */
    void recycleContainers() {
        recycle = true;
    }

    /** A continuous ping from host 0's anchor to host 1's, for watching a restart. */
    ContinuousPing pingBetweenAnchors() throws Exception {
        return ContinuousPing.start(anchors.get(0).namespace(), anchors.get(1 % anchors.size()).address().ip(),
                PING_INTERVAL_MS);
    }

    NetdevHost host(int n) {
        return hosts.get(n);
    }

    InterfaceWatch watch(int n) {
        return watches.get(n);
    }

    private BenchContainer container(int index) throws Exception {
        int h = hostOf(index);
        BenchContainer c = BenchContainer.create(hostNamespaces.get(h), "wfc" + index + "-" + tag, "wp" + index + tag,
                EndpointAddress.of(NETWORK, index), EndpointAddress.PREFIX_LENGTH);
        containers.add(c);
        return c;
    }

    /** The runtime's step: the veth's host end on br-int with the endpoint's iface-id. */
    private void plug(int host, BenchContainer c, String ifaceId) throws Exception {
        system.plugging(host, ifaceId, c.port());
        hosts.get(host).ovs().vsctl("add-port", "br-int", c.port(), "--", "set", "Interface", c.port(),
                "external_ids:iface-id=" + ifaceId);
    }

    @Override
    public void close() throws Exception {
        guard.close();
        release();
    }

    private void release() throws Exception {
        for (InterfaceWatch w : watches) {
            w.close();
        }
        try {
            system.close();
        } finally {
            for (BenchContainer c : containers) {
                quietly(c);
            }
            for (NetdevHost h : hosts) {
                quietly(h);
            }
            for (NetNamespace ns : hostNamespaces) {
                quietly(ns);
            }
            if (underlay != null) {
                quietly(underlay);
            }
        }
    }

    private static void quietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            Testbed.log("cleanup: %s", e.getMessage());
        }
    }
}
