package io.weft.apps.overlay;

import io.weft.controller.DatapathId;
import io.weft.controller.SwitchHandle;
import io.weft.controller.SwitchListener;
import io.weft.controller.SwitchRegistry;
import io.weft.topology.ConnectionState;
import io.weft.topology.Endpoint;
import io.weft.topology.EndpointStatus;
import io.weft.topology.Host;
import io.weft.topology.OvsBinding;
import io.weft.topology.Topology;
import io.weft.topology.TopologyEvent;
import io.weft.topology.TopologyListener;
import io.weft.topology.TopologySnapshot;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the overlay: on every topology change or switch (re)connect it recomputes each connected
 * host's desired flows ({@link OverlayPipeline}, a pure function) and hands them to that host's
 * {@link SwitchReconciler}. When every host that needs an endpoint's flows has confirmed them, the
 * endpoint becomes {@code installed} and its interface is marked {@code weft-installed=true}.
 *
 * <p>All state lives on one worker thread; listeners only schedule work onto it.
 */
public final class OverlayApp implements TopologyListener, SwitchListener {
    private static final Logger LOG = LoggerFactory.getLogger(OverlayApp.class);

    private final Topology topology;
    private final SwitchRegistry switches;
    private final InstalledMarks marks;
    private final ScheduledExecutorService worker;
    private final AtomicBoolean recomputeQueued = new AtomicBoolean();
    /** Reconcilers by datapath id of the connected switch. */
    private final Map<DatapathId, SwitchReconciler> reconcilers = new HashMap<>();
    /** Topology version each host's switch last confirmed. */
    private final Map<String, Long> confirmedVersion = new HashMap<>();
    /** The version at which an endpoint (with its current binding) first had to be installed. */
    private final Map<String, Requirement> requirements = new HashMap<>();
    private volatile Map<String, HostFlows> lastDesired = Map.of();

    private record Requirement(OvsBinding binding, long sinceVersion) {
    }

    public OverlayApp(Topology topology, SwitchRegistry switches, InstalledMarks marks,
                      ScheduledExecutorService worker) {
        this.topology = topology;
        this.switches = switches;
        this.marks = marks;
        this.worker = worker;
    }

    /** Subscribes to topology and switch events and takes over the switches already connected. */
    public void start() {
        topology.addListener(this);
        switches.addListener(this);
        switches.all().forEach(this::switchConnected);
        requestRecompute();
    }

    /** Unsubscribes; flows stay on the switches (a restart must not disturb traffic). */
    public void stop() {
        topology.removeListener(this);
        switches.removeListener(this);
    }

    @Override
    public void onChange(TopologyEvent event) {
        if (event instanceof TopologyEvent.EndpointStatusChanged) {
            return; // our own output; it changes no flow
        }
        requestRecompute();
    }

    @Override
    public void switchConnected(SwitchHandle sw) {
        worker.execute(() -> {
            reconcilers.remove(sw.datapathId());
            confirmedVersionForSwitch(sw).ifPresent(h -> confirmedVersion.remove(h));
            updateOpenflowState(sw.datapathId(), ConnectionState.CONNECTED);
            requestRecompute();
        });
    }

    @Override
    public void switchDisconnected(SwitchHandle sw) {
        worker.execute(() -> {
            SwitchReconciler r = reconcilers.get(sw.datapathId());
            if (r != null && r.switchHandle() == sw) {
                reconcilers.remove(sw.datapathId());
            }
            updateOpenflowState(sw.datapathId(), ConnectionState.DISCONNECTED);
        });
    }

    private Optional<String> confirmedVersionForSwitch(SwitchHandle sw) {
        return hostOf(topology.snapshot(), sw.datapathId());
    }

    private void updateOpenflowState(DatapathId dpid, ConnectionState state) {
        hostOf(topology.snapshot(), dpid).ifPresent(name -> {
            if (topology.host(name).map(h -> h.openflow() != state).orElse(false)) {
                topology.updateHost(name, h -> h.withOpenflow(state));
            }
        });
    }

    private static Optional<String> hostOf(TopologySnapshot snapshot, DatapathId dpid) {
        String hex = dpid.toString();
        return snapshot.hosts().values().stream().filter(h -> h.datapathId().map(hex::equals).orElse(false))
                .map(Host::name).findFirst();
    }

    private void requestRecompute() {
        if (recomputeQueued.compareAndSet(false, true)) {
            worker.execute(() -> {
                recomputeQueued.set(false);
                recompute();
            });
        }
    }

    /** Worker thread: recompute every connected host's flows and submit them. */
    private void recompute() {
        TopologySnapshot snapshot = topology.snapshot();
        Map<String, HostFlows> desired = new HashMap<>();
        for (Host host : snapshot.hosts().values()) {
            if (host.datapathId().isEmpty()) {
                continue;
            }
            DatapathId dpid = DatapathId.parse(host.datapathId().get());
            Optional<SwitchHandle> sw = switches.get(dpid).filter(SwitchHandle::isConnected);
            if (sw.isEmpty()) {
                continue;
            }
            if (host.openflow() != ConnectionState.CONNECTED) {
                topology.updateHost(host.name(), h -> h.withOpenflow(ConnectionState.CONNECTED));
            }
            SwitchReconciler r = reconcilers.get(dpid);
            if (r == null || r.switchHandle() != sw.get()) {
                String name = host.name();
                r = new SwitchReconciler(sw.get(), name, worker, version -> confirmed(name, version));
                reconcilers.put(dpid, r);
            }
            HostFlows flows = OverlayPipeline.desiredFor(snapshot, host.name());
            desired.put(host.name(), flows);
            r.submit(flows, snapshot.version());
        }
        lastDesired = Map.copyOf(desired);
        trackRequirements(snapshot);
    }

    private void trackRequirements(TopologySnapshot snapshot) {
        Set<String> present = new HashSet<>();
        for (Endpoint e : snapshot.endpoints().values()) {
            present.add(e.id());
            Requirement req = requirements.get(e.id());
            if (e.binding().isEmpty()) {
                requirements.remove(e.id());
                if (e.status() == EndpointStatus.INSTALLED) {
                    topology.setEndpointStatus(e.id(), EndpointStatus.PENDING);
                }
            } else if (req == null || !req.binding().equals(e.binding().get())) {
                requirements.put(e.id(), new Requirement(e.binding().get(), snapshot.version()));
                if (e.status() == EndpointStatus.INSTALLED) {
                    topology.setEndpointStatus(e.id(), EndpointStatus.PENDING);
                }
            }
        }
        requirements.keySet().retainAll(present);
    }

    /** Worker thread: a host confirmed the flows of topology version {@code version}. */
    private void confirmed(String host, long version) {
        confirmedVersion.merge(host, version, Math::max);
        TopologySnapshot snapshot = topology.snapshot();
        for (Endpoint e : snapshot.endpoints().values()) {
            Requirement req = requirements.get(e.id());
            if (req == null || e.status() == EndpointStatus.INSTALLED || e.binding().isEmpty()) {
                continue;
            }
            if (requiredHosts(snapshot, e).stream()
                    .allMatch(h -> confirmedVersion.getOrDefault(h, -1L) >= req.sinceVersion())) {
                topology.setEndpointStatus(e.id(), EndpointStatus.INSTALLED);
                LOG.info("host={} endpoint {} ({}) installed on every host that needs it", e.binding().get().host(),
                        e.name(), e.id());
                marks.markInstalled(e.binding().get().host(), e.id());
            }
        }
    }

    /** Every host with a bound endpoint in the endpoint's network holds flows for it. */
    private static Set<String> requiredHosts(TopologySnapshot snapshot, Endpoint e) {
        Set<String> hosts = new HashSet<>();
        for (Endpoint other : snapshot.endpointsIn(e.network())) {
            other.binding().ifPresent(b -> hosts.add(b.host()));
        }
        return hosts;
    }

    /** The flows Weft wants on a host right now, in ovs-ofctl syntax (empty if the host has no switch). */
    public Optional<String> flowsOf(String host) {
        HostFlows flows = lastDesired.get(host);
        if (flows != null) {
            return Optional.of(flows.render());
        }
        TopologySnapshot snapshot = topology.snapshot();
        return snapshot.host(host).map(h -> OverlayPipeline.desiredFor(snapshot, host).render());
    }

    /** For tests and status: completes once the worker has processed everything queued so far. */
    public CompletableFuture<Void> drained() {
        return CompletableFuture.runAsync(() -> { }, worker);
    }

    List<String> connectedHosts() {
        return List.copyOf(confirmedVersion.keySet());
    }
}
