package io.weft.ovsdb;

import java.time.Duration;

/**
 * Connection settings.
 *
 * @param probeInterval  after this long without a message, send an echo request (as OVS's own inactivity probe)
 * @param idleTimeout    after this long without any message, close the connection
 * @param requestTimeout a request not answered by then fails (the connection stays up)
 * @param maxMessageBytes a larger JSON message closes the connection (protects against hostile peers)
 * @param maxPendingWriteBytes a peer that leaves more than this unread is closed (an echo flood it never reads)
 * @param maxConnections         connections the passive listener holds at once, in all (a host holds one)
 * @param maxConnectionsPerSource connections it holds at once from one address
 * @param maxBufferedInputBytes  bytes of incomplete messages a listener's connections may hold in all; the connection
 *                               whose read would pass it is closed
 */
public record OvsdbConfig(Duration probeInterval, Duration idleTimeout, Duration requestTimeout, int maxMessageBytes,
                          int maxPendingWriteBytes, int maxConnections, int maxConnectionsPerSource,
                          long maxBufferedInputBytes) {
    public static final int DEFAULT_PORT = 6640;

    public OvsdbConfig {
        if (maxConnections < 1 || maxConnectionsPerSource < 1) {
            throw new IllegalArgumentException("connection limits must be at least 1");
        }
        if (maxBufferedInputBytes < maxMessageBytes) {
            throw new IllegalArgumentException("the input budget must hold at least one message of the largest size");
        }
        if (idleTimeout.compareTo(probeInterval) <= 0) {
            throw new IllegalArgumentException("idle timeout must be longer than the probe interval");
        }
    }

    /**
     * The largest message Weft takes is a host's monitor reply: about 2 KB per interface, so 16 MiB holds a host with
     * thousands of ports. 256 MiB of partial messages in all is sixteen of those arriving at once.
     */
    public static OvsdbConfig defaults() {
        return new OvsdbConfig(Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(60), 16 << 20,
                64 << 20, 4096, 1024, 256L << 20);
    }

    public OvsdbConfig withInputLimits(int maxMessage, long maxBufferedInput) {
        return new OvsdbConfig(probeInterval, idleTimeout, requestTimeout, maxMessage, maxPendingWriteBytes,
                maxConnections, maxConnectionsPerSource, maxBufferedInput);
    }

    public OvsdbConfig withMaxPendingWriteBytes(int bytes) {
        return new OvsdbConfig(probeInterval, idleTimeout, requestTimeout, maxMessageBytes, bytes, maxConnections,
                maxConnectionsPerSource, maxBufferedInputBytes);
    }

    public OvsdbConfig withConnectionLimits(int total, int perSource) {
        return new OvsdbConfig(probeInterval, idleTimeout, requestTimeout, maxMessageBytes, maxPendingWriteBytes,
                total, perSource, maxBufferedInputBytes);
    }
}
