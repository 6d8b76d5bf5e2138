package io.weft.apps.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * A small client of the controller's REST API v1 over the JDK's {@code HttpURLConnection}: a CLI call is one short
 * exchange, and {@code java.net.http} would cost it about 550 more classes to load (its own, and a TLS context built
 * even for {@code http://}). Every failure becomes a {@link CliFailure} with a message for the user: the API's
 * problem detail, or why the controller is unreachable.
 */
public final class ApiClient {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final String baseUrl;
    private final ObjectMapper json;
    private final ApiCredentials credentials;
    /** For https:// only: trusts the CA file if one was given, else the JDK's default trust. */
    private final Optional<SSLSocketFactory> tls;

    /** What the controller answered: status, body, and the request it answers (for messages). */
    private record Answer(int status, String body, String method, String path) {
    }

    public ApiClient(String controllerUrl, ObjectMapper json) {
        this(controllerUrl, json, ApiCredentials.NONE);
    }

    public ApiClient(String controllerUrl, ObjectMapper json, ApiCredentials credentials) {
        this.baseUrl = validatedBaseUrl(controllerUrl);
        this.json = Objects.requireNonNull(json, "json");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.tls = baseUrl.regionMatches(true, 0, "https:", 0, 6)
                ? credentials.sslContext().map(c -> c.getSocketFactory()) : Optional.empty();
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
        return parse(send("GET", path, null));
    }

    String getText(String path) {
        return send("GET", path, null);
    }

    public JsonNode postJson(String path, JsonNode body) {
        return sendJson("POST", path, body);
    }

    /** PUT without a body (an idempotent link such as attaching a network to a router); returns the answer. */
    public JsonNode putJson(String path) {
        return parse(send("PUT", path, ""));
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
        return parse(send(method, path, text));
    }

    public void delete(String path) {
        send("DELETE", path, null);
    }

    /** DELETE that returns the answer's body: empty for 204, the resource for a 202 that left it in place. */
    public String deleteForBody(String path) {
        return send("DELETE", path, null);
    }

    /** GET that treats 404 as "no such resource" rather than a failure. */
    public Optional<JsonNode> find(String path) {
        Answer answer = exchange("GET", path, null);
        if (answer.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(parse(bodyOf2xx(answer)));
    }

    /** DELETE that treats 404 as already done; returns whether something was deleted. */
    public boolean deleteIfPresent(String path) {
        Answer answer = exchange("DELETE", path, null);
        if (answer.status() == 404) {
            return false;
        }
        bodyOf2xx(answer);
        return true;
    }

    /** Sends the request and returns the body of a 2xx answer; anything else becomes a {@link CliFailure}. */
    private String send(String method, String path, String jsonBody) {
        return bodyOf2xx(exchange(method, path, jsonBody));
    }

    private String bodyOf2xx(Answer answer) {
        if (answer.status() == 401 && credentials.token().isEmpty()) {
            throw new CliFailure(problemDetail(answer) + " (this command was given no token)");
        }
        if (answer.status() / 100 != 2) {
            throw new CliFailure(problemDetail(answer));
        }
        return answer.body();
    }

    /**
     * Sends the request ({@code jsonBody} null for none) and returns whatever the controller answered; only an
     * unreachable controller fails.
     */
    private Answer exchange(String method, String path, String jsonBody) {
        URI uri = URI.create(baseUrl + path);
        try {
            HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
            if (c instanceof HttpsURLConnection https && tls.isPresent()) {
                https.setSSLSocketFactory(tls.get());
            }
            c.setRequestMethod(method);
            c.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
            c.setReadTimeout((int) REQUEST_TIMEOUT.toMillis());
            c.setRequestProperty("Accept", "application/json");
            credentials.token().ifPresent(token -> c.setRequestProperty("Authorization", "Bearer " + token));
            byte[] requestBody = jsonBody == null ? null : jsonBody.getBytes(StandardCharsets.UTF_8);
            if (requestBody != null) {
                c.setDoOutput(true);
                c.setFixedLengthStreamingMode(requestBody.length);
                if (requestBody.length > 0) {
                    c.setRequestProperty("Content-Type", "application/json");
                }
            }
            try {
                c.connect(); // on its own, so that a timeout here is told from one waiting for the answer
            } catch (SocketTimeoutException e) {
                throw unreachable("connection timed out");
            }
            if (requestBody != null) {
                try (OutputStream out = c.getOutputStream()) {
                    out.write(requestBody);
                }
            }
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            String body = "";
            if (in != null) {
                try (in) {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return new Answer(status, body, method, uri.getRawPath());
        } catch (SocketTimeoutException e) {
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
        }
    }

    private CliFailure unreachable(String reason) {
        return new CliFailure("cannot reach the controller at " + baseUrl + " (" + reason
                + "); is it running? Point --controller or WEFT_CONTROLLER at it", true);
    }

    /** The problem's {@code detail}, or a plain description if the answer is not a problem object. */
    private String problemDetail(Answer answer) {
        try {
            JsonNode problem = json.readTree(answer.body());
            if (problem != null && problem.path("detail").isTextual()) {
                return problem.get("detail").asText();
            }
        } catch (IOException e) {
            // Not JSON: fall through to the generic message.
        }
        return "the controller answered HTTP " + answer.status() + " to " + answer.method() + " " + answer.path();
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new CliFailure("the controller sent an answer that is not JSON: " + e.getOriginalMessage());
        }
    }
}
