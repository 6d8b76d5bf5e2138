package io.weft.controller;

import java.time.Duration;

/**
 * Settings of the OpenFlow listener.
 *
 * @param bindAddress   address to listen on ("0.0.0.0" for all)
 * @param port          TCP port (6653 is the IANA OpenFlow port; 0 picks a free one, for tests)
 * @param echoInterval  after this long without a message from a switch, send it an echo request
 * @param idleTimeout   after this long without any message, the session is dead and is closed
 * @param handshakeTimeout a peer that has not finished the handshake by then is closed
 * @param transactionTimeout a transaction not confirmed by then fails (the session stays up)
 * @param maxPendingWriteBytes a switch that leaves more than this unread is closed; far above Weft's largest flow
 *                             push (about 7 MB for 50k flows), far below what a peer flooding echo requests could
 *                             otherwise make the controller hold
 * @param maxConnections         connections held at once, in all (a switch holds one)
 * @param maxConnectionsPerSource connections held at once from one address (loopback hosts in tests count too)
 */
public record OpenFlowConfig(String bindAddress, int port, Duration echoInterval, Duration idleTimeout,
                             Duration handshakeTimeout, Duration transactionTimeout, int maxPendingWriteBytes,
                             int maxConnections, int maxConnectionsPerSource) {
    public static final int DEFAULT_PORT = 6653;
    public static final int DEFAULT_MAX_PENDING_WRITE_BYTES = 64 << 20;
    public static final int DEFAULT_MAX_CONNECTIONS = 4096;
    public static final int DEFAULT_MAX_CONNECTIONS_PER_SOURCE = 1024;

    /** The defaults for the caps this constructor leaves out. */
    public OpenFlowConfig(String bindAddress, int port, Duration echoInterval, Duration idleTimeout,
                          Duration handshakeTimeout, Duration transactionTimeout, int maxPendingWriteBytes) {
        this(bindAddress, port, echoInterval, idleTimeout, handshakeTimeout, transactionTimeout, maxPendingWriteBytes,
                DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS_PER_SOURCE);
    }

    public OpenFlowConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("OpenFlow port out of range: " + port);
        }
        if (maxConnections < 1 || maxConnectionsPerSource < 1) {
            throw new IllegalArgumentException("connection limits must be at least 1");
        }
        if (maxPendingWriteBytes < 64 * 1024) {
            throw new IllegalArgumentException("maxPendingWriteBytes below 64 KiB would close healthy sessions");
        }
        if (idleTimeout.compareTo(echoInterval) <= 0) {
            throw new IllegalArgumentException("idle timeout must be longer than the echo interval");
        }
    }

    public static OpenFlowConfig defaults() {
        return new OpenFlowConfig("0.0.0.0", DEFAULT_PORT, Duration.ofSeconds(5), Duration.ofSeconds(15),
                Duration.ofSeconds(10), Duration.ofSeconds(60), DEFAULT_MAX_PENDING_WRITE_BYTES);
    }

    public OpenFlowConfig withListen(String address, int newPort) {
        return new OpenFlowConfig(address, newPort, echoInterval, idleTimeout, handshakeTimeout, transactionTimeout,
                maxPendingWriteBytes, maxConnections, maxConnectionsPerSource);
    }

    public OpenFlowConfig withMaxPendingWriteBytes(int bytes) {
        return new OpenFlowConfig(bindAddress, port, echoInterval, idleTimeout, handshakeTimeout, transactionTimeout,
                bytes, maxConnections, maxConnectionsPerSource);
    }

    public OpenFlowConfig withConnectionLimits(int total, int perSource) {
        return new OpenFlowConfig(bindAddress, port, echoInterval, idleTimeout, handshakeTimeout, transactionTimeout,
                maxPendingWriteBytes, total, perSource);
    }
}
