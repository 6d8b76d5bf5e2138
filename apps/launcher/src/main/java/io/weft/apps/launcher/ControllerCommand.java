package io.weft.apps.launcher;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weft controller}: runs the controller in the foreground until interrupted. */
@Command(name = "controller", mixinStandardHelpOptions = true,
        description = "Run the Weft controller in the foreground (Ctrl-C to stop).")
final class ControllerCommand implements Callable<Integer> {
    @Option(names = "--listen", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE};"
            + " any other address needs --tls or --insecure).")
    String listen;

    @Option(names = "--tls", description = "OVSDB and OpenFlow over TLS only, with the controller's own CA (kept in"
            + " DATA_DIR/pki): hosts join with a certificate from weft host add. The REST API is HTTPS and needs"
            + " tokens; the first admin token is written to DATA_DIR/pki/admin-token.")
    boolean tls;

    @Option(names = "--tls-name", paramLabel = "NAME",
            description = "A DNS name or address clients of the HTTPS API use for this controller, added to its"
                    + " certificate (loopback, this machine's name and a specific --listen address always are);"
                    + " repeatable.")
    java.util.List<String> tlsNames = new java.util.ArrayList<>();

    @Option(names = "--insecure", description = "Allow plaintext on a non-loopback --listen address: any machine that"
            + " reaches the ports can join as a host. For labs you trust completely.")
    boolean insecure;

    @Option(names = "--openflow-port", defaultValue = "6653", description = "OpenFlow port (default: ${DEFAULT-VALUE}).")
    int openflowPort;

    @Option(names = "--ovsdb-port", defaultValue = "6640",
            description = "OVSDB manager port hosts connect to with set-manager (default: ${DEFAULT-VALUE}).")
    int ovsdbPort;

    @Option(names = "--rest-port", defaultValue = "8080", description = "REST API port (default: ${DEFAULT-VALUE}).")
    int restPort;

    @Option(names = "--data-dir", defaultValue = "./weft-data", description = "Where state is kept (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--store", paramLabel = "STORE", defaultValue = ControllerSettings.JOURNAL,
            description = "Where the topology is kept: 'journal' (default: the embedded store in --data-dir) or"
                    + " etcd://HOST:PORT[,HOST:PORT...][/PREFIX] (etcd's client URLs, plain HTTP; prefix /weft by"
                    + " default). Controllers sharing a prefix form a cluster: one leads, the others stand by"
                    + " (docs/cluster.md).")
    String store;

    @Option(names = "--member", paramLabel = "NAME",
            description = "With etcd: this controller's name in its cluster (default: this machine's name and the REST"
                    + " port).")
    String member;

    @Option(names = "--lease-ttl", paramLabel = "SECONDS", defaultValue = "2",
            description = "With etcd: the leader's lease; a dead leader is replaced within about this (default:"
                    + " ${DEFAULT-VALUE}; etcd raises it to 1.5 of its election timeouts).")
    long leaseTtlSeconds;

    @Option(names = "--ovsdb-connect", paramLabel = "TARGET",
            description = "Active mode: also connect to this host's OVSDB (tcp:IP:PORT, ssl:IP:PORT with --tls, or"
                    + " unix:PATH); repeatable.")
    java.util.List<String> ovsdbTargets = new java.util.ArrayList<>();

    @Option(names = "--dns-upstream", paramLabel = "IP[:PORT]", defaultValue = ControllerSettings.DNS_SYSTEM,
            description = "Where the networks' DNS (at each gateway address) forwards names that are not Weft's:"
                    + " 'system' (default: the first nameserver of /etc/resolv.conf), an address, or 'none' to"
                    + " refuse them.")
    String dnsUpstream;

    @Option(names = "--unplugged-grace", paramLabel = "SECONDS", defaultValue = "60",
            description = "An endpoint created with lifetime 'port' (the CNI plugin's) is removed once its OVS port has"
                    + " been gone this long while its host is connected: a delete that never came leaks nothing"
                    + " (default: ${DEFAULT-VALUE}).")
    long unpluggedGraceSeconds;

    @Override
    public Integer call() throws Exception {
        for (String t : ovsdbTargets) {
            io.weft.ovsdb.OvsdbConnector.parse(t);
        }
        ControllerSettings settings;
        try {
            settings = new ControllerSettings(listen, openflowPort, ovsdbPort, restPort, dataDir, ovsdbTargets, tls,
                    insecure, tlsNames, dnsUpstream, java.time.Duration.ofSeconds(unpluggedGraceSeconds), store,
                    member != null ? member : ControllerSettings.defaultMember(restPort),
                    java.time.Duration.ofSeconds(leaseTtlSeconds));
        } catch (IllegalArgumentException e) {
            System.err.println("weft: " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        try (WeftController controller = WeftController.start(settings)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                controller.close();
                stopped.countDown();
            }, "weft-shutdown"));
            stopped.await();
        }
        return 0;
    }
}
