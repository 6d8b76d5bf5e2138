package io.weft.apps.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.apps.cli.ApiClient;
import io.weft.apps.cli.HostPlumbing;
import io.weft.apps.cli.LocalCommands;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The protocol's answers Docker relies on, and its error envelopes, with the real drivers and no controller
 * listening (a closed port): every failure here must be a clear message, never an exception.
 */
class PluginProtocolTest {
    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private PluginProtocol protocol;
    private PluginState state;

    @BeforeEach
    void setUp() throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        WeftApi api = new WeftApi(new ApiClient("http://127.0.0.1:" + closedPort, json));
        state = PluginState.open(dir, json);
        DockerEngine docker = new DockerEngine(new UnixHttpClient(dir.resolve("no-docker.sock"),
                Duration.ofSeconds(1)), json);
        NetworkNamer namer = new NetworkNamer(docker, api, state, executor);
        WeftNetworkDriver network = new WeftNetworkDriver(api, state, namer,
                new HostPlumbing(new LocalCommands(), null), "host1", Duration.ofMillis(100), Duration.ofMillis(100),
                new JoinedContainers(docker, api, new LocalCommands(), executor));
        protocol = new PluginProtocol(json, network, new WeftIpamDriver(api, state, "host1", Duration.ofMillis(100)));
    }

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
    }

    private JsonNode call(String path, String body) throws IOException {
        UnixHttpServer.Response response = protocol.handle("POST", path, body.getBytes(StandardCharsets.UTF_8));
        assertThat(response.status()).as(path).isEqualTo(200);
        return json.readTree(response.body());
    }

    @Test
    void activationAndCapabilities() throws IOException {
        assertThat(call("/Plugin.Activate", "").toString())
                .isEqualTo("{\"Implements\":[\"NetworkDriver\",\"IpamDriver\"]}");
        assertThat(call("/NetworkDriver.GetCapabilities", "{}").toString())
                .isEqualTo("{\"Scope\":\"local\",\"ConnectivityScope\":\"global\"}");
        assertThat(call("/IpamDriver.GetDefaultAddressSpaces", "{}").path("LocalDefaultAddressSpace").asText())
                .isEqualTo("weft");
    }

    @Test
    void unknownCallsAre404AndOnlyPostIsServed() {
        assertThat(protocol.handle("POST", "/NetworkDriver.Nope", new byte[0]).status()).isEqualTo(404);
        assertThat(protocol.handle("GET", "/Plugin.Activate", new byte[0]).status()).isEqualTo(405);
    }

    @Test
    void driverErrorsUseErrAndIpamErrorsUseError() throws IOException {
        assertThat(call("/NetworkDriver.CreateNetwork", "not json").path("Err").asText())
                .startsWith("weft: malformed request body");
        assertThat(call("/IpamDriver.RequestPool", "{\"Pool\":\"10.0.0.0/24\",\"V6\":true}").path("Error").asText())
                .isEqualTo("weft: Weft networks are IPv4 only: drop --ipv6");
        assertThat(call("/IpamDriver.RequestPool", "{\"Pool\":\"10.0.0.1/24\"}").path("Error").asText())
                .contains("host bits");
        assertThat(call("/IpamDriver.RequestPool", "{\"Pool\":\"10.0.0.0/31\"}").path("Error").asText())
                .contains("prefix length");
        assertThat(call("/IpamDriver.RequestAddress", "{\"PoolID\":\"nope\"}").path("Error").asText())
                .contains("unknown address pool 'nope'");
        assertThat(call("/NetworkDriver.Join", "{\"EndpointID\":\"0123456789abcdef\"}").path("Err").asText())
                .isEqualTo("weft: endpoint 0123456789ab is unknown to this host's weft plugin");
    }

    @Test
    void createNetworkFailsInDockerWhenTheControllerIsDownAndRemembersNothing() throws IOException {
        JsonNode reply = call("/NetworkDriver.CreateNetwork", "{\"NetworkID\":\"abc\",\"IPv4Data\":[{\"Pool\":"
                + "\"10.10.10.0/24\",\"Gateway\":\"10.10.10.1/24\"}],\"Options\":{}}");
        assertThat(reply.path("Err").asText()).startsWith("weft: cannot reach the controller at http://127.0.0.1:");
        assertThat(state.networks()).isEmpty();
    }

    @Test
    void aPoolIsHeldOnceAndTheGatewayIsTheFirstAddress() throws IOException {
        JsonNode pool = call("/IpamDriver.RequestPool", "{\"AddressSpace\":\"weft\",\"Pool\":\"10.10.10.0/24\"}");
        assertThat(pool.path("PoolID").asText()).isEqualTo("10.10.10.0/24");
        assertThat(call("/IpamDriver.RequestPool", "{\"Pool\":\"10.10.10.0/24\"}").path("Error").asText())
                .contains("already used");
        JsonNode gateway = call("/IpamDriver.RequestAddress", "{\"PoolID\":\"10.10.10.0/24\",\"Options\":"
                + "{\"RequestAddressType\":\"com.docker.network.gateway\"}}");
        assertThat(gateway.path("Address").asText()).isEqualTo("10.10.10.1/24");
        assertThat(call("/IpamDriver.ReleasePool", "{\"PoolID\":\"10.10.10.0/24\"}").toString()).isEqualTo("{}");
        assertThat(call("/IpamDriver.RequestPool", "{\"Pool\":\"10.10.10.0/24\"}").path("PoolID").asText())
                .isEqualTo("10.10.10.0/24");
    }

    @Test
    void leaveAndDeleteOfUnknownEndpointsSucceed() throws IOException {
        // Docker cleans up after a crash with calls for endpoints the plugin may never have seen.
        assertThat(call("/NetworkDriver.Leave", "{\"EndpointID\":\"x\"}").toString()).isEqualTo("{}");
        assertThat(call("/NetworkDriver.DeleteEndpoint", "{\"EndpointID\":\"x\"}").toString()).isEqualTo("{}");
        assertThat(call("/NetworkDriver.DeleteNetwork", "{\"NetworkID\":\"x\"}").toString()).isEqualTo("{}");
        assertThat(call("/NetworkDriver.EndpointOperInfo", "{\"EndpointID\":\"x\"}").toString())
                .isEqualTo("{\"Value\":{}}");
    }
}
