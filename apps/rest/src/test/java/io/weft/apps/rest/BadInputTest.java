package io.weft.apps.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.topology.TopologySnapshot;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad request is answered with the right 4xx as a problem+json whose detail names the problem, and
 * changes nothing. The server is shared by all cases: since none may change the topology, each case also checks
 * that the snapshot (whose version counts commits) is the same before and after.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
    private static final String NETWORKS = "/api/v1/networks";
    private static final String ENDPOINTS = "/api/v1/networks/blue/endpoints";
    private static final String JSON = "application/json";

    private ApiFixture api;

    /** A request and what the answer must be. {@code chunked} sends the body without a Content-Length. */
    record BadInput(String description, String method, String path, String contentType, byte[] body,
                    boolean chunked, int status, String detail) {
        BadInput(String description, String method, String path, String contentType, String body, boolean chunked,
                 int status, String detail) {
            this(description, method, path, contentType, body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                    chunked, status, detail);
        }

        @Override
        public String toString() {
            return description;
        }
    }

    @BeforeAll
    void start() {
        api = new ApiFixture();
        api.createNetwork("{\"name\":\"blue\",\"subnet\":\"10.10.10.0/24\",\"vni\":300}");
        api.createEndpoint("blue", "{\"name\":\"web\",\"host\":\"node-a\"}"); // 10.10.10.2, 02:42:0a:0a:0a:02
    }

    @AfterAll
    void stop() {
        api.close();
    }

    static Stream<BadInput> badInputs() {
        String huge = "{\"name\":\"" + "x".repeat(RequestBodyReader.MAX_BODY_BYTES) + "\",\"subnet\":\"10.9.0.0/24\"}";
        return Stream.of(
                // Bodies that are not one JSON object.
                post("malformed JSON", NETWORKS, "{\"name\":\"red\",", 400, "malformed JSON at line 1"),
                post("empty body", NETWORKS, "", 400, "request body is empty"),
                post("blank body", NETWORKS, "  \n ", 400, "request body is blank"),
                post("array body", NETWORKS, "[{\"name\":\"red\"}]", 400, "must be a JSON object, got an array"),
                post("string body", NETWORKS, "\"red\"", 400, "must be a JSON object, got string"),
                post("null body", NETWORKS, "null", 400, "must be a JSON object, got null"),
                post("trailing data", NETWORKS, "{\"name\":\"red\",\"subnet\":\"10.9.0.0/24\"} {}", 400,
                        "malformed JSON"),
                post("duplicate key", NETWORKS, "{\"name\":\"red\",\"name\":\"green\",\"subnet\":\"10.9.0.0/24\"}",
                        400, "Duplicate field 'name'"),
                new BadInput("invalid UTF-8", "POST", NETWORKS, JSON, invalidUtf8(), false, 400, "Invalid UTF-8"),
                // Fields of the wrong type, unknown or missing.
                post("unknown field", NETWORKS, "{\"name\":\"red\",\"subnet\":\"10.9.0.0/24\",\"vin\":5}", 400,
                        "unknown field 'vin'"),
                post("missing name", NETWORKS, "{\"subnet\":\"10.9.0.0/24\"}", 400, "field 'name' is required"),
                post("missing subnet", NETWORKS, "{\"name\":\"red\"}", 400, "field 'subnet' is required"),
                post("name is a number", NETWORKS, "{\"name\":7,\"subnet\":\"10.9.0.0/24\"}", 400,
                        "field 'name' must be a string, got number 7"),
                post("name is an object", NETWORKS, "{\"name\":{},\"subnet\":\"10.9.0.0/24\"}", 400,
                        "field 'name' must be a string, got an object"),
                post("subnet is a number", NETWORKS, "{\"name\":\"red\",\"subnet\":5}", 400,
                        "field 'subnet' must be a string, got number 5"),
                post("vni is a string", NETWORKS, "{\"name\":\"red\",\"subnet\":\"10.9.0.0/24\",\"vni\":\"abc\"}", 400,
                        "field 'vni' must be an integer, got string \"abc\""),
                post("vni is a fraction", NETWORKS, "{\"name\":\"red\",\"subnet\":\"10.9.0.0/24\",\"vni\":1.5}", 400,
                        "field 'vni' must be an integer, got number 1.5"),
                post("vni beyond int", NETWORKS,
                        "{\"name\":\"red\",\"subnet\":\"10.9.0.0/24\",\"vni\":99999999999}", 400,
                        "field 'vni' is out of range: 99999999999"),
                post("mtu is a boolean", NETWORKS, "{\"name\":\"red\",\"subnet\":\"10.9.0.0/24\",\"mtu\":true}", 400,
                        "field 'mtu' must be an integer, got boolean true"),
                // Values the topology refuses.
                post("invalid name", NETWORKS, "{\"name\":\"bad name!\",\"subnet\":\"10.9.0.0/24\"}", 400,
                        "invalid network name 'bad name!'"),
                post("vni zero", NETWORKS, "{\"name\":\"red\",\"subnet\":\"10.9.0.0/24\",\"vni\":0}", 400,
                        "invalid vni 0"),
                post("vni above 24 bits", NETWORKS, "{\"name\":\"red\",\"subnet\":\"10.9.0.0/24\",\"vni\":16777216}",
                        400, "invalid vni 16777216"),
                post("vni taken", NETWORKS, "{\"name\":\"red\",\"subnet\":\"10.9.0.0/24\",\"vni\":300}", 409,
                        "vni 300 is already used by network 'blue'"),
                post("mtu too small", NETWORKS, "{\"name\":\"red\",\"subnet\":\"10.9.0.0/24\",\"mtu\":100}", 400,
                        "invalid mtu 100"),
                post("prefix over 32", NETWORKS, "{\"name\":\"red\",\"subnet\":\"10.9.0.0/33\"}", 400,
                        "invalid subnet"),
                post("subnet with host bits", NETWORKS, "{\"name\":\"red\",\"subnet\":\"10.9.0.5/24\"}", 400,
                        "has host bits set"),
                post("subnet not a CIDR", NETWORKS, "{\"name\":\"red\",\"subnet\":\"banana\"}", 400,
                        "'banana' is not a CIDR prefix"),
                post("prefix too long", NETWORKS, "{\"name\":\"red\",\"subnet\":\"10.9.0.0/31\"}", 400,
                        "prefix length must be 8..30"),
                post("gateway outside subnet", NETWORKS,
                        "{\"name\":\"red\",\"subnet\":\"10.9.0.0/24\",\"gateway\":\"10.8.0.1\"}", 400,
                        "invalid gateway '10.8.0.1': outside subnet 10.9.0.0/24"),
                post("gateway not an address", NETWORKS,
                        "{\"name\":\"red\",\"subnet\":\"10.9.0.0/24\",\"gateway\":\"10.9.0.256\"}", 400,
                        "invalid gateway"),
                post("duplicate network", NETWORKS, "{\"name\":\"blue\",\"subnet\":\"10.9.0.0/24\"}", 409,
                        "network 'blue' already exists"),
                // Content type and size.
                new BadInput("text/plain body", "POST", NETWORKS, "text/plain",
                        "{\"name\":\"red\",\"subnet\":\"10.9.0.0/24\"}", false, 415, "unsupported Content-Type 'text/plain'"),
                new BadInput("no content type", "POST", NETWORKS, null,
                        "{\"name\":\"red\",\"subnet\":\"10.9.0.0/24\"}", false, 415, "Content-Type header is missing"),
                new BadInput("form content type", "POST", ENDPOINTS, "application/x-www-form-urlencoded",
                        "name=web2&host=node-a", false, 415, "send application/json"),
                new BadInput("latin-1 charset", "POST", NETWORKS, "application/json; charset=ISO-8859-1",
                        "{\"name\":\"red\",\"subnet\":\"10.9.0.0/24\"}", false, 415, "unsupported charset"),
                post("body over 64 KB", NETWORKS, huge, 413, "larger than 65536 bytes"),
                new BadInput("chunked body over 64 KB", "POST", NETWORKS, JSON, huge, true, 413,
                        "larger than 65536 bytes"),
                // Endpoints.
                post("endpoint in unknown network", "/api/v1/networks/nope/endpoints",
                        "{\"name\":\"web2\",\"host\":\"node-a\"}", 404, "network 'nope' not found"),
                post("unknown host", ENDPOINTS, "{\"name\":\"web2\",\"host\":\"ghost\"}", 400, "unknown host 'ghost'"),
                post("missing host", ENDPOINTS, "{\"name\":\"web2\"}", 400, "field 'host' is required"),
                post("ip outside subnet", ENDPOINTS, "{\"name\":\"web2\",\"host\":\"node-a\",\"ip\":\"10.20.0.5\"}",
                        400, "ip 10.20.0.5 is outside subnet 10.10.10.0/24"),
                post("ip malformed", ENDPOINTS, "{\"name\":\"web2\",\"host\":\"node-a\",\"ip\":\"10.10.10\"}", 400,
                        "invalid ip"),
                post("ip is a number", ENDPOINTS, "{\"name\":\"web2\",\"host\":\"node-a\",\"ip\":168430090}", 400,
                        "field 'ip' must be a string"),
                post("ip is the gateway", ENDPOINTS, "{\"name\":\"web2\",\"host\":\"node-a\",\"ip\":\"10.10.10.1\"}",
                        400, "is the gateway"),
                post("ip is the broadcast address", ENDPOINTS,
                        "{\"name\":\"web2\",\"host\":\"node-a\",\"ip\":\"10.10.10.255\"}", 400, "broadcast address"),
                post("ip taken", ENDPOINTS, "{\"name\":\"web2\",\"host\":\"node-a\",\"ip\":\"10.10.10.2\"}", 409,
                        "ip 10.10.10.2 is already used by endpoint 'web'"),
                post("mac malformed", ENDPOINTS, "{\"name\":\"web2\",\"host\":\"node-a\",\"mac\":\"zz:00:00:00:00:01\"}",
                        400, "invalid mac"),
                post("mac multicast", ENDPOINTS,
                        "{\"name\":\"web2\",\"host\":\"node-a\",\"mac\":\"01:00:5e:00:00:01\"}", 400,
                        "must be a unicast address"),
                post("mac taken", ENDPOINTS, "{\"name\":\"web2\",\"host\":\"node-a\",\"mac\":\"02:42:0a:0a:0a:02\"}",
                        409, "mac 02:42:0a:0a:0a:02 is already used by endpoint 'web'"),
                post("duplicate endpoint", ENDPOINTS, "{\"name\":\"web\",\"host\":\"node-a\"}", 409,
                        "endpoint 'web' already exists in network 'blue'"),
                post("endpoint unknown field", ENDPOINTS, "{\"name\":\"web2\",\"host\":\"node-a\",\"ipv6\":\"::1\"}",
                        400, "unknown field 'ipv6'"),
                // Unknown names, routes and methods.
                call("GET", "/api/v1/networks/nope", 404, "network 'nope' not found"),
                call("DELETE", "/api/v1/networks/nope", 404, "network 'nope' not found"),
                call("DELETE", "/api/v1/networks/blue", 409, "network 'blue' still has 1 endpoint"),
                call("GET", ENDPOINTS + "/nope", 404, "endpoint 'nope' not found in network 'blue'"),
                call("DELETE", ENDPOINTS + "/nope", 404, "endpoint 'nope' not found in network 'blue'"),
                call("GET", "/api/v1/hosts/ghost", 404, "host 'ghost' not found"),
                call("GET", "/api/v1/hosts/ghost/flows", 404, "host 'ghost' not found"),
                call("GET", "/api/v1/nothing", 404, "no such resource: GET /api/v1/nothing"),
                call("PUT", "/api/v1/networks", 405, "method PUT is not allowed"),
                call("PATCH", ENDPOINTS + "/web", 405, "method PATCH is not allowed"),
                call("PUT", "/api/v1/hosts", 405, "method PUT is not allowed"),
                post("admission without TLS", "/api/v1/hosts", "{\"name\":\"node9\"}", 409,
                        "this controller runs without TLS"),
                post("admission of a bad name", "/api/v1/hosts", "{\"name\":\"a b\"}", 400, "invalid host name"));
    }

    /** A body whose name holds the byte 0xff, which never occurs in UTF-8. */
    private static byte[] invalidUtf8() {
        byte[] body = "{\"name\":\"r?d\",\"subnet\":\"10.9.0.0/24\"}".getBytes(StandardCharsets.US_ASCII);
        body[10] = (byte) 0xff;
        return body;
    }

    private static BadInput post(String description, String path, String body, int status, String detail) {
        return new BadInput(description, "POST", path, JSON, body, false, status, detail);
    }

    private static BadInput call(String method, String path, int status, String detail) {
        return new BadInput(method + " " + path, method, path, null, (byte[]) null, false, status, detail);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void isRefusedWithAProblemAndChangesNothing(BadInput input) throws Exception {
        TopologySnapshot before = api.topology.snapshot();

        HttpResponse<String> response = send(input);

        ProblemAssert.assertProblem(response, input.status(), input.detail());
        assertThat(api.topology.snapshot()).isEqualTo(before);
    }

    @Test
    void thereAreAtLeastThirtyCases() {
        assertThat(badInputs().count()).isGreaterThanOrEqualTo(30);
    }

    private HttpResponse<String> send(BadInput input) throws Exception {
        HttpRequest.BodyPublisher body;
        if (input.body() == null) {
            body = BodyPublishers.noBody();
        } else {
            byte[] bytes = input.body();
            body = input.chunked() ? BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))
                    : BodyPublishers.ofByteArray(bytes);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.baseUrl() + input.path()))
                .method(input.method(), body);
        if (input.contentType() != null) {
            request.header("Content-Type", input.contentType());
        }
        return HttpClient.newHttpClient().send(request.build(), BodyHandlers.ofString());
    }
}
