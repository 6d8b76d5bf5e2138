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
 * The few etcd v3 calls Weft's store needs (put, delete, range over a prefix), through etcd's JSON gateway
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

    /** A key and its value as stored, with the revision of its last change. */
    public record KeyValue(String key, byte[] value, long modRevision) {
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

    /** Sets {@code key} to {@code value}; returns the cluster's revision after the write. */
    public long put(String key, byte[] value) {
        ObjectNode body = JSON.createObjectNode().put("key", base64(key)).put("value", base64(value));
        return revisionOf(call("/v3/kv/put", body));
    }

    /** Deletes {@code key}; returns how many keys were deleted (0 or 1). */
    public long delete(String key) {
        return call("/v3/kv/deleterange", JSON.createObjectNode().put("key", base64(key))).path("deleted").asLong(0);
    }

    /** Every key under {@code prefix}, in key order, as of one revision (a linearizable read). */
    public List<KeyValue> rangePrefix(String prefix) {
        byte[] start = prefix.getBytes(StandardCharsets.UTF_8);
        ObjectNode body = JSON.createObjectNode().put("key", base64(start)).put("range_end", base64(prefixEnd(start)));
        List<KeyValue> out = new ArrayList<>();
        for (JsonNode kv : call("/v3/kv/range", body).path("kvs")) {
            out.add(new KeyValue(new String(decode(kv.path("key").asText()), StandardCharsets.UTF_8),
                    decode(kv.path("value").asText("")), kv.path("mod_revision").asLong(0)));
        }
        return out;
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
