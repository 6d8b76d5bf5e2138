package io.weft.apps.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The etcd v3 calls Weft needs (put, delete, range, transactions, leases), through etcd's JSON gateway
 * ({@code POST /v3/kv/...} on each member's client URL) over the JDK's HTTP client: no gRPC stack, and nothing that
 * pins another Netty beside Weft's own (jetcd 0.8 pulls Netty 4.1 through grpc-netty and 4.2 through Vert.x).
 *
 * <p>A call goes to the member that answered last, and on a connection failure to the next one: a member that is
 * down costs one refused connection. etcd answers a write only once a quorum has it in its log, so a returned
 * {@link #put} is committed. A call that reaches no member, or that a member cannot complete (no quorum: etcd
 * answers with an error after its own request timeout), fails with {@link EtcdException}; whether the write took
 * effect is then unknown unless etcd said it refused it.
 *
 * <p>The gateway's encoding: keys and values in base64, 64-bit integers as JSON strings, fields equal to their
 * default left out. HTTP/1.1 only: on a plain port, etcd hands an HTTP/2 connection to its gRPC server instead.
 */
public final class EtcdClient {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A key and its value as stored, with the revisions of its creation and of its last change. */
    public record KeyValue(String key, byte[] value, long createRevision, long modRevision, long lease) {
    }

    /** A lease as granted: its id and the TTL etcd gave it (at least its own minimum, whatever was asked). */
    public record Lease(long id, long ttlSeconds) {
    }

    /** A transaction's outcome: whether its comparisons held, and the cluster's revision after it. */
    public record TxnResult(boolean succeeded, long revision, JsonNode responses) {
    }

    private final List<URI> members;
    private final Duration requestTimeout;
    private final HttpClient http;
    /** The member the last call reached; calls start there. */
    private volatile int current;

    /**
     * @param clientUrls     every member's client URL ({@code http://HOST:PORT})
     * @param requestTimeout how long one member may take to answer; a write without quorum fails after this
     */
    public EtcdClient(List<URI> clientUrls, Duration requestTimeout) {
        if (clientUrls.isEmpty()) {
            throw new IllegalArgumentException("no etcd member given");
        }
        this.members = List.copyOf(clientUrls);
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT).build();
    }

    /** Sets {@code key} to {@code value}, attached to a lease (deleted with it) unless {@code leaseId} is 0. */
    public long put(String key, byte[] value, long leaseId) {
        ObjectNode body = JSON.createObjectNode().put("key", base64(key)).put("value", base64(value));
        if (leaseId != 0) {
            body.put("lease", Long.toString(leaseId));
        }
        return revisionOf(call("/v3/kv/put", body));
    }

    /** One key, if present (a linearizable read). */
    public java.util.Optional<KeyValue> get(String key) {
        JsonNode kvs = call("/v3/kv/range", JSON.createObjectNode().put("key", base64(key))).path("kvs");
        return kvs.size() == 0 ? java.util.Optional.empty() : java.util.Optional.of(keyValue(kvs.get(0)));
    }

    /** Grants a lease of about {@code ttlSeconds}; etcd raises it to its own minimum (1.5 election timeouts). */
    public Lease grantLease(long ttlSeconds) {
        JsonNode reply = call("/v3/lease/grant", JSON.createObjectNode().put("TTL", Long.toString(ttlSeconds)));
        if (!reply.path("error").asText("").isEmpty()) {
            throw new EtcdException("etcd refused a lease: " + reply.path("error").asText(), null, false);
        }
        return new Lease(reply.path("ID").asLong(), reply.path("TTL").asLong());
    }

    /**
     * Renews a lease; returns the TTL it has again, 0 when it has expired (and every key attached to it is gone).
     * The gateway serves etcd's keep-alive stream one request at a time: one POST per renewal.
     */
    public long keepAlive(long leaseId) {
        JsonNode reply = call("/v3/lease/keepalive", JSON.createObjectNode().put("ID", Long.toString(leaseId)));
        return reply.path("result").path("TTL").asLong(0);
    }

    /** Revokes a lease: its keys are deleted now rather than when it would have expired. */
    public void revokeLease(long leaseId) {
        call("/v3/lease/revoke", JSON.createObjectNode().put("ID", Long.toString(leaseId)));
    }

    /**
     * One transaction: if every comparison holds, the {@code success} operations, else the {@code failure} ones;
     * atomic, and committed by a quorum when it returns. Build its parts with {@link Txn}.
     */
    public TxnResult txn(Txn txn) {
        JsonNode reply = call("/v3/kv/txn", txn.body);
        return new TxnResult(reply.path("succeeded").asBoolean(false), revisionOf(reply), reply.path("responses"));
    }

    /** A transaction's comparisons and operations, in the gateway's JSON. */
    public static final class Txn {
        private final ObjectNode body = JSON.createObjectNode();

        /** The key exists with this create revision (0: the key does not exist). */
        public Txn ifCreateRevision(String key, long revision) {
            body.withArray("compare").addObject().put("key", base64(key)).put("target", "CREATE")
                    .put("result", "EQUAL").put("create_revision", Long.toString(revision));
            return this;
        }

        public Txn thenPut(String key, byte[] value, long leaseId) {
            ObjectNode put = body.withArray("success").addObject().putObject("request_put")
                    .put("key", base64(key)).put("value", base64(value));
            if (leaseId != 0) {
                put.put("lease", Long.toString(leaseId));
            }
            return this;
        }

        public Txn thenDelete(String key) {
            body.withArray("success").addObject().putObject("request_delete_range").put("key", base64(key));
            return this;
        }

        public Txn elseGet(String key) {
            body.withArray("failure").addObject().putObject("request_range").put("key", base64(key));
            return this;
        }

        /** How many operations it holds (etcd refuses more than its --max-txn-ops, 128 by default). */
        public int operations() {
            return body.path("success").size();
        }
    }

    /** The key-values a transaction's {@code i}th response (a range) returned. */
    public static List<KeyValue> rangeResponse(JsonNode responses, int i) {
        List<KeyValue> out = new ArrayList<>();
        for (JsonNode kv : responses.path(i).path("response_range").path("kvs")) {
            out.add(keyValue(kv));
        }
        return out;
    }

    private static KeyValue keyValue(JsonNode kv) {
        return new KeyValue(new String(decode(kv.path("key").asText()), StandardCharsets.UTF_8),
                decode(kv.path("value").asText("")), kv.path("create_revision").asLong(0),
                kv.path("mod_revision").asLong(0), kv.path("lease").asLong(0));
    }

    /** Keys and the cluster's revision they were read at. */
    public record Range(List<KeyValue> kvs, long revision) {
    }

    /** Every key under {@code prefix}, in key order, with the revision they were read at (a linearizable read). */
    public Range rangePrefixAt(String prefix) {
        byte[] start = prefix.getBytes(StandardCharsets.UTF_8);
        ObjectNode body = JSON.createObjectNode().put("key", base64(start)).put("range_end", base64(prefixEnd(start)));
        JsonNode reply = call("/v3/kv/range", body);
        List<KeyValue> out = new ArrayList<>();
        for (JsonNode kv : reply.path("kvs")) {
            out.add(keyValue(kv));
        }
        return new Range(out, revisionOf(reply));
    }

    /** Every key under {@code prefix}, in key order, as of one revision (a linearizable read). */
    public List<KeyValue> rangePrefix(String prefix) {
        return rangePrefixAt(prefix).kvs();
    }

    /** The smallest key greater than every key starting with {@code prefix} (etcd's range_end for a prefix). */
    static byte[] prefixEnd(byte[] prefix) {
        byte[] end = prefix.clone();
        for (int i = end.length - 1; i >= 0; i--) {
            if ((end[i] & 0xff) != 0xff) {
                end[i]++;
                return java.util.Arrays.copyOf(end, i + 1);
            }
        }
        return new byte[] {0}; // every byte 0xff: to the end of the key space
    }

    private JsonNode call(String path, JsonNode body) {
        String text = body.toString();
        EtcdException last = null;
        for (int attempt = 0; attempt < members.size(); attempt++) {
            int member = (current + attempt) % members.size();
            HttpRequest request = HttpRequest.newBuilder(members.get(member).resolve(path)).timeout(requestTimeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(text)).build();
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (HttpTimeoutException e) {
                // It may have taken the write: do not try another member with it.
                throw new EtcdException("etcd member " + members.get(member) + " did not answer within "
                        + requestTimeout.toMillis() + " ms", e, true);
            } catch (IOException e) {
                last = new EtcdException("etcd member " + members.get(member) + " unreachable: " + e, e, false);
                continue; // never reached: the next member
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EtcdException("interrupted", e, true);
            }
            current = member;
            JsonNode json = parse(response.body());
            if (response.statusCode() != 200) {
                // etcd's gateway maps its gRPC status: an unavailable cluster or a timed-out proposal may have
                // taken the write; anything else (a bad request) did not.
                int code = json.path("code").asInt(-1);
                boolean unknown = code == 4 || code == 14 || code == -1;
                throw new EtcdException("etcd refused " + path + ": HTTP " + response.statusCode() + " "
                        + json.path("message").asText(response.body()), null, unknown);
            }
            return json;
        }
        throw last;
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode().put("message", body);
        }
    }

    private static long revisionOf(JsonNode reply) {
        return reply.path("header").path("revision").asLong(0);
    }

    private static String base64(String s) {
        return base64(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String base64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static byte[] decode(String b64) {
        return Base64.getDecoder().decode(b64);
    }
}
