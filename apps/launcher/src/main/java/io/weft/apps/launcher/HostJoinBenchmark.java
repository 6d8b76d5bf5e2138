package io.weft.apps.launcher;

import com.sun.management.OperatingSystemMXBean;
import io.weft.apps.provisioning.HostObserver;
import io.weft.apps.provisioning.HostProvisioner;
import io.weft.apps.provisioning.HostStatus;
import io.weft.apps.provisioning.ProvisioningConfig;
import io.weft.ovsdb.OvsdbConfig;
import io.weft.ovsdb.OvsdbServer;
import io.weft.testkit.OvsInstance;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * N simulated hosts (dummy datapath) join at once; time until all are provisioned, against
 * ovs-vsctl running the same transaction on each host in the same run.
 */
@Command(name = "join", mixinStandardHelpOptions = true,
        description = "Time for N hosts to be provisioned by Weft, against ovs-vsctl per host.")
final class HostJoinBenchmark implements Callable<Integer> {
    @Option(names = "--hosts", defaultValue = "100", description = "Simulated hosts (default: ${DEFAULT-VALUE}).")
    int hostCount;

    @Override
    public Integer call() throws Exception {
        List<OvsInstance> hosts = new ArrayList<>();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            long t = System.nanoTime();
            hosts.addAll(OvsInstance.startMany("join", hostCount, (h, n) -> h.vsctl("set", "Open_vSwitch", ".",
                    "external_ids:system-id=host" + n, "external_ids:weft-tunnel-ip=" + tunnelIp(n),
                    "external_ids:weft-datapath-type=dummy")));
            System.out.printf(Locale.ROOT, "started %d OVS instances (dummy datapath) in %.1f s%n", hostCount,
                    (System.nanoTime() - t) / 1e9);

            // Floor: the same transaction by ovs-vsctl, host after host (it waits for vswitchd, as Weft's
            // "provisioned" does: the bridge's datapath_id is set).
            long t0 = System.nanoTime();
            for (int i = 0; i < hostCount; i++) {
                OvsInstance h = hosts.get(i);
                h.vsctl("--", "add-br", "br-int", "--", "set", "Bridge", "br-int", "datapath_type=dummy",
                        "fail_mode=secure", "protocols=OpenFlow13,OpenFlow14", "other_config:disable-in-band=true",
                        "external_ids:weft-owned=true", "--", "set-controller", "br-int", "tcp:127.0.0.1:6653",
                        "--", "add-port", "br-int", "weft-vxlan", "--", "set", "Interface", "weft-vxlan", "type=vxlan",
                        "ofport_request=4789", "options:remote_ip=flow", "options:key=flow", "options:dst_port=4789",
                        "options:local_ip=" + tunnelIp(i), "--", "set", "Port", "weft-vxlan",
                        "external_ids:weft-owned=true");
            }
            double vsctlSeconds = (System.nanoTime() - t0) / 1e9;
            for (OvsInstance h : hosts) {
                h.vsctl("--if-exists", "del-br", "br-int");
            }

            Set<String> provisioned = ConcurrentHashMap.newKeySet();
            HostObserver observer = new HostObserver() {
                @Override
                public void hostChanged(HostStatus host) {
                    if (host.ready() && host.datapathId() != null) {
                        provisioned.add(host.name());
                    }
                }

                @Override
                public void hostDisconnected(String hostName) {
                }

                @Override
                public void interfaceBound(String hostName, String ifaceId, long ofport, String interfaceName) {
                }

                @Override
                public void interfaceUnbound(String hostName, String ifaceId) {
                }
            };
            HostProvisioner provisioner = new HostProvisioner(ProvisioningConfig.defaults(6653), observer, scheduler);
            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            try (OvsdbServer server = new OvsdbServer("127.0.0.1", 0, OvsdbConfig.defaults(), provisioner)) {
                int port = server.start().getPort();
                long cpu0 = os.getProcessCpuTime();
                t0 = System.nanoTime();
                for (OvsInstance h : hosts) {
                    h.vsctl("--no-wait", "set-manager", "tcp:127.0.0.1:" + port);
                }
                double joinIssued = (System.nanoTime() - t0) / 1e9;
                while (provisioned.size() < hostCount) {
                    if (System.nanoTime() - t0 > 300e9) {
                        throw new IllegalStateException("only " + provisioned.size() + " hosts provisioned in 300 s");
                    }
                    Thread.sleep(5);
                }
                double weftSeconds = (System.nanoTime() - t0) / 1e9;
                double cpuSeconds = (os.getProcessCpuTime() - cpu0) / 1e9;
                MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
                System.gc();
                long heap = mem.getHeapMemoryUsage().getUsed();
                System.out.printf(Locale.ROOT, "set-manager issued on all hosts within %.2f s%n", joinIssued);
                System.out.println();
                System.out.println("| method | hosts | time to all provisioned | ratio |");
                System.out.println("|---|---|---|---|");
                System.out.printf(Locale.ROOT, "| ovs-vsctl, one transaction per host, in turn | %d | %.2f s | 1.00 |%n",
                        hostCount, vsctlSeconds);
                System.out.printf(Locale.ROOT, "| Weft, all hosts set-manager at once | %d | %.2f s | %.2f |%n",
                        hostCount, weftSeconds, weftSeconds / vsctlSeconds);
                System.out.printf(Locale.ROOT, "Weft process CPU during the join: %.2f s; heap after GC: %.1f MB"
                        + " (%.0f KB per host, bench harness included)%n", cpuSeconds, heap / 1e6,
                        heap / 1e3 / hostCount);
                System.out.printf(Locale.ROOT, "provisioning transactions sent: %d%n", provisioner.transactionsSent());
            }
        } finally {
            scheduler.shutdownNow();
            for (OvsInstance h : hosts) {
                h.close();
            }
        }
        return 0;
    }


    private static String tunnelIp(int i) {
        return "198.18." + (i / 250) + "." + (i % 250 + 1);
    }
}
