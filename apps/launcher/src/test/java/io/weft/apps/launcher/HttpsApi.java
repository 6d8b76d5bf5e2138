package io.weft.apps.launcher;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * A client of a --tls controller's REST API as an operator on its machine uses it: HTTPS checked against the
 * controller's CA ({@code DATA_DIR/pki/ca-cert.pem}), and the first admin token ({@code DATA_DIR/pki/admin-token})
 * unless a call names another token (or none: {@code ""}).
 */
final class HttpsApi {
    private final int port;
    private final Path dataDir;
    private final HttpClient http;

    HttpsApi(int port, Path dataDir) throws Exception {
        this.port = port;
        this.dataDir = dataDir;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .sslContext(trusting(dataDir.resolve("pki").resolve("ca-cert.pem"))).build();
    }

    /** An SSL context that trusts the CA in {@code caFile} and nothing else, as the CLI's {@code --ca} builds it. */
    static SSLContext trusting(Path caFile) {
        return io.weft.apps.cli.ApiCredentials.of(null, null, caFile).sslContext().orElseThrow();
    }

    String adminToken() throws Exception {
        return Files.readString(dataDir.resolve("pki").resolve("admin-token")).strip();
    }

    String url(String path) {
        return "https://127.0.0.1:" + port + path;
    }

    HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, null, adminToken());
    }

    HttpResponse<String> post(String path, String json) throws Exception {
        return send("POST", path, json, adminToken());
    }

    HttpResponse<String> delete(String path) throws Exception {
        return send("DELETE", path, null, adminToken());
    }

    /** One call with {@code token} ({@code ""}: no Authorization header). */
    HttpResponse<String> send(String method, String path, String json, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (!token.isEmpty()) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
