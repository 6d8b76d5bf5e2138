package io.weft.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
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
     * connection's I/O thread and in the server's order.
     */
    CompletableFuture<TableUpdates> monitor(String database, String monitorId, Map<String, MonitorRequest> tables,
                                            Consumer<TableUpdates> updates);

    SocketAddress remoteAddress();

    /** Our address on this connection (for a passive connection: the address the host used to reach us). */
    SocketAddress localAddress();

    boolean isConnected();

    void close();

    /** Completes when the connection has closed, for whatever reason. */
    CompletableFuture<Void> closeFuture();
}
