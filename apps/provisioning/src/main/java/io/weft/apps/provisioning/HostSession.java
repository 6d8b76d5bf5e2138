package io.weft.apps.provisioning;

import io.weft.ovsdb.Operation;
import io.weft.ovsdb.OvsdbClient;
import io.weft.ovsdb.OvsdbReplica;
import io.weft.ovsdb.TableUpdates;
import io.weft.ovsdb.schema.BridgeRecord;
import io.weft.ovsdb.schema.InterfaceRecord;
import io.weft.ovsdb.schema.OpenVSwitchRecord;
import io.weft.ovsdb.schema.VswitchSchema;
import io.weft.ovsdb.schema.VswitchView;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connected host: its replica, the provisioning loop (at most one transaction in flight; the
 * plan is recomputed from the replica after every change), and the interface bindings it reports.
 * Synchronized: monitor updates, transaction replies and retries may arrive on different threads.
 */
final class HostSession {
    private static final Logger LOG = LoggerFactory.getLogger(HostSession.class);
    private static final String MONITOR_ID = "weft-host";

    private final OvsdbClient client;
    private final ProvisioningConfig config;
    private final HostAuthenticator authenticator;
    private final HostObserver observer;
    private final ScheduledExecutorService scheduler;
    private final OvsdbReplica replica = new OvsdbReplica();
    private final VswitchView view = new VswitchView(replica);
    /** Interfaces with an iface-id whose ofport OVS has not written yet, by iface-id: their names. */
    private final Map<String, String> awaitingPort = new HashMap<>();
    private final Map<String, Binding> bindings = new HashMap<>();
    private final AtomicInteger transactions;
    private boolean monitoring;
    private boolean inFlight;
    private boolean closed;
    private HostStatus published;

    private record Binding(long ofport, String interfaceName) {
    }

    HostSession(OvsdbClient client, ProvisioningConfig config, HostAuthenticator authenticator, HostObserver observer,
                ScheduledExecutorService scheduler, AtomicInteger transactions) {
        this.client = client;
        this.authenticator = authenticator;
        this.config = config;
        this.observer = observer;
        this.scheduler = scheduler;
        this.transactions = transactions;
    }

    void start() {
        client.monitorBest(VswitchSchema.DATABASE, MONITOR_ID, VswitchSchema.hostMonitor(), this::onUpdate)
                .whenComplete((initial, error) -> {
                    if (error != null) {
                        LOG.warn("host={} monitor failed: {}", client.remoteAddress(), error.getMessage());
                        client.close();
                    } else {
                        onInitial(initial);
                    }
                });
    }

    private synchronized void onInitial(TableUpdates initial) {
        replica.apply(initial);
        monitoring = true;
        changed();
        if (published != null) {
            observer.bindingsResynced(published.name(), java.util.Set.copyOf(bindings.keySet()));
        }
    }

    private synchronized void onUpdate(TableUpdates update) {
        replica.apply(update);
        if (monitoring) {
            changed();
        }
    }

    /** Re-derive everything from the replica: status, bindings, and what still needs provisioning. */
    private void changed() {
        if (closed) {
            return;
        }
        Optional<OpenVSwitchRecord> root = view.root();
        if (root.isEmpty()) {
            return;
        }
        HostFacts facts = HostFacts.from(root.get());
        Optional<String> refusal = authenticator.refusal(Optional.ofNullable(facts.systemId()), client.peerCertificate());
        if (refusal.isPresent()) {
            refuse(refusal.get());
            return;
        }
        publishStatus(facts);
        publishBindings();
        provision(facts);
    }

    /** Closes a session that may not speak for the host it names, having believed nothing it said. */
    private void refuse(String reason) {
        LOG.warn("ovsdb peer={} refused: {}", address(client.remoteAddress()), reason);
        if (published != null) {
            unbindAll();
            observer.hostDisconnected(published.name());
            published = null;
        }
        closed = true;
        client.close();
    }

    private void publishStatus(HostFacts facts) {
        String name = facts.systemId() != null ? facts.systemId() : "unnamed@" + address(client.remoteAddress());
        String dpid = view.bridge(HostJoinContract.BRIDGE).map(BridgeRecord::datapathId).orElse(null);
        HostStatus status = new HostStatus(name, facts.tunnelIp(), facts.datapathType(), facts.ready(),
                facts.notReadyReason(), dpid, address(client.remoteAddress()));
        if (status.equals(published)) {
            return;
        }
        if (published != null && !published.name().equals(name)) {
            unbindAll();
            observer.hostDisconnected(published.name());
        }
        published = status;
        if (status.ready()) {
            LOG.info("host={} ready: tunnel ip {}, datapath {}", name, status.tunnelIp(), status.datapathId());
        } else {
            LOG.warn("host={} not ready: {}", name, status.notReadyReason());
        }
        observer.hostChanged(status);
    }

    private void publishBindings() {
        Map<String, Binding> now = new HashMap<>();
        Map<String, String> awaitingNow = new HashMap<>();
        view.bridge(HostJoinContract.BRIDGE).ifPresent(br -> {
            for (InterfaceRecord iface : view.interfaces(br)) {
                String ifaceId = iface.externalIds().get(HostJoinContract.IFACE_ID);
                if (ifaceId != null && iface.usableOfport().isPresent()) {
                    now.put(ifaceId, new Binding(iface.usableOfport().getAsLong(), iface.name()));
                } else if (ifaceId != null) {
                    awaitingNow.put(ifaceId, iface.name());
                }
            }
        });
        String host = published.name();
        for (String gone : List.copyOf(awaitingPort.keySet())) {
            if (!awaitingNow.containsKey(gone)) {
                awaitingPort.remove(gone);
                if (!now.containsKey(gone)) {
                    // It may have been bound through OpenFlow meanwhile: tell the observer it is gone.
                    observer.interfaceUnbound(host, gone);
                }
            }
        }
        awaitingNow.forEach((ifaceId, name) -> {
            if (!name.equals(awaitingPort.put(ifaceId, name))) {
                observer.interfaceAwaitingPort(host, ifaceId, name);
            }
        });
        for (String gone : List.copyOf(bindings.keySet())) {
            if (!now.containsKey(gone)) {
                bindings.remove(gone);
                LOG.info("host={} iface-id={} unbound", host, gone);
                observer.interfaceUnbound(host, gone);
            }
        }
        now.forEach((ifaceId, binding) -> {
            if (!binding.equals(bindings.get(ifaceId))) {
                bindings.put(ifaceId, binding);
                LOG.info("host={} iface-id={} bound to ofport {} ({})", host, ifaceId, binding.ofport(),
                        binding.interfaceName());
                observer.interfaceBound(host, ifaceId, binding.ofport(), binding.interfaceName());
            }
        });
    }

    private void unbindAll() {
        for (String ifaceId : List.copyOf(awaitingPort.keySet())) {
            observer.interfaceUnbound(published.name(), ifaceId);
        }
        awaitingPort.clear();
        for (String ifaceId : List.copyOf(bindings.keySet())) {
            observer.interfaceUnbound(published.name(), ifaceId);
        }
        bindings.clear();
    }

    private void provision(HostFacts facts) {
        if (inFlight) {
            return; // re-planned when the reply arrives
        }
        DesiredHostConfig desired = new DesiredHostConfig(facts.datapathType(), controllerTargets(), facts.tunnelIp(),
                config.targetPerManager());
        List<Operation> ops = ProvisioningPlan.plan(view, desired);
        if (ops.isEmpty()) {
            return;
        }
        inFlight = true;
        transactions.incrementAndGet();
        String host = published.name();
        LOG.info("host={} provisioning: {} operations", host, ops.size());
        client.transact(VswitchSchema.DATABASE, ops).whenComplete((results, error) -> onProvisioned(host, error));
    }

    private synchronized void onProvisioned(String host, Throwable error) {
        inFlight = false;
        if (error != null) {
            if (closed) {
                return;
            }
            LOG.warn("host={} provisioning failed, retrying in {}: {}", host, config.retryDelay(), error.getMessage());
            scheduler.schedule(this::retry, config.retryDelay().toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        changed();
    }

    private synchronized void retry() {
        changed();
    }

    /**
     * In a cluster, one target per manager target of the host (each controller's address, as the host reaches it);
     * otherwise, or when the host has none we can read (active mode), this controller's.
     */
    private List<String> controllerTargets() {
        if (config.targetPerManager()) {
            List<String> targets = new java.util.ArrayList<>();
            for (var manager : view.managers()) {
                HostJoinContract.managerAddress(manager.target()).ifPresent(address -> targets.add(
                        (config.openflowTls() ? "ssl:" : "tcp:") + address + ":" + config.openflowPort()));
            }
            if (!targets.isEmpty()) {
                return targets;
            }
        }
        return List.of(controllerTarget());
    }

    /** tcp:ADDR:PORT where ADDR is our address as this host reached us. */
    private String controllerTarget() {
        SocketAddress local = client.localAddress();
        String host = local instanceof InetSocketAddress inet && !inet.getAddress().isAnyLocalAddress()
                ? inet.getAddress().getHostAddress() : config.fallbackControllerHost();
        return (config.openflowTls() ? "ssl:" : "tcp:") + host + ":" + config.openflowPort();
    }

    synchronized void closed() {
        closed = true;
        if (published != null) {
            // Bindings stay: the host's switch keeps forwarding without us, and its endpoints must stay
            // reachable from other hosts. The next connection reports what changed meanwhile.
            LOG.info("host={} disconnected", published.name());
            observer.hostDisconnected(published.name());
        }
    }

    /**
     * Sets {@code external_ids:weft-installed=true} on the interface bound to {@code ifaceId}, so that
     * host-side tools can wait for it (as for OVN's ovn-installed). A map "insert" mutation leaves an
     * existing key alone, so this is idempotent.
     */
    CompletableFuture<Void> markInstalled(String ifaceId) {
        CompletableFuture<Void> confirmed = new CompletableFuture<>();
        Operation mark = new Operation.Mutate(VswitchSchema.INTERFACE,
                List.of(io.weft.ovsdb.Condition.includes("external_ids",
                        io.weft.ovsdb.Atoms.stringMap(java.util.Map.of(HostJoinContract.IFACE_ID, ifaceId)))),
                List.of(io.weft.ovsdb.Mutation.insert("external_ids",
                        io.weft.ovsdb.Atoms.stringMap(java.util.Map.of(HostJoinContract.INSTALLED_KEY, "true")))));
        client.transact(VswitchSchema.DATABASE, List.of(mark)).whenComplete((r, e) -> {
            if (e != null) {
                LOG.warn("host={} iface-id={} could not be marked installed: {}", published == null ? "?"
                        : published.name(), ifaceId, e.getMessage());
            } else {
                confirmed.complete(null);
            }
        });
        return confirmed;
    }

    synchronized Optional<HostStatus> status() {
        return Optional.ofNullable(published);
    }

    private static String address(SocketAddress a) {
        if (a instanceof InetSocketAddress inet) {
            return inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return Objects.toString(a);
    }
}
