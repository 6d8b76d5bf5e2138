package io.weft.apps.overlay;

import io.weft.apps.provisioning.HostJoinContract;
import io.weft.apps.overlay.hosts.HostsByDatapath;
import io.weft.controller.DatapathId;
import io.weft.controller.SwitchHandle;
import io.weft.controller.SwitchListener;
import io.weft.controller.SwitchRegistry;
import io.weft.controller.flow.Action;
import io.weft.controller.flow.Field;
import io.weft.controller.flow.PortNumber;
import io.weft.controller.flow.ReceivedPacket;
import io.weft.topology.ConnectionState;
import io.weft.topology.Host;
import io.weft.topology.Ipv4;
import io.weft.topology.Topology;
import io.weft.topology.TunnelHealth;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, without an agent, that each host's VXLAN traffic really reaches the other hosts: every round it has each
 * host's switch send a probe frame (PACKET_OUT, VNI {@link TunnelProbeFrame#VNI}) through its tunnel port to its ring
 * peers, whose probe catcher flow hands it back (PACKET_IN). The verdicts ({@link TunnelProbeLedger}) become each
 * host's {@link TunnelHealth}, and a host whose tunnel is down is reported not ready with the reason: a host whose
 * tunnel IP cannot carry VXLAN (on the netdev datapath, an address that is not on an OVS bridge) looked ready before
 * and lost every packet to other hosts. This is OVN's BFD on tunnel ports, done from the controller.
 */
public final class TunnelProber implements SwitchListener {
    private static final Logger LOG = LoggerFactory.getLogger(TunnelProber.class);
    private static final PortNumber TUNNEL = PortNumber.of(HostJoinContract.TUNNEL_OFPORT);
    private static final String DUMMY = "dummy";

    private final Topology topology;
    private final SwitchRegistry switches;
    private final ScheduledExecutorService scheduler;
    private final Settings settings;
    private final TunnelProbeLedger ledger;
    private final LongSupplier clock;
    private final SecureRandom random = new SecureRandom();
    /** Nonces of the recent rounds: a probe carrying another one is not believed. */
    private final Set<Long> recentNonces = ConcurrentHashMap.newKeySet();
    private final Deque<Long> nonceOrder = new ArrayDeque<>();
    /** Which host each switch is, refreshed every round, for packet-ins on the I/O threads. */
    private volatile Map<DatapathId, String> hostByDatapath = Map.of();
    private ScheduledFuture<?> rounds;

    /**
     * @param interval     time between rounds
     * @param detection    how long without a probe both ways before a host is reported down
     * @param peersPerHost how many ring peers each host probes
     */
    public record Settings(Duration interval, Duration detection, int peersPerHost) {
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(1), Duration.ofSeconds(5), 3);

        public Settings {
            if (detection.compareTo(interval.multipliedBy(2)) < 0) {
                throw new IllegalArgumentException("detection must cover at least two probe intervals");
            }
        }
    }

    public TunnelProber(Topology topology, SwitchRegistry switches, ScheduledExecutorService scheduler,
                        Settings settings) {
        this(topology, switches, scheduler, settings, System::nanoTime);
    }

    TunnelProber(Topology topology, SwitchRegistry switches, ScheduledExecutorService scheduler, Settings settings,
                 LongSupplier clock) {
        this.topology = Objects.requireNonNull(topology, "topology");
        this.switches = Objects.requireNonNull(switches, "switches");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = clock;
        this.ledger = new TunnelProbeLedger(settings.peersPerHost(), settings.detection());
    }

    public void start() {
        switches.addListener(this);
        long period = settings.interval().toMillis();
        rounds = scheduler.scheduleWithFixedDelay(this::roundSafely, period, period, TimeUnit.MILLISECONDS);
    }

    public void stop() {
        switches.removeListener(this);
        if (rounds != null) {
            rounds.cancel(false);
        }
    }

    private void roundSafely() {
        try {
            round();
        } catch (RuntimeException e) {
            LOG.warn("tunnel probe round failed: {}", e.toString());
        }
    }

    /** Judges the last rounds' probes, then sends this round's. */
    void round() {
        List<Host> hosts = topology.hosts();
        List<Host> probeable = hosts.stream().filter(this::probeable).sorted(Comparator.comparing(Host::name)).toList();
        hostByDatapath = Map.copyOf(HostsByDatapath.of(probeable));
        List<String> names = probeable.stream().map(Host::name).toList();
        Map<String, TunnelHealth> verdicts = ledger.evaluate(names, clock.getAsLong());
        for (Host host : hosts) {
            TunnelHealth health = verdicts.getOrDefault(host.name(), notProbed(host));
            if (!health.equals(host.tunnel())) {
                record(host, health);
            }
        }
        sendProbes(probeable, names);
    }

    private void sendProbes(List<Host> probeable, List<String> names) {
        long nonce = nextNonce();
        Map<String, Host> byName = new java.util.HashMap<>();
        probeable.forEach(h -> byName.put(h.name(), h));
        for (Host host : probeable) {
            Optional<SwitchHandle> sw = switchOf(host);
            if (sw.isEmpty()) {
                continue;
            }
            for (String peer : ledger.peersOf(names, host.name())) {
                int peerIp = byName.get(peer).tunnelIp().getAsInt();
                sw.get().sendPacket(List.of(Action.setField(Field.TUNNEL_ID, TunnelProbeFrame.VNI),
                        Action.setField(Field.TUNNEL_IPV4_DST, Integer.toUnsignedLong(peerIp)), Action.output(TUNNEL)),
                        new TunnelProbeFrame(nonce, host.name(), peer).encode());
            }
        }
    }

    private long nextNonce() {
        long nonce = random.nextLong();
        recentNonces.add(nonce);
        nonceOrder.addLast(nonce);
        long keep = settings.detection().toMillis() / settings.interval().toMillis() + 2;
        while (nonceOrder.size() > keep) {
            recentNonces.remove(nonceOrder.removeFirst());
        }
        return nonce;
    }

    @Override
    public void packetReceived(SwitchHandle sw, ReceivedPacket packet) {
        if (packet.tunnelId() != TunnelProbeFrame.VNI || !packet.inPort().equals(TUNNEL)) {
            return;
        }
        String receiver = hostByDatapath.get(sw.datapathId());
        Optional<TunnelProbeFrame> probe = TunnelProbeFrame.decode(packet.frame());
        if (receiver == null || probe.isEmpty() || !recentNonces.contains(probe.get().nonce())
                || !probe.get().to().equals(receiver)) {
            LOG.debug("dpid={} ignored a frame on VNI 0 that is not a current probe for it", sw.datapathId());
            return;
        }
        ledger.arrived(probe.get().from(), receiver, clock.getAsLong());
    }

    @Override
    public void switchConnected(SwitchHandle sw) {
    }

    @Override
    public void switchDisconnected(SwitchHandle sw) {
    }

    private boolean probeable(Host host) {
        return host.tunnelIp().isPresent() && host.openflow() == ConnectionState.CONNECTED
                && host.datapathId().isPresent() && !host.datapathType().map(DUMMY::equals).orElse(false)
                && switchOf(host).isPresent();
    }

    private Optional<SwitchHandle> switchOf(Host host) {
        return host.datapathId().map(DatapathId::parse).flatMap(switches::get).filter(SwitchHandle::isConnected);
    }

    private static TunnelHealth notProbed(Host host) {
        if (host.datapathType().map(DUMMY::equals).orElse(false)) {
            return TunnelHealth.unchecked("the dummy datapath carries no packets");
        }
        if (host.tunnelIp().isEmpty()) {
            return TunnelHealth.unchecked("no tunnel ip");
        }
        return TunnelHealth.unchecked("its switch is not connected");
    }

    private void record(Host host, TunnelHealth health) {
        String name = host.name();
        if (health.state() == TunnelHealth.State.DOWN) {
            String ip = Ipv4.format(host.tunnelIp().getAsInt());
            health = TunnelHealth.down(health.detail() + "; check that " + ip + " (weft-tunnel-ip) is reachable from"
                    + " the other hosts over UDP 4789" + (host.datapathType().map("netdev"::equals).orElse(false)
                    ? " and, on the netdev datapath, is an address of an OVS bridge such as br-phy" : ""));
            if (health.equals(host.tunnel())) {
                return;
            }
            LOG.warn("host={} tunnel down: {}", name, health.detail());
        } else if (host.tunnel().state() == TunnelHealth.State.DOWN) {
            LOG.info("host={} tunnel {}: {}", name, health.state().name().toLowerCase(java.util.Locale.ROOT),
                    health.detail());
        }
        TunnelHealth verdict = health;
        try {
            topology.updateHost(name, h -> h.withTunnel(verdict));
        } catch (RuntimeException e) {
            LOG.debug("host={} tunnel health not recorded: {}", name, e.toString());
        }
    }
}
