package io.weft.ovsdb.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.Channel;
import io.weft.netguard.PeerCertificates;
import io.weft.ovsdb.DatabaseSchema;
import io.weft.ovsdb.Json;
import io.weft.ovsdb.MonitorRequest;
import io.weft.ovsdb.Operation;
import io.weft.ovsdb.OperationResult;
import io.weft.ovsdb.OvsdbClient;
import io.weft.ovsdb.OvsdbConfig;
import io.weft.ovsdb.OvsdbDisconnectedException;
import io.weft.ovsdb.OvsdbException;
import io.weft.ovsdb.TableUpdates;
import io.weft.ovsdb.Update2Decoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON-RPC 1.0 over one OVSDB connection: requests matched to replies by id, the peer's echo
 * answered, monitor updates dispatched. Thread-safe: requests may be sent from any thread.
 */
public final class JsonRpcSession implements OvsdbClient {
    private static final Logger LOG = LoggerFactory.getLogger(JsonRpcSession.class);

    private final Channel channel;
    private final OvsdbConfig config;
    private final AtomicLong ids = new AtomicLong(1);
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final Map<String, Consumer<TableUpdates>> monitors = new ConcurrentHashMap<>();
    private final Map<String, Consumer<JsonNode>> update2Handlers = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<DatabaseSchema>> schemas = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    JsonRpcSession(Channel channel, OvsdbConfig config) {
        this.channel = channel;
        this.config = config;
    }

    @Override
    public CompletableFuture<List<String>> listDbs() {
        return request("list_dbs", Json.array()).thenApply(r -> {
            List<String> dbs = new ArrayList<>();
            r.forEach(d -> dbs.add(d.asText()));
            return dbs;
        });
    }

    @Override
    public CompletableFuture<JsonNode> getSchema(String database) {
        return request("get_schema", Json.array().add(database));
    }

    @Override
    public CompletableFuture<List<OperationResult>> transact(String database, List<Operation> operations) {
        ArrayNode params = Json.array().add(database);
        operations.forEach(op -> params.add(op.toJson()));
        return request("transact", params).thenApply(result -> results(operations, result));
    }

    /** RFC 7047 5.2: an error in any slot means the transaction was aborted; report the first. */
    private static List<OperationResult> results(List<Operation> operations, JsonNode result) {
        List<OperationResult> out = new ArrayList<>();
        for (int i = 0; i < result.size(); i++) {
            JsonNode r = result.get(i);
            if (r != null && r.has("error") && !r.get("error").isNull()) {
                String where = i < operations.size() ? "operation " + i + " (" + operations.get(i).getClass()
                        .getSimpleName().toLowerCase() + ")" : "commit";
                throw new OvsdbException(r.get("error").asText(), where + ": " + r.path("details").asText(""));
            }
            if (i < operations.size()) {
                out.add(new OperationResult(r == null ? NullNode.getInstance() : r));
            }
        }
        return out;
    }

    @Override
    public CompletableFuture<TableUpdates> monitor(String database, String monitorId, Map<String, MonitorRequest> tables,
                                                   Consumer<TableUpdates> updates) {
        if (tables.values().stream().anyMatch(MonitorRequest::hasWhere)) {
            // a plain monitor would silently deliver every row
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "a where clause needs monitor_cond; plain monitor cannot filter rows"));
        }
        monitors.put(monitorId, updates);
        return request("monitor", Json.array().add(database).add(monitorId).add(requests(tables)))
                .thenApply(TableUpdates::parse)
                .whenComplete((r, e) -> {
                    if (e != null) {
                        monitors.remove(monitorId);
                    }
                });
    }

    @Override
    public CompletableFuture<TableUpdates> monitorCond(String database, String monitorId,
                                                       Map<String, MonitorRequest> tables,
                                                       Consumer<TableUpdates> updates) {
        return schema(database).thenCompose(schema -> {
            Update2Decoder decoder = new Update2Decoder(schema, tables);
            Consumer<JsonNode> handler = json -> updates.accept(decoder.decode(json));
            if (update2Handlers.putIfAbsent(monitorId, handler) != null) {
                return CompletableFuture.failedFuture(new IllegalArgumentException("monitor id " + monitorId
                        + " is already in use on this connection"));
            }
            // the reply is decoded as it is read, so the decoder holds the initial rows before any update2
            return request("monitor_cond", Json.array().add(database).add(monitorId).add(requests(tables)),
                    decoder::decode)
                    .whenComplete((r, e) -> {
                        if (e != null) {
                            update2Handlers.remove(monitorId, handler);
                        }
                    });
        });
    }

    /** The database's column types, fetched once per connection (a failed fetch is retried next time). */
    public CompletableFuture<DatabaseSchema> schema(String database) {
        CompletableFuture<DatabaseSchema> f = schemas.computeIfAbsent(database,
                db -> getSchema(db).thenApply(DatabaseSchema::parse));
        f.whenComplete((s, e) -> {
            if (e != null) {
                schemas.remove(database, f);
            }
        });
        return f;
    }

    private static ObjectNode requests(Map<String, MonitorRequest> tables) {
        ObjectNode requests = Json.object();
        tables.forEach((table, req) -> requests.set(table, req.toJson()));
        return requests;
    }

    CompletableFuture<JsonNode> request(String method, JsonNode params) {
        return request(method, params, Function.identity());
    }

    /**
     * Sends a request whose result is {@code onReply} of the reply. {@code onReply} is attached before
     * the request goes out, so it runs on the I/O thread as the reply is read, before any later message
     * from the peer is handled.
     */
    <T> CompletableFuture<T> request(String method, JsonNode params, Function<JsonNode, T> onReply) {
        CompletableFuture<JsonNode> future = new CompletableFuture<>();
        CompletableFuture<T> result = future.thenApply(onReply);
        if (!channel.isActive()) {
            future.completeExceptionally(new OvsdbDisconnectedException(String.valueOf(channel.remoteAddress())));
            return result;
        }
        long id = ids.getAndIncrement();
        pending.put(id, future);
        ObjectNode msg = Json.object().put("method", method);
        msg.set("params", params);
        msg.put("id", id);
        write(msg);
        channel.eventLoop().schedule(() -> {
            CompletableFuture<JsonNode> f = pending.remove(id);
            if (f != null) {
                f.completeExceptionally(new TimeoutException(method + " to " + channel.remoteAddress()
                        + " not answered within " + config.requestTimeout()));
            }
        }, config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        return result;
    }

    /** Sends an echo request (inactivity probe); the reply is only a sign of life. */
    void probe() {
        request("echo", Json.array()).exceptionally(e -> null);
    }

    void write(JsonNode msg) {
        ByteBuf buf = channel.alloc().buffer();
        try (ByteBufOutputStream out = new ByteBufOutputStream(buf)) {
            Json.MAPPER.writeValue((java.io.OutputStream) out, msg);
        } catch (IOException e) {
            buf.release();
            throw new UncheckedIOException(e);
        }
        channel.writeAndFlush(buf);
    }

    /** A complete JSON message from the peer. Anything that is not JSON-RPC closes the connection. */
    void onMessage(JsonNode msg) {
        if (!msg.isObject()) {
            throw new IllegalArgumentException("JSON-RPC message is not an object");
        }
        JsonNode method = msg.get("method");
        if (method != null && method.isTextual()) {
            onRequest(method.asText(), msg.get("params"), msg.get("id"));
        } else if (msg.has("id") && (msg.has("result") || msg.has("error"))) {
            onReply(msg);
        } else {
            throw new IllegalArgumentException("neither a request nor a reply");
        }
    }

    private void onRequest(String method, JsonNode params, JsonNode id) {
        switch (method) {
            case "echo" -> {
                ObjectNode reply = Json.object();
                reply.set("result", params == null ? Json.array() : params);
                reply.putNull("error");
                reply.set("id", id);
                write(reply);
            }
            case "update" -> {
                if (params == null || params.size() < 2) {
                    throw new IllegalArgumentException("update notification without monitor id and updates");
                }
                Consumer<TableUpdates> consumer = monitors.get(params.get(0).asText());
                if (consumer != null) {
                    consumer.accept(TableUpdates.parse(params.get(1)));
                }
            }
            case "update2" -> {
                if (params == null || params.size() < 2) {
                    throw new IllegalArgumentException("update2 notification without monitor id and updates");
                }
                // a diff that cannot be applied throws and so closes the connection: the replica has
                // diverged, and the reconnect's fresh monitor is the only way back to the server's state
                Consumer<JsonNode> handler = update2Handlers.get(params.get(0).asText());
                if (handler != null) {
                    handler.accept(params.get(1));
                }
            }
            default -> {
                if (id != null && !id.isNull()) {
                    ObjectNode reply = Json.object();
                    reply.putNull("result");
                    reply.put("error", "unknown method");
                    reply.set("id", id);
                    write(reply);
                }
            }
        }
    }

    private void onReply(JsonNode msg) {
        JsonNode idNode = msg.get("id");
        if (!idNode.canConvertToLong()) {
            LOG.debug("ovsdb peer={} reply with foreign id {}", channel.remoteAddress(), idNode);
            return;
        }
        CompletableFuture<JsonNode> f = pending.remove(idNode.asLong());
        if (f == null) {
            return;
        }
        JsonNode error = msg.get("error");
        if (error != null && !error.isNull()) {
            String text = error.isObject() ? error.path("error").asText() : error.asText();
            String details = error.isObject() ? error.path("details").asText("") : "";
            f.completeExceptionally(new OvsdbException(text, details));
        } else {
            f.complete(msg.get("result"));
        }
    }

    void onClosed() {
        OvsdbDisconnectedException e = new OvsdbDisconnectedException(String.valueOf(channel.remoteAddress()));
        for (Long id : List.copyOf(pending.keySet())) {
            CompletableFuture<JsonNode> f = pending.remove(id);
            if (f != null) {
                f.completeExceptionally(e);
            }
        }
        closed.complete(null);
    }

    @Override
    public Optional<X509Certificate> peerCertificate() {
        return PeerCertificates.of(channel);
    }

    @Override
    public SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    @Override
    public SocketAddress localAddress() {
        return channel.localAddress();
    }

    @Override
    public boolean isConnected() {
        return channel.isActive();
    }

    @Override
    public void close() {
        channel.close();
    }

    @Override
    public CompletableFuture<Void> closeFuture() {
        return closed;
    }

    @Override
    public String toString() {
        return "ovsdb " + channel.remoteAddress();
    }
}
