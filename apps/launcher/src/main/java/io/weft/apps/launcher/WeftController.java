package io.weft.apps.launcher;

import io.weft.apps.cluster.EtcdClient;
import io.weft.apps.cluster.LeaderElection;
import io.weft.apps.cluster.EtcdTarget;
import io.weft.apps.overlay.ControlPlane;
import io.weft.apps.overlay.OverlayApp;
import io.weft.apps.provisioning.HostAuthenticator;
import io.weft.apps.provisioning.HostProvisioner;
import io.weft.apps.rest.ApiTokens;
import io.weft.apps.rest.HostAuditor;
import io.weft.apps.rest.RestSecurity;
import io.weft.apps.rest.Diagnostics;
import io.weft.apps.rest.RestServer;
import io.weft.apps.rest.ClusterStatusSource;
import io.weft.apps.rest.StandbyRestServer;
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
    private volatile Topology topology;
    private int ovsdbPort;
    private int restPort;
    private volatile boolean closed;
    private java.nio.file.Path dataDir;
    /** One registry per controller process, from its start: a standby's store writes count once it leads. */
    private final io.weft.apps.observability.WeftMetrics metrics =
            new io.weft.apps.observability.WeftMetrics(() -> topology != null);

    private WeftController() {
    }

    public static WeftController start(ControllerSettings settings) throws IOException, InterruptedException {
        return start(settings, why -> {
            // A deposed leader stops: its supervisor starts it again as a standby (docs/cluster.md). Its store
            // already refuses writes (it holds no fence now) and the switches its claims; the short grace lets the
            // request that found out get its answer.
            LOG.error("no longer the cluster's leader ({}): stopping; restart me to stand by", why);
            Thread halt = new Thread(() -> {
                try {
                    Thread.sleep(DEPOSED_GRACE_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                Runtime.getRuntime().halt(DEPOSED_EXIT_STATUS);
            }, "deposed");
            halt.setDaemon(false);
            halt.start();
        });
    }

    /** The exit status of a deposed leader: not a failure of its own, its supervisor restarts it. */
    static final int DEPOSED_EXIT_STATUS = 75;
    private static final long DEPOSED_GRACE_MS = 300;

    /** @param onDeposed what a cluster member that led and no longer does runs (the command: stop the process) */
    static WeftController start(ControllerSettings settings, java.util.function.Consumer<String> onDeposed)
            throws IOException, InterruptedException {
        WeftController c = new WeftController();
        try {
            c.wire(settings, onDeposed);
        } catch (IOException | InterruptedException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** etcd answers a write within its own request timeout (5 s plus two election timeouts) or says why not. */
    private static final java.time.Duration ETCD_REQUEST_TIMEOUT = java.time.Duration.ofSeconds(10);

    private void wire(ControllerSettings settings, java.util.function.Consumer<String> onDeposed)
            throws IOException, InterruptedException {
        Files.createDirectories(settings.dataDir());
        this.dataDir = settings.dataDir();
        LOG.info("weft controller starting: data dir {}", settings.dataDir().toAbsolutePath());
        Optional<EtcdTarget> etcd = settings.etcd();
        if (etcd.isPresent()) {
            wireCluster(settings, etcd.get(), onDeposed);
            return;
        }
        StateStore store = JournalStateStore.open(settings.dataDir());
        started.push(store);
        Topology topology = Topology.open(new io.weft.apps.observability.TimedStateStore(store, metrics));
        Optional<SouthboundTls> tls = settings.tls()
                ? Optional.of(SouthboundTls.open(settings.dataDir(), settings.listen(), settings.tlsNames(), topology)) : Optional.empty();
        Southbound south = southbound(settings, tls);
        lead(settings, settings.restPort(), topology, south, tls, ClusterStatusSource.SINGLE, false,
                () -> RestTokens.open(settings.dataDir().resolve(SouthboundTls.PKI_DIRECTORY)));
        LOG.info("weft controller ready: openflow {}, ovsdb {}, rest {}", openFlowAddress.getPort(), ovsdbPort,
                restPort);
    }

    /** The listeners every controller runs, leader or standby: hosts and switches connect to all of them. */
    private record Southbound(SwitchRegistry switches, OvsdbGate ovsdb) {
    }

    private Southbound southbound(ControllerSettings settings, Optional<SouthboundTls> tls)
            throws InterruptedException {
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
        OvsdbGate gate = new OvsdbGate();
        OvsdbServer ovsdb = new OvsdbServer(settings.listen(), settings.ovsdbPort(), OvsdbConfig.defaults(), gate,
                tls.flatMap(SouthboundTls::server));
        ovsdbPort = ovsdb.start().getPort();
        started.push(ovsdb);
        return new Southbound(switches, gate);
    }

    /**
     * Cluster mode: the listeners now, with a standby's REST API; the rest once this controller is elected, from
     * the topology as etcd holds it then.
     */
    private void wireCluster(ControllerSettings settings, EtcdTarget etcd, java.util.function.Consumer<String> onDeposed)
            throws InterruptedException {
        LOG.info("cluster member {}: topology kept in etcd {} under {}", settings.member(), etcd.members(),
                etcd.prefix());
        EtcdClient client = new EtcdClient(etcd.members(), ETCD_REQUEST_TIMEOUT);
        // The topology the switches and hosts are checked against: none until this member leads.
        java.util.concurrent.atomic.AtomicReference<Optional<Topology>> served =
                new java.util.concurrent.atomic.AtomicReference<>(Optional.empty());
        Optional<ClusterPki> pki = settings.tls() ? Optional.of(new ClusterPki(client, etcd.prefix(),
                settings.dataDir().resolve(SouthboundTls.PKI_DIRECTORY))) : Optional.empty();
        pki.ifPresent(ClusterPki::shareCa);
        Optional<SouthboundTls> tls = settings.tls() ? Optional.of(SouthboundTls.open(settings.dataDir(),
                settings.listen(), settings.tlsNames(), served::get)) : Optional.empty();
        Southbound south = southbound(settings, tls);
        java.util.concurrent.ExecutorService promotion = java.util.concurrent.Executors.newSingleThreadExecutor(
                r -> new Thread(r, "promotion"));
        started.push(promotion::shutdownNow);
        // The REST port is bound first, by the standby's API, so the member record can name it.
        ClusterMember[] member = new ClusterMember[1];
        standbyRest = new StandbyRestServer(settings.listen(), settings.restPort(), () -> member[0].status(),
                () -> member[0].leaderApi(), tls.map(SouthboundTls::restTls),
                tls.map(SouthboundTls::restClientTls), metrics, pki.map(p -> new StandbyTokens(p,
                settings.dataDir().resolve(SouthboundTls.PKI_DIRECTORY))));
        restPort = standbyRest.start();
        started.push(() -> closeStandbyRest());
        String api = (tls.isPresent() ? "https" : "http") + "://" + advertised(settings) + ":" + restPort;
        member[0] = new ClusterMember(etcd, client, settings.member(), api, settings.leaseTtl(),
                new LeaderElection.Listener() {
                    @Override
                    public void elected(long fence) {
                        promotion.execute(() -> promote(settings, south, tls, pki, served, member[0], fence,
                                onDeposed));
                    }

                    @Override
                    public void deposed(String why) {
                        onDeposed.accept(why);
                    }
                });
        started.push(member[0]);
        // A hot standby: one store for its copy of the topology and, once elected, its writes. The copy is read
        // again whenever the leader has committed a change, so a new leader rarely needs to load it.
        io.weft.apps.cluster.EtcdStateStore store = member[0].fencedStore();
        started.push(store);
        Topology copy = Topology.follow(new io.weft.apps.observability.TimedStateStore(store, metrics));
        java.util.concurrent.ScheduledExecutorService refresh = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "standby-copy");
                    t.setDaemon(true);
                    return t;
                });
        started.push(refresh::shutdownNow);
        refresh.scheduleWithFixedDelay(() -> {
            try {
                if (!store.loadIsCurrent()) {
                    copy.reload();
                }
            } catch (RuntimeException e) {
                LOG.debug("standby copy not refreshed: {}", e.toString());
            }
        }, STANDBY_REFRESH_MS, STANDBY_REFRESH_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
        standbyCopy = new StandbyCopy(store, copy, refresh);
        member[0].start();
        LOG.info("weft controller ready: openflow {}, ovsdb {}, rest {} (standing by until elected)",
                openFlowAddress.getPort(), ovsdbPort, restPort);
    }

    /** The address others reach this member's API at: the first --tls-name, the --listen address, or the host name. */
    private static String advertised(ControllerSettings settings) {
        if (!settings.tlsNames().isEmpty()) {
            return settings.tlsNames().get(0);
        }
        if (!settings.listen().equals("0.0.0.0") && !settings.listen().equals("::")) {
            return settings.listen();
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    private StandbyRestServer standbyRest;
    private StandbyCopy standbyCopy;
    /** How often a standby checks whether its copy of the topology is still current. */
    private static final long STANDBY_REFRESH_MS = 500;

    /** A standby's copy of the topology, the store it reads it from, and what refreshes it. */
    private record StandbyCopy(io.weft.apps.cluster.EtcdStateStore store, Topology topology,
                               java.util.concurrent.ExecutorService refresh) {
        /** Stops refreshing; the copy as etcd holds it now (read again only if a change came since). */
        Topology takeOver() throws InterruptedException {
            refresh.shutdownNow();
            refresh.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
            if (!store.loadIsCurrent()) {
                topology.reload();
            }
            topology.lead();
            return topology;
        }
    }

    private synchronized void closeStandbyRest() {
        if (standbyRest != null) {
            standbyRest.close();
            standbyRest = null;
        }
    }

    private void promote(ControllerSettings settings, Southbound south, Optional<SouthboundTls> tls,
                         Optional<ClusterPki> pki, java.util.concurrent.atomic.AtomicReference<Optional<Topology>> served,
                         ClusterMember member, long fence, java.util.function.Consumer<String> onDeposed) {
        long began = System.nanoTime();
        try {
            Topology topology;
            synchronized (this) {
                if (closed) {
                    return;
                }
                topology = standbyCopy.takeOver();
                served.set(Optional.of(topology));
                // Sessions a standby admitted on their certificate alone are asked again, now with the topology.
                south.switches().readmit();
                south.switches().addListener(new StaleClaims(member));
                // Claimed before anything else is sent: the switches take this controller's flow-mods as the
                // master's and refuse the previous leader's from now on.
                south.switches().claimRole(io.weft.controller.ControllerRole.MASTER, fence);
                closeStandbyRest();
                lead(settings, restPort, topology, south, tls, member, true, () -> {
                    pki.orElseThrow().fetchTokens();
                    return RestTokens.open(settings.dataDir().resolve(SouthboundTls.PKI_DIRECTORY),
                            () -> pki.orElseThrow().publishTokens(member.fence()));
                });
            }
            LOG.info("weft controller leading (fence {}) {} ms after its election: {} networks, {} endpoints", fence,
                    (System.nanoTime() - began) / 1_000_000, topology.networks().size(),
                    topology.snapshot().endpoints().size());
        } catch (RuntimeException e) {
            LOG.error("could not take over as leader", e);
            onDeposed.accept("promotion failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A switch that refuses this leader's MASTER claim as stale has seen a newer leader's: this one is deposed. */
    private record StaleClaims(ClusterMember member) implements io.weft.controller.SwitchListener {
        @Override
        public void switchConnected(io.weft.controller.SwitchHandle sw) {
        }

        @Override
        public void switchDisconnected(io.weft.controller.SwitchHandle sw) {
        }

        @Override
        public void roleRefused(io.weft.controller.SwitchHandle sw, io.weft.controller.ControllerRole role,
                                Throwable why) {
            if (why instanceof io.weft.controller.OpenFlowErrorException e && e.errorCode().equals("STALE")) {
                member.lost("switch " + sw.datapathId() + " refused MASTER as stale: a newer leader claimed it");
            }
        }
    }

    /** What the controller that leads runs: the control plane, provisioning, active connectors, the REST API. */
    private void lead(ControllerSettings settings, int restPortToBind, Topology topology, Southbound south,
                      Optional<SouthboundTls> tls, ClusterStatusSource cluster, boolean clustered,
                      java.util.function.Supplier<RestTokens> tokens) {
        this.topology = topology;
        SwitchRegistry switches = south.switches();
        ControlPlane plane;
        try {
            plane = ControlPlane.start(topology, switches, new ControlPlane.Options(openFlowAddress.getPort(),
                    tls.isPresent(), tls.map(SouthboundTls::hostAuthenticator).orElse(HostAuthenticator.ANY),
                    OverlayApp.DEFAULT_AUDIT_INTERVAL, true, true, settings.dnsUpstreamAddress(),
                    settings.unpluggedGrace(), clustered), metrics);
        } catch (java.net.SocketException e) {
            throw new IllegalStateException("cannot start the control plane: " + e.getMessage(), e);
        }
        started.push(plane);
        HostProvisioner provisioner = plane.provisioner();
        OverlayApp overlay = plane.overlay();
        south.ovsdb().open(provisioner);
        for (String target : settings.ovsdbTargets()) {
            OvsdbConnector connector = new OvsdbConnector(target, OvsdbConfig.defaults(), provisioner,
                    tls.flatMap(SouthboundTls::client));
            connector.start();
            started.push(connector);
        }

        HostAdmissions admissions = new HostAdmissions(topology, provisioner, switches, tls.map(SouthboundTls::ca));
        RestSecurity restSecurity = tls.map(t -> new RestSecurity(Optional.of(t.restTls()),
                Optional.<ApiTokens>of(tokens.get()))).orElse(RestSecurity.NONE);
        HostAuditor auditor = host -> overlay.audit(host).thenApply(
                report -> new HostAuditor.Audit(report.flowsRead(), report.groupsRead(), report.repairs()));
        metrics.watch(topology, () -> switches.all().size(), overlay::flowCounts);
        RestServer rest = new RestServer(topology, overlay::flowsOf, admissions, auditor, restSecurity,
                settings.listen(), restPortToBind, cluster, new Diagnostics(metrics, metrics,
                new io.weft.apps.observability.OverlayTracer(topology, overlay), new io.weft.apps.observability.FlowTables(overlay)));
        restPort = rest.start();
        started.push(rest);
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

    /**
     * The topology once this controller leads: at once for a controller on its journal, after its election for a
     * cluster member. For tests and in-process benchmarks.
     */
    public Topology awaitLeadership(java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (topology == null) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not elected within " + timeout);
            }
            Thread.sleep(10);
        }
        return topology;
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
