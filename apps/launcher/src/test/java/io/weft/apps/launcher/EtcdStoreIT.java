package io.weft.apps.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.testkit.EtcdCluster;
import io.weft.topology.EndpointRequest;
import io.weft.topology.Host;
import io.weft.topology.NetworkRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code weft controller --store etcd://...}: the topology lives in a real 3-member etcd, not in the data directory. */
class EtcdStoreIT {
    @Test
    void aControllerWithAnotherDataDirectoryFindsTheTopologyInEtcd() throws Exception {
        try (EtcdCluster etcd = EtcdCluster.start(3)) {
            String store = "etcd://" + etcd.clientUrls().stream().map(u -> u.getHost() + ":" + u.getPort())
                    .collect(Collectors.joining(",")) + "/it/weft";
            Path firstDir = Files.createTempDirectory("weft-etcd-a-");
            String endpointId;
            try (WeftController first = WeftController.start(ControllerSettings.loopback(0, 0, 0, firstDir)
                    .withStore(store))) {
                first.awaitLeadership(java.time.Duration.ofSeconds(30)).createNetwork(NetworkRequest.of("blue", "10.8.0.0/24"));
                first.awaitLeadership(java.time.Duration.ofSeconds(30)).upsertHost(Host.named("node-a"));
                endpointId = first.awaitLeadership(java.time.Duration.ofSeconds(30)).createEndpoint("blue", EndpointRequest.of("web", "node-a")).id();
            }
            assertThat(Files.exists(firstDir.resolve("weft.journal"))).as("no journal was written").isFalse();

            Path secondDir = Files.createTempDirectory("weft-etcd-b-");
            try (WeftController second = WeftController.start(ControllerSettings.loopback(0, 0, 0, secondDir)
                    .withStore(store))) {
                assertThat(second.awaitLeadership(java.time.Duration.ofSeconds(30)).network("blue")).isPresent();
                assertThat(second.awaitLeadership(java.time.Duration.ofSeconds(30)).endpointById(endpointId)).map(e -> e.name()).hasValue("web");
                assertThat(second.awaitLeadership(java.time.Duration.ofSeconds(30)).host("node-a")).isPresent();
            }
            // The embedded store in a third directory knows nothing of it.
            try (WeftController journal = WeftController.start(ControllerSettings.loopback(0, 0, 0,
                    Files.createTempDirectory("weft-etcd-c-")))) {
                assertThat(journal.topology().networks()).isEmpty();
            }
        }
    }
}
