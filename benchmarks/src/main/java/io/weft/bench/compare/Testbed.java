package io.weft.bench.compare;

import io.weft.testkit.OvsInstance;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Fresh simulated hosts (dummy datapath) joined to one system, with a persistent Interface monitor
 * on each host's database. Endpoint {@code i} lives on host {@code i % hosts} in network
 * {@code (i / hosts) % networks}, for both systems: each round of H endpoints fills one network on every
 * host, so every network spans all hosts (with {@code i % networks} instead, a network would span only
 * hosts/gcd(hosts, networks) of them). Closing it stops the system and removes the hosts, so the other
 * system never shares a host or the CPU with it.
 */
final class Testbed implements AutoCloseable {
    /** One endpoint's timing, in nanoseconds: (a) API call, (b) port seen in OVSDB, (c) ready mark seen. */
    record Sample(long apiCall, long plugged, long ready) {
        double apiToReadyMs() {
            return (ready - apiCall) / 1e6;
        }

        double plugToReadyMs() {
            return (ready - plugged) / 1e6;
        }
    }

    private final SystemUnderTest system;
    private final int networks;
    private final List<OvsInstance> hosts = new ArrayList<>();
    private final List<InterfaceWatch> watches = new ArrayList<>();
    private final ShutdownGuard guard;

    private Testbed(SystemUnderTest system, int networks) {
        this.system = system;
        this.networks = networks;
        this.guard = new ShutdownGuard(system.name() + " testbed", this::release);
    }

    /** Starts the hosts, joins them to {@code system}, opens the monitors and creates the networks. */
    static Testbed start(SystemUnderTest system, int hostCount, int networks) throws Exception {
        Testbed bed = new Testbed(system, networks);
        try {
            long t = System.nanoTime();
            bed.hosts.addAll(OvsInstance.startMany(system.name().toLowerCase(Locale.ROOT) + "-", hostCount,
                    (h, n) -> {
                    }));
            List<SimHost> joining = new ArrayList<>();
            for (int n = 0; n < bed.hosts.size(); n++) {
                joining.add(new SimHost(bed.hosts.get(n), "host" + n, SystemUnderTest.tunnelIp(n), "dummy",
                        "127.0.0.1"));
            }
            system.start(joining);
            log("%s: %d hosts joined in %.1f s", system.name(), hostCount, (System.nanoTime() - t) / 1e9);
            for (OvsInstance h : bed.hosts) {
                bed.watches.add(InterfaceWatch.open(h, system.readyKey()));
            }
            for (int n = 0; n < networks; n++) {
                system.createNetwork(n);
            }
            system.settle();
        } catch (Exception e) {
            bed.close();
            throw e;
        }
        return bed;
    }

    SystemUnderTest system() {
        return system;
    }

    List<OvsInstance> hosts() {
        return hosts;
    }

    InterfaceWatch watch(int host) {
        return watches.get(host);
    }

    int hostOf(int index) {
        return index % hosts.size();
    }

    int networkOf(int index) {
        return (index / hosts.size()) % networks;
    }

    /** One endpoint, alone: API call, port plugged on its host, then wait for the ready mark. */
    Sample addOne(int index) throws Exception {
        int h = hostOf(index);
        InterfaceWatch watch = watches.get(h);
        long a = System.nanoTime();
        String id = system.createEndpoint(networkOf(index), h, index);
        CompletableFuture<Long> plugged = watch.plugged(id);
        CompletableFuture<Long> ready = watch.ready(id);
        plug(hosts.get(h), "e" + index, id);
        long c = ready.get(120, TimeUnit.SECONDS);
        return new Sample(a, plugged.get(10, TimeUnit.SECONDS), c);
    }

    /**
     * Endpoints {@code from..to-1} at once: created through the API in bulk (each system the way it is
     * best fed), then plugged host by host in batches, then waited for. Returns their samples.
     */
    List<Sample> addMany(int from, int to, long timeoutSeconds) throws Exception {
        List<SystemUnderTest.NewEndpoint> wanted = new ArrayList<>();
        for (int i = from; i < to; i++) {
            wanted.add(new SystemUnderTest.NewEndpoint(networkOf(i), hostOf(i), i));
        }
        long a = System.nanoTime();
        List<String> ids = system.createEndpoints(wanted);
        List<List<String[]>> perHost = new ArrayList<>();
        hosts.forEach(h -> perHost.add(new ArrayList<>()));
        for (int k = 0; k < wanted.size(); k++) {
            perHost.get(wanted.get(k).host()).add(new String[] {"e" + wanted.get(k).index(), ids.get(k)});
        }
        for (int h = 0; h < hosts.size(); h++) {
            plugBatch(hosts.get(h), perHost.get(h));
        }
        List<Sample> samples = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        for (int k = 0; k < wanted.size(); k++) {
            InterfaceWatch watch = watches.get(wanted.get(k).host());
            long left = Math.max(1, deadline - System.nanoTime());
            long c = watch.ready(ids.get(k)).get(left, TimeUnit.NANOSECONDS);
            samples.add(new Sample(a, watch.plugged(ids.get(k)).get(10, TimeUnit.SECONDS), c));
        }
        return samples;
    }

    /**
     * Endpoints {@code from..to-1} created in bulk, of which only the first of each network on each host (index
     * below hosts x networks) is plugged: every host then holds every network's flows (OVN computes a logical
     * switch's flows only on chassis where one of its ports is bound) while its port count stays small, so a later
     * probe measures the controller at that many endpoints rather than ovs-vswitchd's cost of one more port on a
     * crowded bridge. Returns once the plugged ones are ready and every host's flow count has been steady for 2 s.
     */
    void addUnplugged(int from, int to, long timeoutSeconds) throws Exception {
        List<SystemUnderTest.NewEndpoint> wanted = new ArrayList<>();
        for (int i = from; i < to; i++) {
            wanted.add(new SystemUnderTest.NewEndpoint(networkOf(i), hostOf(i), i));
        }
        List<String> ids = system.createEndpoints(wanted);
        int plugBelow = hosts.size() * networks;
        for (int k = 0; k < wanted.size() && wanted.get(k).index() < plugBelow; k++) {
            SystemUnderTest.NewEndpoint e = wanted.get(k);
            plug(hosts.get(e.host()), "e" + e.index(), ids.get(k));
            watches.get(e.host()).ready(ids.get(k)).get(timeoutSeconds, TimeUnit.SECONDS);
        }
        system.settle();
        FlowTables.awaitSteady(hosts);
    }

    /** A container's port as a runtime plugs it: on br-int, named after the endpoint, with its iface-id. */
    static void plug(OvsInstance host, String name, String ifaceId) throws IOException {
        host.vsctl("add-port", "br-int", name, "--", "set", "Interface", name, "type=dummy",
                "external_ids:iface-id=" + ifaceId);
    }

    /** Many ports in a few OVSDB transactions (200 a transaction), as a runtime starting many containers would. */
    private static void plugBatch(OvsInstance host, List<String[]> ports) throws IOException {
        for (int from = 0; from < ports.size(); from += 200) {
            List<String> args = new ArrayList<>();
            for (String[] p : ports.subList(from, Math.min(ports.size(), from + 200))) {
                args.addAll(List.of("--", "add-port", "br-int", p[0], "--", "set", "Interface", p[0], "type=dummy",
                        "external_ids:iface-id=" + p[1]));
            }
            host.vsctl(args.toArray(String[]::new));
        }
    }

    static void log(String format, Object... args) {
        System.err.printf(Locale.ROOT, format + "%n", args);
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
            for (OvsInstance h : hosts) {
                h.close();
            }
        }
    }
}
