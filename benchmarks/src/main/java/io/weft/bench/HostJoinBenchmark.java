package io.weft.bench;

import com.sun.management.OperatingSystemMXBean;
import io.netty.handler.ssl.SslContext;
import io.weft.apps.provisioning.HostAuthenticator;
import io.weft.apps.provisioning.HostObserver;
import io.weft.apps.provisioning.HostProvisioner;
import io.weft.apps.provisioning.HostStatus;
import io.weft.apps.provisioning.ProvisioningConfig;
import io.weft.apps.security.CertificateAuthority;
import io.weft.apps.security.HostIdentities;
import io.weft.apps.security.IssuedCertificate;
import io.weft.apps.security.TlsContexts;
import io.weft.ovsdb.OvsdbConfig;
import io.weft.ovsdb.OvsdbServer;
import io.weft.testkit.OvsInstance;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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

    @Option(names = "--tls", description = "Also join the same hosts over TLS (ssl: manager, certificates checked)"
            + " after the plaintext run, and print the ratio.")
    boolean tls;

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

            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            Join plain = join(hosts, scheduler, Optional.empty());
            double cpuSeconds = (os.getProcessCpuTime() - cpu0) / 1e9;
            MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
            System.gc();
            long heap = mem.getHeapMemoryUsage().getUsed();
            Optional<Join> secure = Optional.empty();
            if (tls) {
                for (OvsInstance h : hosts) {
                    h.vsctl("del-manager", "--", "--if-exists", "del-br", "br-int");
                }
                secure = Optional.of(join(hosts, scheduler, Optional.of(new TlsBench(hosts))));
            }
            System.out.printf(Locale.ROOT, "set-manager issued on all hosts within %.2f s%s%n", plain.issuedSeconds(),
                    secure.map(join -> String.format(Locale.ROOT, " (TLS run: %.2f s)", join.issuedSeconds())).orElse(""));
            System.out.println();
            System.out.println("| method | hosts | time to all provisioned | ratio |");
            System.out.println("|---|---|---|---|");
            System.out.printf(Locale.ROOT, "| ovs-vsctl, one transaction per host, in turn | %d | %.2f s | 1.00 |%n",
                    hostCount, vsctlSeconds);
            System.out.printf(Locale.ROOT, "| Weft, all hosts set-manager at once | %d | %.2f s | %.2f |%n",
                    hostCount, plain.seconds(), plain.seconds() / vsctlSeconds);
            secure.ifPresent(join -> System.out.printf(Locale.ROOT, "| Weft over TLS (ssl: manager, client"
                    + " certificates checked) | %d | %.2f s | %.2f (%.2fx plaintext) |%n", hostCount, join.seconds(),
                    join.seconds() / vsctlSeconds, join.seconds() / plain.seconds()));
            System.out.printf(Locale.ROOT, "Weft process CPU during the plaintext join: %.2f s; heap after GC: %.1f MB"
                    + " (%.0f KB per host, bench harness included)%n", cpuSeconds, heap / 1e6,
                    heap / 1e3 / hostCount);
            System.out.printf(Locale.ROOT, "provisioning transactions sent: %d%n", plain.transactions());
        } finally {
            scheduler.shutdownNow();
            for (OvsInstance h : hosts) {
                h.close();
            }
        }
        return 0;
    }


    /** What one join run measured. */
    private record Join(double seconds, double issuedSeconds, int transactions) {
    }

    /** Every host joins at once (set-manager); returns when all are provisioned (br-int has a datapath id). */
    private Join join(List<OvsInstance> hosts, ScheduledExecutorService scheduler, Optional<TlsBench> tls)
            throws Exception {
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
        HostProvisioner provisioner = new HostProvisioner(
                ProvisioningConfig.defaults(6653).withOpenflowTls(tls.isPresent()),
                tls.map(TlsBench::authenticator).orElse(HostAuthenticator.ANY), observer, scheduler);
        try (OvsdbServer server = new OvsdbServer("127.0.0.1", 0, OvsdbConfig.defaults(), provisioner,
                tls.map(TlsBench::server))) {
            int port = server.start().getPort();
            long t0 = System.nanoTime();
            for (OvsInstance h : hosts) {
                h.vsctl("--no-wait", "set-manager", (tls.isPresent() ? "ssl" : "tcp") + ":127.0.0.1:" + port);
            }
            double issued = (System.nanoTime() - t0) / 1e9;
            while (provisioned.size() < hostCount) {
                if (System.nanoTime() - t0 > 300e9) {
                    throw new IllegalStateException("only " + provisioned.size() + " hosts provisioned in 300 s");
                }
                Thread.sleep(5);
            }
            return new Join((System.nanoTime() - t0) / 1e9, issued, provisioner.transactionsSent());
        }
    }

    /** The controller's side of TLS for the run: a CA, a certificate per host set with set-ssl, the identity check. */
    private static final class TlsBench {
        private final SslContext server;
        private final HostIdentities identities;

        TlsBench(List<OvsInstance> hosts) throws Exception {
            CertificateAuthority ca = CertificateAuthority.openOrCreate(Files.createTempDirectory("weft-bench-pki-"),
                    Clock.systemUTC());
            Map<String, String> fingerprints = new ConcurrentHashMap<>();
            for (int n = 0; n < hosts.size(); n++) {
                IssuedCertificate cert = ca.issue("host" + n, CertificateAuthority.HOST_VALIDITY);
                hosts.get(n).useSsl(cert.privateKeyPem(), cert.certificatePem(), ca.certificatePem());
                fingerprints.put("host" + n, cert.fingerprint());
            }
            server = TlsContexts.server(ca, ca.controllerCertificate(List.of("127.0.0.1")));
            identities = new HostIdentities(name -> Optional.ofNullable(fingerprints.get(name)));
        }

        SslContext server() {
            return server;
        }

        HostAuthenticator authenticator() {
            return identities::refusalFor;
        }
    }

    private static String tunnelIp(int i) {
        return "198.18." + (i / 250) + "." + (i % 250 + 1);
    }
}
