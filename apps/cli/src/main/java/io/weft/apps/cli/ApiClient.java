package io.weft.apps.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A small client of the controller's REST API v1 over {@code java.net.http}. Every failure becomes a
 * {@link CliFailure} with a message for the user: the API's problem detail, or why the controller is unreachable.
 */
public final class ApiClient {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final String baseUrl;
    private final ObjectMapper json;
    private final HttpClient http;
    private final ApiCredentials credentials;

    public ApiClient(String controllerUrl, ObjectMapper json) {
        this(controllerUrl, json, ApiCredentials.NONE);
    }

    public ApiClient(String controllerUrl, ObjectMapper json, ApiCredentials credentials) {
        this.baseUrl = validatedBaseUrl(controllerUrl);
        this.json = Objects.requireNonNull(json, "json");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        // HTTP/1.1: the controller does not speak HTTP/2, so skip the upgrade attempt.
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT);
        credentials.sslContext().ifPresent(builder::sslContext);
        this.http = builder.build();
    }

    private static String validatedBaseUrl(String url) {
        String trimmed = url == null ? "" : url.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        try {
            URI uri = new URI(trimmed);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return trimmed;
            }
        } catch (URISyntaxException e) {
            // Reported below like any other unusable URL.
        }
        throw new CliFailure("invalid controller URL '" + url + "': expected http://HOST:PORT or https://HOST:PORT");
    }

    /** One path segment, percent-encoded so that any name the user types stays one segment. */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public JsonNode getJson(String path) {
        return parse(send(request(path).header("Accept", "application/json").GET()));
    }

    String getText(String path) {
        return send(request(path).GET());
    }

    public JsonNode postJson(String path, JsonNode body) {
        return sendJson("POST", path, body);
    }

    /** PUT without a body (an idempotent link such as attaching a network to a router); returns the answer. */
    public JsonNode putJson(String path) {
        return parse(send(request(path).header("Accept", "application/json").PUT(BodyPublishers.noBody())));
    }

    /** PUT of a JSON body; returns the answer. */
    public JsonNode putJson(String path, JsonNode body) {
        return sendJson("PUT", path, body);
    }

    private JsonNode sendJson(String method, String path, JsonNode body) {
        String text;
        try {
            text = json.writeValueAsString(body);
        } catch (IOException e) {
            throw new CliFailure("cannot encode the request: " + e.getMessage());
        }
        return parse(send(request(path).header("Content-Type", "application/json")
                .header("Accept", "application/json").method(method, BodyPublishers.ofString(text))));
    }

    public void delete(String path) {
        send(request(path).DELETE());
    }

    /** DELETE that returns the answer's body: empty for 204, the resource for a 202 that left it in place. */
    public String deleteForBody(String path) {
        return send(request(path).DELETE());
    }

    /** GET that treats 404 as "no such resource" rather than a failure. */
    public Optional<JsonNode> find(String path) {
        HttpResponse<String> response = exchange(request(path).header("Accept", "application/json").GET());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(parse(bodyOf2xx(response)));
    }

    /** DELETE that treats 404 as already done; returns whether something was deleted. */
    public boolean deleteIfPresent(String path) {
        HttpResponse<String> response = exchange(request(path).DELETE());
        if (response.statusCode() == 404) {
            return false;
        }
        bodyOf2xx(response);
        return true;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(REQUEST_TIMEOUT);
        credentials.token().ifPresent(token -> builder.header("Authorization", "Bearer " + token));
        return builder;
    }

    /** Sends the request and returns the body of a 2xx answer; anything else becomes a {@link CliFailure}. */
    private String send(HttpRequest.Builder builder) {
        return bodyOf2xx(exchange(builder));
    }

    private String bodyOf2xx(HttpResponse<String> response) {
        if (response.statusCode() == 401 && credentials.token().isEmpty()) {
            throw new CliFailure(problemDetail(response) + " (this command was given no token)");
        }
        if (response.statusCode() / 100 != 2) {
            throw new CliFailure(problemDetail(response));
        }
        return response.body();
    }

    /** Sends the request and returns whatever the controller answered; only an unreachable controller fails. */
    private HttpResponse<String> exchange(HttpRequest.Builder builder) {
        try {
            return http.send(builder.build(), BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            throw unreachable("connection timed out");
        } catch (HttpTimeoutException e) {
            throw new CliFailure("the controller at " + baseUrl + " did not answer within "
                    + REQUEST_TIMEOUT.toSeconds() + " s");
        } catch (ConnectException e) {
            throw unreachable("connection refused");
        } catch (javax.net.ssl.SSLHandshakeException e) {
            throw new CliFailure("the controller at " + baseUrl + " failed the TLS check (" + e.getMessage() + "): give"
                    + " --ca (or WEFT_CA) the controller's CA certificate, DATA_DIR/pki/ca-cert.pem or the ca-cert.pem"
                    + " weft host add wrote, and use a name or address its certificate carries (--tls-name)");
        } catch (IOException e) {
            throw unreachable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted");
        }
    }

    private CliFailure unreachable(String reason) {
        return new CliFailure("cannot reach the controller at " + baseUrl + " (" + reason
                + "); is it running? Point --controller or WEFT_CONTROLLER at it", true);
    }

    /** The problem's {@code detail}, or a plain description if the answer is not a problem object. */
    private String problemDetail(HttpResponse<String> response) {
        try {
            JsonNode problem = json.readTree(response.body());
            if (problem != null && problem.path("detail").isTextual()) {
                return problem.get("detail").asText();
            }
        } catch (IOException e) {
            // Not JSON: fall through to the generic message.
        }
        return "the controller answered HTTP " + response.statusCode() + " to " + response.request().method() + " "
                + response.uri().getRawPath();
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new CliFailure("the controller sent an answer that is not JSON: " + e.getOriginalMessage());
        }
    }
}
