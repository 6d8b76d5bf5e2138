package io.weft.apps.launcher;

import io.weft.apps.cluster.EtcdClient;
import io.weft.apps.cluster.EtcdStateStore;
import io.weft.apps.cluster.EtcdTarget;
import io.weft.apps.overlay.ControlPlane;
import io.weft.apps.overlay.OverlayApp;
import io.weft.apps.provisioning.HostAuthenticator;
import io.weft.apps.provisioning.HostProvisioner;
import io.weft.apps.rest.ApiTokens;
import io.weft.apps.rest.HostAuditor;
import io.weft.apps.rest.RestSecurity;
import io.weft.apps.rest.RestServer;
import io.weft.controller.OpenFlowConfig;
import io.weft.controller.OpenFlowServer;
import io.weft.controller.SwitchAdmission;
import io.weft.controller.SwitchRegistry;
import io.weft.ovsdb.OvsdbConfig;
import io.weft.ovsdb.OvsdbConnector;
import io.weft.ovsdb.OvsdbServer;
import io.weft.topology.StateStore;
import io.weft.topology.Topology;
import io.weft.topology.store.JournalStateStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where Weft's parts are built and wired together (constructor injection, no
 * singletons). Closing it stops everything it started, in reverse order; flows stay on the switches.
 */
public final class WeftController implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WeftController.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private InetSocketAddress openFlowAddress;
    private Topology topology;
    private int ovsdbPort;
    private int restPort;
    private volatile boolean closed;
    private java.nio.file.Path dataDir;

    private WeftController() {
    }

    public static WeftController start(ControllerSettings settings) throws IOException, InterruptedException {
        WeftController c = new WeftController();
        try {
            c.wire(settings);
        } catch (IOException | InterruptedException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** The embedded journal in the data directory, or etcd (each write committed by a quorum before it returns). */
    private static StateStore openStore(ControllerSettings settings) {
        Optional<EtcdTarget> etcd = settings.etcd();
        if (etcd.isEmpty()) {
            return JournalStateStore.open(settings.dataDir());
        }
        LOG.info("topology kept in etcd {} under {}", etcd.get().members(), etcd.get().prefix());
        return new EtcdStateStore(new EtcdClient(etcd.get().members(), ETCD_REQUEST_TIMEOUT), etcd.get().prefix());
    }

    /** etcd answers a write within its own request timeout (5 s plus two election timeouts) or says why not. */
    private static final java.time.Duration ETCD_REQUEST_TIMEOUT = java.time.Duration.ofSeconds(10);

    private void wire(ControllerSettings settings) throws IOException, InterruptedException {
        Files.createDirectories(settings.dataDir());
        this.dataDir = settings.dataDir();
        LOG.info("weft controller starting: data dir {}", settings.dataDir().toAbsolutePath());
        StateStore store = openStore(settings);
        started.push(store);
        Topology topology = Topology.open(store);
        this.topology = topology;

        Optional<SouthboundTls> tls = settings.tls()
                ? Optional.of(SouthboundTls.open(settings.dataDir(), settings.listen(), settings.tlsNames(), topology)) : Optional.empty();
        if (tls.isEmpty() && !ControllerSettings.isLoopback(settings.listen())) {
            LOG.warn("serving plaintext on {} (--insecure): any machine that reaches the OVSDB and OpenFlow ports can"
                    + " join as a host or a switch and read the overlay's flows", settings.listen());
        }
        SwitchRegistry switches = new SwitchRegistry(tls.map(SouthboundTls::switchAdmission)
                .orElse(SwitchAdmission.ANY));
        OpenFlowServer openFlow = new OpenFlowServer(
                OpenFlowConfig.defaults().withListen(settings.listen(), settings.openflowPort()), switches,
                tls.flatMap(SouthboundTls::server));
        openFlowAddress = openFlow.start();
        started.push(openFlow);

        ControlPlane plane = ControlPlane.start(topology, switches, new ControlPlane.Options(openFlowAddress.getPort(),
                tls.isPresent(), tls.map(SouthboundTls::hostAuthenticator).orElse(HostAuthenticator.ANY),
                OverlayApp.DEFAULT_AUDIT_INTERVAL, true, true, settings.dnsUpstreamAddress(), settings.unpluggedGrace()));
        started.push(plane);
        HostProvisioner provisioner = plane.provisioner();
        OverlayApp overlay = plane.overlay();

        OvsdbServer ovsdb = new OvsdbServer(settings.listen(), settings.ovsdbPort(), OvsdbConfig.defaults(), provisioner,
                tls.flatMap(SouthboundTls::server));
        ovsdbPort = ovsdb.start().getPort();
        started.push(ovsdb);
        for (String target : settings.ovsdbTargets()) {
            OvsdbConnector connector = new OvsdbConnector(target, OvsdbConfig.defaults(), provisioner,
                    tls.flatMap(SouthboundTls::client));
            connector.start();
            started.push(connector);
        }

        HostAdmissions admissions = new HostAdmissions(topology, provisioner, switches, tls.map(SouthboundTls::ca));
        RestSecurity restSecurity = tls.map(t -> new RestSecurity(Optional.of(t.restTls()),
                Optional.<ApiTokens>of(RestTokens.open(settings.dataDir().resolve(SouthboundTls.PKI_DIRECTORY)))))
                .orElse(RestSecurity.NONE);
        HostAuditor auditor = host -> overlay.audit(host).thenApply(
                report -> new HostAuditor.Audit(report.flowsRead(), report.groupsRead(), report.repairs()));
        RestServer rest = new RestServer(topology, overlay::flowsOf, admissions, auditor, restSecurity,
                settings.listen(), settings.restPort());
        restPort = rest.start();
        started.push(rest);
        LOG.info("weft controller ready: openflow {}, ovsdb {}, rest {}", openFlowAddress.getPort(),
                settings.ovsdbPort(), restPort);
    }

    InetSocketAddress openFlowAddress() {
        return openFlowAddress;
    }

    public int restPort() {
        return restPort;
    }

    public int ovsdbPort() {
        return ovsdbPort;
    }

    /** For in-process benchmarks that time status changes as events. */
    public Topology topology() {
        return topology;
    }

    /** Where the controller's CA, certificates and first admin token are kept (with --tls). */
    public java.nio.file.Path pkiDirectory() {
        return dataDir.resolve(SouthboundTls.PKI_DIRECTORY);
    }

    /** The first admin token's file, written once when the token store is created (with --tls). */
    public java.nio.file.Path adminTokenFile() {
        return pkiDirectory().resolve(RestTokens.ADMIN_TOKEN_FILE);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("weft controller stopping");
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                LOG.warn("error while stopping: {}", e.toString());
            }
        }
    }
}
