package io.weft.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.SocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** One OVSDB JSON-RPC connection, whichever side opened it. */
public interface OvsdbClient {
    CompletableFuture<List<String>> listDbs();

    CompletableFuture<JsonNode> getSchema(String database);

    /**
     * Runs the operations as one transaction. Completes with one result per operation, or fails with
     * {@link OvsdbException} naming the failed operation (the server rolled the whole transaction back).
     */
    CompletableFuture<List<OperationResult>> transact(String database, List<Operation> operations);

    /**
     * Starts a monitor: completes with the initial contents; later changes go to {@code updates}, on the
     * connection's I/O thread and in the server's order. Callbacks attached to the result before the reply
     * arrives (e.g. when called on the I/O thread, from {@link OvsdbConnectionHandler#connected}) run
     * before the first update is delivered.
     */
    CompletableFuture<TableUpdates> monitor(String database, String monitorId, Map<String, MonitorRequest> tables,
                                            Consumer<TableUpdates> updates);

    /**
     * As {@link #monitor}, but with the {@code monitor_cond} extension (Open vSwitch 2.6 and later): the
     * requests' where clauses are applied, and the server sends compact update2 diffs. They are turned
     * back into full rows, so the initial contents and {@code updates} look exactly like a plain monitor's.
     * Fetches the database schema first (once per connection) to interpret the diffs.
     */
    CompletableFuture<TableUpdates> monitorCond(String database, String monitorId, Map<String, MonitorRequest> tables,
                                                Consumer<TableUpdates> updates);

    /**
     * {@link #monitorCond} if the server has it, else {@link #monitor}. A where clause cannot fall back:
     * against a server without monitor_cond it fails instead of delivering unfiltered rows.
     */
    default CompletableFuture<TableUpdates> monitorBest(String database, String monitorId,
                                                        Map<String, MonitorRequest> tables,
                                                        Consumer<TableUpdates> updates) {
        return monitorCond(database, monitorId, tables, updates).exceptionallyCompose(e ->
                OvsdbException.isUnknownMethod(e) ? monitor(database, monitorId, tables, updates)
                        : CompletableFuture.failedFuture(e));
    }

    SocketAddress remoteAddress();

    /** The certificate the peer proved it holds, on a TLS connection; empty on a plaintext one. */
    Optional<X509Certificate> peerCertificate();

    /** Our address on this connection (for a passive connection: the address the host used to reach us). */
    SocketAddress localAddress();

    boolean isConnected();

    void close();

    /** Completes when the connection has closed, for whatever reason. */
    CompletableFuture<Void> closeFuture();
}
