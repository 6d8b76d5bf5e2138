package io.weft.apps.overlay;

import io.weft.apps.overlay.hosts.HostsByDatapath;
import io.weft.controller.DatapathId;
import io.weft.controller.SwitchHandle;
import io.weft.controller.SwitchListener;
import io.weft.controller.SwitchRegistry;
import io.weft.topology.ConnectionState;
import io.weft.topology.Endpoint;
import io.weft.topology.EndpointStatus;
import io.weft.topology.Host;
import io.weft.topology.Topology;
import io.weft.topology.TopologyEvent;
import io.weft.topology.TopologyListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Drives the overlay incrementally. Each topology event updates {@link OverlayModel}, names the
 * networks it touches, and only those networks' parts of the affected hosts' flows are recomputed
 * ({@link OverlayPipeline#fragment}) and handed to the hosts' {@link SwitchReconciler}s as
 * differences. A switch that (re)connects gets its whole desired state and a read-back resync.
 * When every host that needs an endpoint's flows has confirmed them, the endpoint becomes
 * {@code installed} and its interface is marked {@code weft-installed=true} ({@link InstallTracker}).
 *
 * <p>All state lives on one worker thread; listeners only schedule work onto it.
 */
public final class OverlayApp implements TopologyListener, SwitchListener {
    private final Topology topology;
    private final SwitchRegistry switches;
    private final ScheduledExecutorService worker;
    private final OverlayModel model = new OverlayModel();
    /** Changes not yet applied; the worker takes them all at once (see {@link #drain}). */
    private final Queue<TopologyEvent> queued = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    /**
     * 8k flows a generation (at most 16k remembered, about 8 MB): a recompute touches one network's flows at a time,
     * and a network of 2,000 endpoints has about 4,000 member flows, so the ones a change needs are still there. Sized
     * to the work, not to the topology: at 1<<18 the caches held two flows of every endpoint, 1 KB per endpoint.
     */
    private static final int CACHE_GENERATION = 1 << 13;
    private final FlowStamper stamper = new FlowStamper(CACHE_GENERATION);
    private final MemberFlows memberFlows = new MemberFlows(CACHE_GENERATION);
    /**
     * The inputs each host's flows were last computed from, by part: a network's name, or a router's key ({@link
     * RouterFlows#key}). Not the flows: those are computed again when needed ({@link PartInputs}). Every host of a part
     * points at the same inputs once a batch is done, so they cost memory once.
     */
    private final Map<String, Map<String, PartInputs>> parts = new HashMap<>();
    /** Parts' inputs as of the batch being applied, computed once per part and shared by all of its hosts. */
    private final Map<String, Optional<PartInputs>> batchInputs = new HashMap<>();
    /**
     * Each network's latest inputs: what its hosts share, and what its routers' inputs point at. A batch that touches
     * a network drops its entry, so that the network's inputs are copied again, once, from the model.
     */
    private final Map<String, PartInputs.OfNetwork> networkInputs = new HashMap<>();
    private final Map<String, SwitchReconciler> reconcilers = new HashMap<>();
    /**
     * At most 8 switches read back at once (a read-back holds a whole flow table until its resync is confirmed):
     * a thousand hosts reconnecting after a restart take turns instead of holding a thousand tables together.
     */
    private final ReadBackBudget readBacks = new ReadBackBudget(8);
    private final InstallTracker installs;
    private final InstalledMarks marks;
    private final OverlayObserver observer;
    private long seq;
    private final AuditRound audits;
    /** Reading back 50k flows costs a switch under a second; once a minute keeps drift short and the cost small. */
    public static final Duration DEFAULT_AUDIT_INTERVAL = Duration.ofSeconds(60);

    public OverlayApp(Topology topology, SwitchRegistry switches, InstalledMarks marks,
                      ScheduledExecutorService worker) {
        this(topology, switches, marks, worker, DEFAULT_AUDIT_INTERVAL);
    }

    /**
     * @param auditInterval how often every switch is read back and any difference repaired (a Weft flow or group
     *                      deleted by hand, a flow added under Weft's cookie); zero for never
     */
    public OverlayApp(Topology topology, SwitchRegistry switches, InstalledMarks marks,
                      ScheduledExecutorService worker, Duration auditInterval) {
        this(topology, switches, marks, worker, auditInterval, OverlayObserver.NONE);
    }

    /** @param observer told of transactions, installs and audits as they end (the metrics) */
    public OverlayApp(Topology topology, SwitchRegistry switches, InstalledMarks marks,
                      ScheduledExecutorService worker, Duration auditInterval, OverlayObserver observer) {
        this.observer = java.util.Objects.requireNonNull(observer, "observer");
        this.topology = topology;
        this.switches = switches;
        this.worker = worker;
        this.audits = new AuditRound(worker, auditInterval, () -> reconcilers);
        this.marks = marks;
        this.installs = new InstallTracker(topology, marks, model::boundHostsReaching, observer);
    }

    /** Subscribes first, then loads the current state: events that race the load are applied after it. */
    public void start() {
        topology.addListener(this);
        switches.addListener(this);
        worker.execute(this::load);
        audits.start();
    }

    /** Unsubscribes; flows stay on the switches (a restart must not disturb traffic). */
    public void stop() {
        topology.removeListener(this);
        switches.removeListener(this);
        audits.stop();
    }

    private void load() {
        model.load(topology.snapshot());
        seq++;
        parts.clear();
        networkInputs.clear();
        newBatch(Set.of());
        Set<String> allParts = new java.util.LinkedHashSet<>();
        for (Host h : model.hosts()) {
            allParts.addAll(model.partsOn(h.name()));
        }
        allParts.forEach(part -> refresh(part, Set.of()));
        for (Endpoint e : topology.snapshot().endpoints().values()) {
            // An endpoint confirmed before a controller restart stays installed: its flows are still on
            // the switches (the resync only adds what is missing), so tools waiting on the status or on
            // weft-installed see no flap.
            if (e.status() == EndpointStatus.INSTALLED && e.binding().isPresent()) {
                continue;
            }
            installs.require(e, seq);
        }
        switches.all().forEach(this::attachIfKnown);
    }

    @Override
    public void onChange(TopologyEvent event) {
        if (event instanceof TopologyEvent.EndpointStatusChanged || event instanceof TopologyEvent.EndpointAliasesChanged) {
            return; // our own output, or names for DNS: neither changes a flow
        }
        queued.add(event);
        if (drainScheduled.compareAndSet(false, true)) {
            worker.execute(this::drain);
        }
    }

    /**
     * Applies every queued change, then recomputes each network they touched once: under a burst (a bulk create,
     * a host with many endpoints reconnecting) the work is per network touched, not per change. All the changes
     * of one batch share one sequence number, so each endpoint is installed when its batch is confirmed.
     */
    private void drain() {
        drainScheduled.set(false);
        List<TopologyEvent> batch = new ArrayList<>();
        for (TopologyEvent event = queued.poll(); event != null; event = queued.poll()) {
            batch.add(event);
        }
        if (batch.isEmpty()) {
            return;
        }
        seq++;
        BatchChanges changes = new BatchChanges(model);
        batch.forEach(changes::apply);
        newBatch(changes.touchedNetworks());
        for (String network : changes.everywhere()) {
            changes.memberChangesOnly(network).ifPresentOrElse(members -> refreshMembers(network, members),
                    () -> refresh(network, Set.of()));
        }
        changes.onSomeHostsOnly().forEach(this::refreshOnly);
        for (String router : changes.routers()) {
            changes.routeChangesOnly(router).ifPresentOrElse(byNetwork -> refreshRoutes(router, byNetwork),
                    () -> refresh(RouterFlows.key(router), Set.of()));
        }
        batch.forEach(this::track);
    }

    /** What a change means beyond flows: endpoints to wait for, a switch that may now be attached. */
    private void track(TopologyEvent event) {
        if (event instanceof TopologyEvent.HostUpdated e) {
            e.host().datapathId().map(DatapathId::parse).flatMap(switches::get).ifPresent(this::attachIfKnown);
        } else if (event instanceof TopologyEvent.EndpointAdded e) {
            installs.require(e.endpoint(), seq);
        } else if (event instanceof TopologyEvent.EndpointBound e) {
            installs.require(e.endpoint(), seq);
            // Queued behind this batch's sends (the reconcilers write on this worker, in order): runs once they are out.
            worker.execute(() -> marks.flowsSent(e.endpoint().id()));
        } else if (event instanceof TopologyEvent.EndpointUnbound e) {
            installs.require(e.endpoint(), seq);
        } else if (event instanceof TopologyEvent.EndpointRemoved e) {
            installs.forget(e.endpoint());
        }
    }

    /**
     * Endpoints of a router's networks changed and nothing else: like {@link #refreshMembers}, the hosts where a
     * changed endpoint is or was are recomputed, the router's other hosts only swap the changed endpoints' routes.
     */
    private void refreshRoutes(String routerName, Map<String, List<OverlayModel.MemberChange>> byNetwork) {
        io.weft.topology.Router router = model.router(routerName).orElseThrow();
        String key = RouterFlows.key(routerName);
        Set<String> own = new HashSet<>();
        byNetwork.values().forEach(changes -> own.addAll(hostsOf(changes)));
        for (String host : model.hostsHolding(key)) {
            PartInputs before = parts.getOrDefault(host, Map.of()).get(key);
            if (own.contains(host) || before == null) {
                update(key, host);
            } else {
                HostFlows removed = model.routesOf(router, host, byNetwork, true, stamper);
                HostFlows added = model.routesOf(router, host, byNetwork, false, stamper);
                assert patchEqualsRecompute(key, host, before, removed, added);
                install(key, host, inputs(key).orElseThrow(), removed, added);
            }
        }
    }

    /**
     * Recomputes one network's part on {@code hosts} only; the network's other hosts are only asked to confirm
     * this change's sequence number (their flows are the same), which they do at once when idle.
     */
    private void refreshOnly(String networkName, Set<String> hosts) {
        for (String host : hosts) {
            update(networkName, host);
        }
        Optional<PartInputs> now = inputs(networkName);
        for (String other : model.hostsHolding(networkName)) {
            if (hosts.contains(other)) {
                continue;
            }
            // The same flows, from the new inputs: every host of the part keeps pointing at one copy of them.
            now.ifPresent(inputs -> parts.computeIfAbsent(other, h -> new HashMap<>()).computeIfPresent(networkName,
                    (k, was) -> inputs));
            SwitchReconciler r = reconcilers.get(other);
            if (r != null) {
                r.touch(seq);
            }
        }
    }

    /** Recomputes one part (a network's or a router's) on every host that has, or had, it. */
    private void refresh(String networkName, Set<String> alsoHosts) {
        Set<String> hosts = new HashSet<>(model.hostsHolding(networkName));
        hosts.addAll(alsoHosts);
        parts.forEach((host, held) -> {
            if (held.containsKey(networkName)) {
                hosts.add(host);
            }
        });
        for (String host : hosts) {
            update(networkName, host);
        }
    }

    /**
     * Endpoints of a network changed, and the network's hosts stayed the same: the hosts where a changed endpoint
     * is or was are recomputed; on every other host the change is only the changed endpoints' member flows
     * ({@link OverlayModel#memberFlowsOf}), so a create in a network of H hosts costs one recompute and H-1 swaps of
     * two flows.
     */
    private void refreshMembers(String networkName, List<OverlayModel.MemberChange> changes) {
        Set<String> own = hostsOf(changes);
        for (String host : model.hostsIn(networkName)) {
            PartInputs before = parts.getOrDefault(host, Map.of()).get(networkName);
            if (own.contains(host) || before == null) {
                update(networkName, host);
            } else {
                HostFlows removed = model.memberFlowsOf(networkName, host, changes, true, memberFlows);
                HostFlows added = model.memberFlowsOf(networkName, host, changes, false, memberFlows);
                assert patchEqualsRecompute(networkName, host, before, removed, added);
                install(networkName, host, inputs(networkName).orElseThrow(), removed, added);
            }
        }
    }

    /**
     * Checked whenever assertions are on (every test run): the flows before, changed as the reconciler changes them
     * ({@link SwitchReconciler#replace}: what only {@code removed} has goes, what only {@code added} has comes), are
     * the flows a recompute from the new inputs gives.
     */
    private boolean patchEqualsRecompute(String key, String host, PartInputs before, HostFlows removed,
                                         HostFlows added) {
        Set<Long> patched = new HashSet<>(before.flowsOn(host, stamper, memberFlows).flows().keySet());
        removed.flows().keySet().stream().filter(c -> !added.flows().containsKey(c)).forEach(patched::remove);
        added.flows().keySet().stream().filter(c -> !removed.flows().containsKey(c)).forEach(patched::add);
        HostFlows recomputed = inputs(key).orElseThrow().flowsOn(host, stamper, memberFlows);
        if (!patched.equals(recomputed.flows().keySet())) {
            throw new AssertionError("patched flows of " + key + " on " + host + " differ from a recompute");
        }
        return true;
    }

    /** The hosts where the changed endpoints are or were: their parts are recomputed, not patched. */
    private static Set<String> hostsOf(List<OverlayModel.MemberChange> changes) {
        Set<String> hosts = new HashSet<>();
        for (OverlayModel.MemberChange c : changes) {
            if (c.before() != null) {
                hosts.add(c.before().host());
            }
            if (c.after() != null) {
                hosts.add(c.after().host());
            }
        }
        return hosts;
    }

    /** Recomputes one part on one host, from the inputs it had and those it has now; hands over the difference. */
    private void update(String key, String host) {
        PartInputs was = parts.getOrDefault(host, Map.of()).get(key);
        HostFlows before = was == null ? HostFlows.EMPTY : was.flowsOn(host, stamper, memberFlows);
        Optional<PartInputs> now = inputs(key);
        HostFlows after = now.map(i -> i.flowsOn(host, stamper, memberFlows)).orElse(HostFlows.EMPTY);
        install(key, host, after.flows().isEmpty() && after.groups().isEmpty() ? null : now.orElse(null), before,
                after);
    }

    /**
     * Records that {@code host}'s part {@code key} now comes from {@code inputs} (null: the host no longer holds it),
     * and hands its reconciler the change: {@code before}'s flows and groups out, {@code after}'s in.
     */
    private void install(String key, String host, PartInputs inputs, HostFlows before, HostFlows after) {
        Map<String, PartInputs> held = parts.computeIfAbsent(host, h -> new HashMap<>());
        if (inputs == null) {
            held.remove(key);
        } else {
            held.put(key, inputs);
        }
        if (held.isEmpty()) {
            parts.remove(host);
        }
        SwitchReconciler r = reconcilers.get(host);
        if (r != null) {
            if (before.sameAs(after)) {
                r.touch(seq);
            } else {
                r.replace(before, after, seq);
            }
        }
    }

    /** A new batch: the inputs of what it touched are taken afresh, once each, from the model as the batch left it. */
    private void newBatch(Set<String> touchedNetworks) {
        batchInputs.clear();
        networkInputs.keySet().removeAll(touchedNetworks);
    }

    private Optional<PartInputs> inputs(String key) {
        return batchInputs.computeIfAbsent(key, k -> model.inputsOf(k, this::networkInputs));
    }

    private Optional<PartInputs.OfNetwork> networkInputs(String network) {
        PartInputs.OfNetwork known = networkInputs.get(network);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<PartInputs.OfNetwork> now = model.networkInputs(network);
        now.ifPresent(inputs -> networkInputs.put(network, inputs));
        return now;
    }

    @Override
    public void switchConnected(SwitchHandle sw) {
        worker.execute(() -> attachIfKnown(sw));
    }

    @Override
    public void switchDisconnected(SwitchHandle sw) {
        worker.execute(() -> {
            String host = hostOf(sw.datapathId());
            if (host == null) {
                return;
            }
            SwitchReconciler r = reconcilers.get(host);
            if (r != null && r.switchHandle() == sw) {
                reconcilers.remove(host);
                installs.reset(host);
            }
            setOpenflow(host, ConnectionState.DISCONNECTED);
        });
    }

    /** Gives a connected switch its host's whole desired state, if we know which host it is. */
    private void attachIfKnown(SwitchHandle sw) {
        String host = hostOf(sw.datapathId());
        if (host == null || !sw.isConnected()) {
            return; // the host's datapath id arrives over OVSDB; HostUpdated attaches it then
        }
        SwitchReconciler existing = reconcilers.get(host);
        if (existing != null && existing.switchHandle() == sw) {
            return;
        }
        SwitchReconciler r = new SwitchReconciler(sw, host, worker, () -> desiredOf(host), readBacks,
                s -> confirmed(host, s), observer);
        reconcilers.put(host, r);
        installs.reset(host);
        r.resync(seq);
        setOpenflow(host, ConnectionState.CONNECTED);
    }

    private void setOpenflow(String host, ConnectionState state) {
        if (topology.host(host).map(h -> h.openflow() != state).orElse(false)) {
            topology.updateHost(host, h -> h.withOpenflow(state));
        }
    }

    private String hostOf(DatapathId dpid) {
        return HostsByDatapath.find(model.hosts(), dpid).orElse(null);
    }

    /** Everything a host should hold, computed from its parts' inputs (kept only while needed). */
    private HostFlows desiredOf(String host) {
        return HostFlows.union(OverlayPipeline.baseFlows(), parts.getOrDefault(host, Map.of()).values().stream()
                .map(inputs -> inputs.flowsOn(host, stamper, memberFlows)).toList());
    }

    /** Worker thread: a host confirmed everything up to change {@code s}. */
    private void confirmed(String host, long s) {
        // Only endpoints of networks this host takes part in, directly or by a router, can have been waiting for it.
        Set<String> networks = new HashSet<>();
        parts.getOrDefault(host, Map.of()).keySet().forEach(part -> networks.addAll(model.networksOfPart(part)));
        installs.confirmed(host, s, networks);
    }

    /**
     * Audits {@code host}'s switch now (after a change in flight): reads back every Weft flow and group, repairs what
     * differs, and completes with what it found. Fails if the host has no connected switch.
     */
    public CompletableFuture<AuditReport> audit(String host) {
        CompletableFuture<AuditReport> report = new CompletableFuture<>();
        worker.execute(() -> {
            SwitchReconciler r = reconcilers.get(host);
            if (r == null) {
                report.completeExceptionally(new IllegalStateException("host '" + host
                        + "' has no connected switch to audit"));
                return;
            }
            r.auditNow().whenComplete((done, error) -> {
                if (error != null) {
                    report.completeExceptionally(error);
                } else {
                    report.complete(done);
                }
            });
        });
        return report;
    }

    /** The flows Weft wants on a host, in ovs-ofctl syntax (empty if the host has no endpoints). */
    public Optional<String> flowsOf(String host) {
        try {
            return CompletableFuture.supplyAsync(() -> Optional.of(desiredOf(host).render()), worker)
                    .get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /**
     * Every known host's flows by table: how many it should hold, and how many its switch has confirmed (none while
     * its switch is not connected). Taken on the worker, so it waits behind the changes queued before it; the hosts
     * without a switch are counted off it.
     */
    public CompletableFuture<java.util.SortedMap<String, java.util.SortedMap<io.weft.controller.flow.TableId,
            TableFlowCount>>> flowCounts() {
        java.util.SortedMap<String, java.util.SortedMap<io.weft.controller.flow.TableId, TableFlowCount>> all =
                new java.util.TreeMap<>();
        Map<String, List<PartInputs>> offline = new HashMap<>();
        return CompletableFuture.runAsync(() -> {
            for (Host h : model.hosts()) {
                SwitchReconciler r = reconcilers.get(h.name());
                if (r != null) {
                    all.put(h.name(), r.flowCounts());
                } else {
                    offline.put(h.name(), inputsOn(h.name()));
                }
            }
        }, worker).thenApplyAsync(done -> {
            // Hosts without a switch: counted off the worker, and again only once their inputs change.
            offlineCounts.keySet().retainAll(offline.keySet());
            offline.forEach((host, inputs) -> all.put(host, offlineCounts.compute(host, (h, cached) ->
                    cached != null && sameInstances(cached.inputs(), inputs) ? cached
                            : new OfflineCount(inputs, TableFlowCount.noneConfirmed(FrozenOverlayView.flowsOf(h,
                            inputs)))).counts()));
            return all;
        });
    }

    private record OfflineCount(List<PartInputs> inputs,
                                java.util.SortedMap<io.weft.controller.flow.TableId, TableFlowCount> counts) {
    }

    /** Flow counts of hosts without a switch, by the inputs they were counted from. */
    private final Map<String, OfflineCount> offlineCounts = new java.util.concurrent.ConcurrentHashMap<>();

    /** Part inputs are frozen and shared: the same instances mean the same flows (comparing them deeply would not). */
    private static boolean sameInstances(List<PartInputs> a, List<PartInputs> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }

    /** Worker thread: the inputs of every part the host holds, in a stable order. */
    private List<PartInputs> inputsOn(String host) {
        return new java.util.TreeMap<>(parts.getOrDefault(host, Map.of())).values().stream().toList();
    }

    /**
     * Runs {@code reader} with what each host should hold and what its switch has confirmed, as of the changes queued
     * before it: for traces and readable flows, which must see one consistent state. The state is taken on the worker
     * (cheaply: part inputs are frozen); the reader runs off it, so a long one does not hold back changes.
     */
    public <T> CompletableFuture<T> inspect(java.util.function.Function<OverlayView, T> reader) {
        return CompletableFuture.supplyAsync(() -> {
            Map<String, List<PartInputs>> inputs = new HashMap<>();
            parts.keySet().forEach(host -> inputs.put(host, inputsOn(host)));
            Map<String, java.util.function.LongPredicate> confirmedBy = new HashMap<>();
            reconcilers.forEach((host, r) -> confirmedBy.put(host, r.confirmedNow()));
            return new FrozenOverlayView(inputs, confirmedBy);
        }, worker).thenApplyAsync(reader);
    }

    /** For tests: completes once the worker has processed everything queued so far. */
    public CompletableFuture<Void> drained() {
        return CompletableFuture.runAsync(() -> { }, worker);
    }
}
