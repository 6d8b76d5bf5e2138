package io.weft.apps.overlay;

import io.weft.controller.DatapathId;
import io.weft.controller.OpenFlowErrorException;
import io.weft.controller.OpenFlowVersion;
import io.weft.controller.SwitchDisconnectedException;
import io.weft.controller.SwitchHandle;
import io.weft.controller.SwitchPort;
import io.weft.controller.flow.Action;
import io.weft.controller.flow.CookieMask;
import io.weft.controller.flow.FlowContent;
import io.weft.controller.flow.FlowKey;
import io.weft.controller.flow.FlowOp;
import io.weft.controller.flow.FlowSpec;
import io.weft.controller.flow.FlowTransaction;
import io.weft.controller.flow.GroupContent;
import io.weft.controller.flow.GroupSpec;
import io.weft.controller.flow.InstalledFlow;
import io.weft.controller.flow.Instructions;
import io.weft.controller.flow.TableId;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OpenFlow 1.4 switch in memory, for testing what the reconciler does without OVS (Faucet keeps a fake flow table
 * for the same reason). It keeps a flow table keyed as OpenFlow does (table, priority, match: an add with the same key
 * replaces) and a group table, applies a transaction's ops in order (all or nothing, as a bundle), and can be
 * scripted: hold the next transactions until released, fail the next one with a switch error, drop the connection,
 * or be changed by hand.
 */
public final class FakeSwitch implements SwitchHandle {
    private final DatapathId dpid;
    private final Map<FlowKey, FlowSpec> flows = new LinkedHashMap<>();
    private final Map<Integer, GroupSpec> groups = new LinkedHashMap<>();
    /** Every transaction sent to this switch, in order, whether it succeeded or not. */
    final List<FlowTransaction> sent = new CopyOnWriteArrayList<>();
    private final Deque<String> scriptedErrors = new ArrayDeque<>();
    private final List<Runnable> held = new ArrayList<>();
    private boolean holding;
    private volatile boolean connected = true;

    public FakeSwitch(long dpid) {
        this.dpid = new DatapathId(dpid);
    }

    // ---- scripting

    /** Transactions from now on wait until {@link #release()}. */
    synchronized void hold() {
        holding = true;
    }

    /** Applies the held transactions, in order, and stops holding. */
    void release() {
        List<Runnable> pending;
        synchronized (this) {
            holding = false;
            pending = new ArrayList<>(held);
            held.clear();
        }
        pending.forEach(Runnable::run);
    }

    /** The next transaction fails with this switch error and changes nothing. */
    synchronized void failNext(String errorType) {
        scriptedErrors.add(errorType);
    }

    /** The session ends: pending and future transactions fail with {@link SwitchDisconnectedException}. */
    void drop() {
        connected = false;
        release();
    }

    /** Someone runs ovs-ofctl mod-flows on the switch: the flow under {@code cookie} now does something else. */
    synchronized void changeByHand(long cookie, Instructions instructions) {
        flows.replaceAll((key, f) -> f.cookie().value() == cookie
                ? new FlowSpec(f.table(), f.priority(), f.match(), f.cookie(), instructions) : f);
    }

    synchronized void deleteByHand(long cookie) {
        flows.values().removeIf(f -> f.cookie().value() == cookie);
    }

    synchronized Map<Long, FlowSpec> flowsByCookie() {
        Map<Long, FlowSpec> byCookie = new LinkedHashMap<>();
        flows.values().forEach(f -> byCookie.put(f.cookie().value(), f));
        return byCookie;
    }

    synchronized Map<Integer, GroupSpec> groups() {
        return Map.copyOf(groups);
    }

    // ---- SwitchHandle

    @Override
    public CompletableFuture<Void> apply(FlowTransaction transaction) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        sent.add(transaction);
        Runnable run = () -> applyNow(transaction, done);
        synchronized (this) {
            if (holding) {
                held.add(run);
                return done;
            }
        }
        run.run();
        return done;
    }

    private void applyNow(FlowTransaction transaction, CompletableFuture<Void> done) {
        if (!connected) {
            done.completeExceptionally(new SwitchDisconnectedException(dpid));
            return;
        }
        synchronized (this) {
            String error = scriptedErrors.poll();
            if (error != null) {
                done.completeExceptionally(new OpenFlowErrorException(dpid, error, "SCRIPTED", "a scripted failure"));
                return;
            }
            Map<FlowKey, FlowSpec> newFlows = new LinkedHashMap<>(flows);
            Map<Integer, GroupSpec> newGroups = new LinkedHashMap<>(groups);
            for (FlowOp op : transaction.ops()) {
                String failure = applyOp(op, newFlows, newGroups);
                if (failure != null) {
                    done.completeExceptionally(new OpenFlowErrorException(dpid, "GROUP_MOD_FAILED", failure,
                            op.toString()));
                    return;
                }
            }
            flows.clear();
            flows.putAll(newFlows);
            groups.clear();
            groups.putAll(newGroups);
        }
        done.complete(null);
    }

    private static String applyOp(FlowOp op, Map<FlowKey, FlowSpec> flows, Map<Integer, GroupSpec> groups) {
        if (op instanceof FlowOp.AddFlow a) {
            flows.put(a.flow().key(), a.flow());
        } else if (op instanceof FlowOp.ModifyFlowStrict m) {
            flows.computeIfPresent(m.flow().key(), (k, f) -> m.flow());
        } else if (op instanceof FlowOp.DeleteFlowStrict d) {
            flows.remove(d.key());
        } else if (op instanceof FlowOp.DeleteFlows d) {
            flows.values().removeIf(f -> d.cookie().matches(f.cookie())
                    && (d.table().equals(TableId.ALL) || d.table().equals(f.table())));
        } else if (op instanceof FlowOp.AddGroup g) {
            if (groups.putIfAbsent(g.group().groupId(), g.group()) != null) {
                return "GROUP_EXISTS";
            }
        } else if (op instanceof FlowOp.ModifyGroup g) {
            if (groups.replace(g.group().groupId(), g.group()) == null) {
                return "UNKNOWN_GROUP";
            }
        } else if (op instanceof FlowOp.DeleteGroup g) {
            groups.remove(g.groupId());
        }
        return null;
    }

    @Override
    public synchronized CompletableFuture<List<InstalledFlow>> installedFlows(CookieMask cookie) {
        if (!connected) {
            return CompletableFuture.failedFuture(new SwitchDisconnectedException(dpid));
        }
        List<InstalledFlow> out = new ArrayList<>();
        for (FlowSpec f : flows.values()) {
            if (cookie.matches(f.cookie())) {
                out.add(new InstalledFlow(f.table(), f.priority(), f.cookie(), contentOf(f)));
            }
        }
        return CompletableFuture.completedFuture(out);
    }

    @Override
    public synchronized CompletableFuture<Map<Integer, GroupContent>> installedGroups() {
        if (!connected) {
            return CompletableFuture.failedFuture(new SwitchDisconnectedException(dpid));
        }
        Map<Integer, GroupContent> out = new LinkedHashMap<>();
        groups.forEach((id, g) -> out.put(id, contentOf(g)));
        return CompletableFuture.completedFuture(out);
    }

    @Override
    public FlowContent contentOf(FlowSpec flow) {
        return new FlowContent(java.util.Objects.hash(flow.table(), flow.priority(), flow.match(),
                flow.instructions()) * 0x9E3779B97F4A7C15L);
    }

    @Override
    public GroupContent contentOf(GroupSpec group) {
        return new GroupContent(group.hashCode() * 0x9E3779B97F4A7C15L);
    }

    @Override
    public DatapathId datapathId() {
        return dpid;
    }

    @Override
    public OpenFlowVersion version() {
        return OpenFlowVersion.OF_14;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return new InetSocketAddress("198.19.128.1", 50000);
    }

    @Override
    public InetSocketAddress localAddress() {
        return new InetSocketAddress("198.19.128.254", 6653);
    }

    @Override
    public Optional<X509Certificate> peerCertificate() {
        return Optional.empty();
    }

    @Override
    public List<SwitchPort> ports() {
        return List.of();
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    /** A packet-out the controller sent through this switch. */
    public record SentPacket(List<Action> actions, byte[] frame) {
    }

    private final List<SentPacket> packetsOut = new CopyOnWriteArrayList<>();

    @Override
    public void sendPacket(List<Action> actions, byte[] frame) {
        packetsOut.add(new SentPacket(List.copyOf(actions), frame.clone()));
    }

    /** Every packet-out so far, in order. */
    public List<SentPacket> sentPackets() {
        return List.copyOf(packetsOut);
    }

    /** The role last claimed on this fake: it plays a switch with no other controller (never stale). */
    volatile io.weft.controller.ControllerRole role = io.weft.controller.ControllerRole.EQUAL;

    @Override
    public CompletableFuture<Void> requestRole(io.weft.controller.ControllerRole role, long generationId) {
        this.role = role;
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void disconnect() {
        drop();
    }
}
