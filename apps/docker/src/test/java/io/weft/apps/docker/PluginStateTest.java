package io.weft.apps.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What Docker will not resend must come back from the file after a plugin restart. */
class PluginStateTest {
    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everythingIsReadBackByANewInstance() throws Exception {
        PluginState state = PluginState.open(dir, json);
        state.putNetwork("n1", new PluginState.NetworkBinding("net1", "10.10.10.0/24", "10.10.10.1", false, null));
        state.putNetwork("n2", new PluginState.NetworkBinding(null, "10.20.0.0/24", null, false, null));
        state.holdPool("10.10.10.0/24", new PluginState.Pool("10.10.10.0/24", null));
        state.putReservation("net1", "10.10.10.9", "docker-aaaa");
        state.putReservation("net1", "10.10.10.3", "docker-bbbb");
        PluginState.EndpointBinding endpoint = new PluginState.EndpointBinding("n1", "net1", "docker-bbbb", "uuid",
                "10.10.10.3", "02:42:0a:0a:0a:03", "10.10.10.1", "wdabc");
        state.putEndpoint("e1", endpoint);

        PluginState reopened = PluginState.open(dir, json);
        assertThat(reopened.network("n1")).contains(new PluginState.NetworkBinding("net1", "10.10.10.0/24",
                "10.10.10.1", false, null));
        assertThat(reopened.network("n2").map(PluginState.NetworkBinding::resolved)).contains(false);
        assertThat(reopened.endpoint("e1")).contains(endpoint);
        assertThat(reopened.pool("10.10.10.0/24")).isPresent();
        // Taking over a reservation (CreateEndpoint) removes it; the other stays.
        assertThat(reopened.reservation("net1", "10.10.10.3")).isEmpty();
        assertThat(reopened.reservation("net1", "10.10.10.9")).contains("docker-aaaa");
        assertThat(reopened.holdPool("10.10.10.0/24", new PluginState.Pool("10.10.10.0/24", null))).isFalse();
    }

    @Test
    void aWaiterWakesWhenTheNetworkIsNamed() throws Exception {
        PluginState state = PluginState.open(dir, json);
        state.putNetwork("n1", new PluginState.NetworkBinding(null, "10.10.10.0/24", null, false, null));
        CompletableFuture<Optional<PluginState.NetworkBinding>> waiter = CompletableFuture.supplyAsync(
                () -> state.awaitResolved("n1", Duration.ofSeconds(20)));
        Thread.sleep(100);
        assertThat(waiter).isNotDone();
        state.putNetwork("n1", new PluginState.NetworkBinding("net1", "10.10.10.0/24", null, false, null));
        assertThat(waiter.get().map(PluginState.NetworkBinding::weftNetwork)).contains("net1");
        assertThat(state.awaitResolved("unknown", Duration.ofMillis(50))).isEmpty();
    }
}
