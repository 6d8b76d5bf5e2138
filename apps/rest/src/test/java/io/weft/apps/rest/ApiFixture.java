package io.weft.apps.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.topology.ConnectionState;
import io.weft.topology.Host;
import io.weft.topology.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real {@link RestServer} on a free loopback port over an in-memory topology that knows two hosts, and an HTTP
 * client for it. Flows can be set per host with {@link #setFlows}.
 */
final class ApiFixture implements AutoCloseable {
    static final String HOST_A = "node-a";
    static final String HOST_B = "node-b";
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    final Topology topology;
    final ObjectMapper json = new ObjectMapper();
    private final Map<String, String> flows = new ConcurrentHashMap<>();
    private final RestServer server;
    private final HttpClient client;
    private final String base;

    ApiFixture() {
        this(Topology.inMemory());
    }

    /** Over a given topology, e.g. one on a real store. */
    ApiFixture(Topology topology) {
        this.topology = topology;
        topology.upsertHost(Host.named(HOST_A)
                .withTunnelIp(OptionalInt.of(0xC612_0001)) // 198.18.0.1
                .withOvsdb(ConnectionState.CONNECTED)
                .withOpenflow(ConnectionState.CONNECTED)
                .withDatapathId(Optional.of("00000000000000a1")));
        topology.upsertHost(Host.named(HOST_B)
                .withOvsdb(ConnectionState.CONNECTED)
                .withNotReadyReason(Optional.of("missing external_ids:weft-tunnel-ip")));
        server = new RestServer(topology, host -> Optional.ofNullable(flows.get(host)), "127.0.0.1", 0);
        int port = server.start();
        base = "http://127.0.0.1:" + port;
        client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    RestServer server() {
        return server;
    }

    String baseUrl() {
        return base;
    }

    void setFlows(String host, String text) {
        flows.put(host, text);
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    HttpResponse<String> delete(String path) {
        return send(request(path).DELETE());
    }

    HttpResponse<String> post(String path, String body) {
        return post(path, "application/json", body);
    }

    HttpResponse<String> post(String path, String contentType, String body) {
        HttpRequest.Builder builder = request(path).POST(BodyPublishers.ofString(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return send(builder);
    }

    HttpResponse<String> send(String method, String path, String contentType, byte[] body) {
        HttpRequest.Builder builder = request(path).method(method,
                body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return send(builder);
    }

    /**
     * Sends {@code requestHead} (request line and headers, without the blank line) as is over a plain socket, for
     * requests {@link HttpClient} refuses to send, such as malformed URIs; returns the raw response text.
     */
    String raw(String requestHead) {
        try (Socket socket = new Socket("127.0.0.1", URI.create(base).getPort())) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            String request = requestHead + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates a network through the API, failing the test unless it answers 201. */
    JsonNode createNetwork(String body) {
        HttpResponse<String> response = post("/api/v1/networks", body);
        if (response.statusCode() != 201) {
            throw new AssertionError("network not created: " + response.statusCode() + " " + response.body());
        }
        return parse(response.body());
    }

    JsonNode createEndpoint(String network, String body) {
        HttpResponse<String> response = post("/api/v1/networks/" + network + "/endpoints", body);
        if (response.statusCode() != 201) {
            throw new AssertionError("endpoint not created: " + response.statusCode() + " " + response.body());
        }
        return parse(response.body());
    }

    JsonNode parse(String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + body, e);
        }
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT);
    }

    HttpResponse<String> send(HttpRequest.Builder builder) {
        try {
            return client.send(builder.build(), BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
