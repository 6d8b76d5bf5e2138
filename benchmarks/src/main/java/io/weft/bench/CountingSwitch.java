package io.weft.bench;

import io.weft.controller.DatapathId;
import io.weft.controller.OpenFlowVersion;
import io.weft.controller.SwitchHandle;
import io.weft.controller.SwitchPort;
import io.weft.controller.flow.Action;
import io.weft.controller.flow.CookieMask;
import io.weft.controller.flow.FlowContent;
import io.weft.controller.flow.FlowSpec;
import io.weft.controller.flow.FlowTransaction;
import io.weft.controller.flow.GroupContent;
import io.weft.controller.flow.GroupSpec;
import io.weft.controller.flow.InstalledFlow;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A switch for the in-process memory model: it confirms every transaction at once and counts the operations, but
 * keeps none of them, so that a heap measurement sees only the controller's own state. It starts empty (a read-back
 * finds nothing).
 */
final class CountingSwitch implements SwitchHandle {
    private final DatapathId dpid;
    private final AtomicLong ops;

    CountingSwitch(long dpid, AtomicLong ops) {
        this.dpid = new DatapathId(dpid);
        this.ops = ops;
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
        return new InetSocketAddress("198.19.0.1", 50000);
    }

    @Override
    public InetSocketAddress localAddress() {
        return new InetSocketAddress("198.19.0.254", 6653);
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
        return true;
    }

    @Override
    public CompletableFuture<Void> apply(FlowTransaction transaction) {
        ops.addAndGet(transaction.ops().size());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<List<InstalledFlow>> installedFlows(CookieMask cookie) {
        return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public FlowContent contentOf(FlowSpec flow) {
        return new FlowContent(flow.hashCode());
    }

    @Override
    public CompletableFuture<Map<Integer, GroupContent>> installedGroups() {
        return CompletableFuture.completedFuture(Map.of());
    }

    @Override
    public GroupContent contentOf(GroupSpec group) {
        return new GroupContent(group.hashCode());
    }

    @Override
    public void sendPacket(List<Action> actions, byte[] frame) {
        // the model sends no packets
    }

    @Override
    public java.util.concurrent.CompletableFuture<Void> requestRole(io.weft.controller.ControllerRole role,
                                                                    long generationId) {
        return java.util.concurrent.CompletableFuture.completedFuture(null);
    }

    @Override
    public void disconnect() {
        // never disconnects
    }
}
