package io.weft.bench.compare;

import io.weft.testkit.OvnCentral;
import io.weft.testkit.OvnChassis;
import io.weft.testkit.Pidfile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * OVN 23.03 as packaged by Debian: a private central (NB, SB, ovn-northd) and one ovn-controller per
 * host, VXLAN encapsulation. Networks are logical switches, endpoints logical switch ports created with
 * ovn-nbctl (one process per call, one-shot or as a client of its daemon mode), with a MAC and an IP as
 * their addresses, as Weft assigns its endpoints.
 */
final class OvnSystem implements SystemUnderTest {
    /** Logical switch ports per ovn-nbctl call (one Northbound transaction) in bulk. */
    private static final int BULK_BATCH = 200;

    private final boolean nbctlDaemon;
    private final int waitBeforeClearMs;
    private final List<OvnChassis> chassis = new ArrayList<>();
    private OvnCentral central;

    /**
     * @param nbctlDaemon       API calls go through ovn-nbctl's daemon mode rather than one-shot ovn-nbctl
     * @param waitBeforeClearMs ovn-ofctrl-wait-before-clear on every chassis (0: OVN's default)
     */
    OvnSystem(boolean nbctlDaemon, int waitBeforeClearMs) {
        this.nbctlDaemon = nbctlDaemon;
        this.waitBeforeClearMs = waitBeforeClearMs;
    }

    @Override
    public String name() {
        return "OVN";
    }

    @Override
    public String readyKey() {
        return "ovn-installed";
    }

    @Override
    public void start(List<SimHost> hosts) throws Exception {
        central = OvnCentral.start();
        if (nbctlDaemon) {
            central.startNbctlDaemon();
        }
        for (SimHost h : hosts) {
            if (waitBeforeClearMs > 0) {
                h.ovs().vsctl("set", "Open_vSwitch", ".", "external_ids:ovn-ofctrl-wait-before-clear=" + waitBeforeClearMs);
            }
            chassis.add(OvnChassis.join(h.ovs(), central, h.systemId(), h.tunnelIp(), h.datapathType()));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (central.sbctl("--bare", "--columns=name", "list", "Chassis").lines()
                .filter(l -> !l.isBlank()).count() < hosts.size()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not every chassis registered in the Southbound database");
            }
            Thread.sleep(50);
        }
        for (SimHost h : hosts) {
            while (!h.ovs().vsctl("list-br").lines().toList().contains("br-int")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("ovn-controller did not create br-int on " + h.systemId());
                }
                Thread.sleep(50);
            }
        }
        settle();
    }

    @Override
    public void createNetwork(int index) throws Exception {
        central.nbctl("ls-add", "net" + index);
    }

    /** Every chassis has caught up with the Northbound database and installed the flows for it. */
    @Override
    public void settle() throws Exception {
        central.nbctl("--wait=hv", "sync");
    }

    @Override
    public String createEndpoint(int network, int host, int index) throws Exception {
        return createEndpoint(network, host, index, EndpointAddress.of(network, index));
    }

    @Override
    public void deleteEndpoint(int network, String id) throws Exception {
        central.nbctl("lsp-del", id);
    }

    @Override
    public String createEndpoint(int network, int host, int index, EndpointAddress address) throws Exception {
        String name = "e" + index;
        central.nbctl("lsp-add", "net" + network, name, "--", "lsp-set-addresses", name,
                address.mac() + " " + address.ip());
        return name;
    }

    @Override
    public List<String> createEndpoints(List<NewEndpoint> endpoints) throws Exception {
        List<String> names = new ArrayList<>();
        for (int from = 0; from < endpoints.size(); from += BULK_BATCH) {
            List<String> args = new ArrayList<>();
            for (NewEndpoint e : endpoints.subList(from, Math.min(endpoints.size(), from + BULK_BATCH))) {
                String name = "e" + e.index();
                EndpointAddress address = EndpointAddress.of(e.network(), e.index());
                args.addAll(List.of("--", "lsp-add", "net" + e.network(), name, "--", "lsp-set-addresses", name,
                        address.mac() + " " + address.ip()));
                names.add(name);
            }
            central.nbctl(args.toArray(String[]::new));
        }
        return names;
    }

    /** OVN's bulk path already gives every port the addresses of {@link EndpointAddress#of}. */
    @Override
    public List<String> createEndpointsAt(List<NewEndpoint> endpoints) throws Exception {
        return createEndpoints(endpoints);
    }

    @Override
    public Map<String, Long> controllerRssKb() throws Exception {
        Map<String, Long> rss = new LinkedHashMap<>();
        for (Map.Entry<String, Pidfile> d : central.daemons().entrySet()) {
            rss.put(d.getKey(), rssOf(d.getValue()));
        }
        long agents = 0;
        for (OvnChassis c : chassis) {
            agents += rssOf(c.controller());
        }
        rss.put("ovn-controller (all hosts)", agents);
        return rss;
    }

    private static long rssOf(Pidfile pidfile) throws Exception {
        OptionalLong pid = pidfile.pid();
        return pid.isPresent() ? ProcessMemory.rssKb(pid.getAsLong()) : 0;
    }

    /** SIGTERM to that host's ovn-controller (its flows stay in ovs-vswitchd), then the same command again. */
    @Override
    public void restartController(int host) throws Exception {
        OvnChassis c = chassis.get(host);
        c.stopController(false);
        c.startController();
    }

    @Override
    public void close() throws Exception {
        for (OvnChassis c : chassis) {
            c.close();
        }
        if (central != null) {
            central.close();
        }
    }
}
