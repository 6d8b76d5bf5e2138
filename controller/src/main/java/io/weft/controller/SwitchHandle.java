package io.weft.controller;

import io.weft.controller.flow.FlowTransaction;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** A connected, handshaken switch: what applications see of one OpenFlow session. */
public interface SwitchHandle {
    DatapathId datapathId();

    OpenFlowVersion version();

    /** The switch's address as seen by the controller (the host's management address). */
    InetSocketAddress remoteAddress();

    /** The controller's own address on this connection: the address the switch used to reach us. */
    InetSocketAddress localAddress();

    /** The certificate the switch proved it holds, on a TLS session; empty on a plaintext one. */
    Optional<X509Certificate> peerCertificate();

    /** Ports from the handshake's port description, updated by port-status messages. */
    List<SwitchPort> ports();

    /** False once the session has closed (switch gone, idle timeout, or replaced by a newer session). */
    boolean isConnected();

    /**
     * Sends the transaction and completes when the switch has confirmed all of it (barrier reply, or
     * bundle commit reply). Fails with {@link OpenFlowErrorException} carrying the switch's error, with
     * {@link SwitchDisconnectedException} if the session ends first, or with a timeout.
     */
    CompletableFuture<Void> apply(FlowTransaction transaction);

    /** Reads back the identity (table, priority, cookie) and content digest of every flow whose cookie matches. */
    CompletableFuture<List<io.weft.controller.flow.InstalledFlow>> installedFlows(
            io.weft.controller.flow.CookieMask cookie);

    /**
     * The digest of what {@code flow} does, as this switch's OpenFlow version encodes it: equal to the
     * {@link io.weft.controller.flow.InstalledFlow#content()} the switch reports for it while nobody changed it.
     */
    io.weft.controller.flow.FlowContent contentOf(io.weft.controller.flow.FlowSpec flow);

    /** Reads back every group on the switch: its id and the digest of its type and buckets. */
    CompletableFuture<java.util.Map<Integer, io.weft.controller.flow.GroupContent>> installedGroups();

    /** The digest of {@code group} as this switch's OpenFlow version encodes it (see {@link #installedGroups()}). */
    io.weft.controller.flow.GroupContent contentOf(io.weft.controller.flow.GroupSpec group);

    /**
     * Sends one frame through the switch's pipeline-free path (OFPT_PACKET_OUT from CONTROLLER) with these actions,
     * e.g. to set a tunnel destination and output to the tunnel port. Fire and forget: an error the switch answers is
     * logged; nothing is sent if the session is closed.
     */
    void sendPacket(List<io.weft.controller.flow.Action> actions, byte[] frame);

    /**
     * Claims {@code role} on this switch under {@code generationId} (ignored for {@link ControllerRole#EQUAL}).
     * Completes when the switch has answered with its role reply; fails with {@link OpenFlowErrorException}
     * ({@code ROLE_REQUEST_FAILED}, code {@code STALE}) when the switch has seen a newer generation. Messages sent
     * after this call on the same session are handled by the switch under the new role.
     */
    CompletableFuture<Void> requestRole(ControllerRole role, long generationId);

    /** Closes the session; the switch will reconnect by itself. */
    void disconnect();
}
