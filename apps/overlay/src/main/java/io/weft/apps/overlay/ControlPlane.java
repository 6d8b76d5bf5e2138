package io.weft.apps.overlay;

import io.weft.apps.overlay.dns.DnsResponder;
import io.weft.apps.overlay.hosts.HostSync;
import io.weft.apps.overlay.hosts.PortReadiness;
import io.weft.apps.overlay.hosts.UnpluggedEndpointReaper;
import io.weft.apps.provisioning.HostAuthenticator;
import io.weft.apps.provisioning.HostProvisioner;
import io.weft.apps.provisioning.ProvisioningConfig;
import io.weft.controller.SwitchRegistry;
import io.weft.topology.Topology;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The switch-facing control plane, wired once for the launcher and the tests alike: host observation
 * ({@link HostSync}), provisioning over OVSDB ({@link #provisioner()}, for the caller's OVSDB server or connectors),
 * the overlay, and, when asked, tunnel probes and DNS at the gateways. The network listeners (ports, TLS) stay the
 * caller's. Closing it stops what it started, in reverse order; flows stay on the switches.
 */
public final class ControlPlane implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);

    /**
     * @param openflowPort  the OpenFlow port hosts are given as their controller target
     * @param secure        hosts and switches are admitted by certificate (the target is {@code ssl:})
     * @param auditInterval how often each switch is audited; zero for never
     * @param probeTunnels  probe every host's tunnel (a host whose tunnel is down is not ready)
     * @param dns           answer DNS at the gateways, forwarding other names to {@code dnsUpstream} if present
     * @param unpluggedGrace how long an endpoint of lifetime {@code port} may stay without its port before it is
     *                       removed ({@link UnpluggedEndpointReaper})
     * @param cluster       one of several controllers: every host's br-int gets one OpenFlow target per OVSDB
     *                      manager it lists ({@link ProvisioningConfig#targetPerManager()})
     */
    public record Options(int openflowPort, boolean secure, HostAuthenticator authenticator, Duration auditInterval,
                          boolean probeTunnels, boolean dns, Optional<InetSocketAddress> dnsUpstream,
                          Duration unpluggedGrace, boolean cluster) {
        /** A CNI DEL that never came costs a minute of an address; a runtime's slow ADD is far shorter. */
        public static final Duration DEFAULT_UNPLUGGED_GRACE = Duration.ofSeconds(60);

        /** Plaintext, no probes, no DNS: for tests of the overlay alone. */
        public static Options plain(int openflowPort, Duration auditInterval) {
            return new Options(openflowPort, false, HostAuthenticator.ANY, auditInterval, false, false,
                    Optional.empty(), DEFAULT_UNPLUGGED_GRACE, false);
        }
    }

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private HostProvisioner provisioner;
    private OverlayApp overlay;

    private ControlPlane() {
    }

    public static ControlPlane start(Topology topology, SwitchRegistry switches, Options options)
            throws SocketException {
        return start(topology, switches, options, OverlayObserver.NONE);
    }

    /** @param observer told of the overlay's transactions, installs and audits (the metrics) */
    public static ControlPlane start(Topology topology, SwitchRegistry switches, Options options,
                                     OverlayObserver observer) throws SocketException {
        ControlPlane plane = new ControlPlane();
        try {
            plane.wire(topology, switches, options, observer);
        } catch (SocketException | RuntimeException e) {
            plane.close();
            throw e;
        }
        return plane;
    }

    private void wire(Topology topology, SwitchRegistry switches, Options options, OverlayObserver observer)
            throws SocketException {
        ScheduledExecutorService worker = executor("overlay");
        ScheduledExecutorService retries = executor("retries");
        PortReadiness readiness = new PortReadiness();
        HostSync hostSync = new HostSync(topology, switches, options.secure(), readiness);
        topology.addListener(hostSync);
        switches.addListener(hostSync);
        started.push(() -> {
            topology.removeListener(hostSync);
            switches.removeListener(hostSync);
        });
        UnpluggedEndpointReaper reaper = new UnpluggedEndpointReaper(topology, executor("unplugged-endpoints"),
                options.unpluggedGrace(), Clock.systemUTC());
        reaper.start();
        started.push(reaper::stop);
        provisioner = new HostProvisioner(ProvisioningConfig.defaults(options.openflowPort())
                .withOpenflowTls(options.secure()).withTargetPerManager(options.cluster()), options.authenticator(),
                hostSync, retries);
        InstalledMarks marks = new InstalledMarks() {
            @Override
            public void markInstalled(String host, String ifaceId) {
                provisioner.markInstalled(host, ifaceId).thenRun(() -> readiness.marked(ifaceId));
            }

            @Override
            public void flowsSent(String ifaceId) {
                readiness.sent(ifaceId);
            }
        };
        overlay = new OverlayApp(topology, switches, marks, worker, options.auditInterval(), observer);
        overlay.start();
        started.push(overlay::stop);
        if (options.probeTunnels()) {
            TunnelProber prober = new TunnelProber(topology, switches, executor("tunnel-probes"),
                    TunnelProber.Settings.DEFAULT);
            prober.start();
            started.push(prober::stop);
        }
        if (options.dns()) {
            DnsResponder dns = new DnsResponder(topology, options.dnsUpstream());
            switches.addListener(dns);
            started.push(dns);
            started.push(() -> switches.removeListener(dns));
        }
    }

    private ScheduledExecutorService executor(String name) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, name));
        started.push(() -> {
            executor.shutdownNow();
            executor.awaitTermination(5, TimeUnit.SECONDS);
        });
        return executor;
    }

    /** The OVSDB side: what an OVSDB server or connector hands each host's session to. */
    public HostProvisioner provisioner() {
        return provisioner;
    }

    public OverlayApp overlay() {
        return overlay;
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                LOG.warn("error while stopping the control plane: {}", e.toString());
            }
        }
    }
}
