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
 */
public record OvsdbConfig(Duration probeInterval, Duration idleTimeout, Duration requestTimeout, int maxMessageBytes,
                          int maxPendingWriteBytes) {
    public static final int DEFAULT_PORT = 6640;

    public OvsdbConfig {
        if (idleTimeout.compareTo(probeInterval) <= 0) {
            throw new IllegalArgumentException("idle timeout must be longer than the probe interval");
        }
    }

    public static OvsdbConfig defaults() {
        return new OvsdbConfig(Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(60), 64 << 20,
                64 << 20);
    }

    public OvsdbConfig withMaxPendingWriteBytes(int bytes) {
        return new OvsdbConfig(probeInterval, idleTimeout, requestTimeout, maxMessageBytes, bytes);
    }
}
