package io.weft.apps.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.testkit.EtcdCluster;
import io.weft.topology.EndpointRequest;
import io.weft.topology.Host;
import io.weft.topology.NetworkRequest;
import io.weft.topology.Topology;
import io.weft.topology.TopologySnapshot;
import io.weft.topology.store.StateStoreException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The topology on a real 3-member etcd cluster: what a store committed is what the next one loads, with members down. */
class EtcdStateStoreTest {
    private static EtcdCluster etcd;

    @BeforeAll
    static void startCluster() throws Exception {
        etcd = EtcdCluster.start(3);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (etcd != null) {
            etcd.close();
        }
    }

    private static EtcdStateStore store(String prefix) {
        return new EtcdStateStore(new EtcdClient(etcd.clientUrls(), Duration.ofSeconds(3)), prefix);
    }

    /** The state without its in-memory version counter. */
    private static String contents(TopologySnapshot s) {
        return s.networks() + "\n" + s.endpoints() + "\n" + s.hosts() + "\n" + s.routers();
    }

    @Test
    void whatOneControllerCommittedIsWhatTheNextOneLoads() {
        Topology first = Topology.open(store("/weft-roundtrip"));
        first.createNetwork(NetworkRequest.of("blue", "10.1.0.0/24"));
        first.createNetwork(NetworkRequest.of("green", "10.2.0.0/24"));
        first.upsertHost(Host.named("node-a"));
        var web = first.createEndpoint("blue", EndpointRequest.of("web", "node-a"));
        first.createEndpoint("green", EndpointRequest.of("db", "node-a"));
        first.bindEndpoint(web.id(), "node-a", 7);
        first.createRouter("r1");
        first.attachNetwork("r1", "blue");
        var gone = first.createEndpoint("blue", EndpointRequest.of("gone", "node-a"));
        first.deleteEndpoint("blue", gone.id());

        Topology second = Topology.open(store("/weft-roundtrip/"));
        assertThat(contents(second.snapshot())).isEqualTo(contents(first.snapshot()));
        assertThat(second.endpoint("blue", "web").orElseThrow().binding()).isPresent();
        assertThat(second.endpoint("blue", "gone")).isEmpty();
        // Another prefix is another topology.
        assertThat(Topology.open(store("/weft-elsewhere")).networks()).isEmpty();
    }

    @Test
    void rowsAreTheJournalsTextUnderOneKeyEach() {
        Topology t = Topology.open(store("/weft-keys"));
        t.createNetwork(NetworkRequest.of("blue", "10.3.0.0/24"));
        // Beside the rows: the marker whose revision is that of the last committed change (for a standby's copy).
        var kvs = new EtcdClient(etcd.clientUrls(), Duration.ofSeconds(3)).rangePrefix("/weft-keys/").stream()
                .filter(kv -> !kv.key().startsWith("/weft-keys/_cluster/")).toList();
        assertThat(kvs).hasSize(1);
        assertThat(kvs.get(0).key()).isEqualTo("/weft-keys/networks/blue");
        assertThat(new String(kvs.get(0).value(), StandardCharsets.UTF_8)).contains("\"subnet\":\"10.3.0.0/24\"");
        assertThat(kvs.get(0).modRevision()).isPositive();
    }

    @Test
    void writesGoOnWithOneMemberDownFailWithTheReasonWithoutQuorumAndResumeAfterAReload() throws Exception {
        Topology t = Topology.open(store("/weft-quorum"));
        t.createNetwork(NetworkRequest.of("before", "10.4.0.0/24"));

        etcd.kill(0); // the member the client tries first, and perhaps the leader
        etcd.awaitHealthy(); // the other two elect a leader if they must (up to two election timeouts)
        t.createNetwork(NetworkRequest.of("one-down", "10.5.0.0/24"));

        etcd.kill(1);
        assertThatThrownBy(() -> t.createNetwork(NetworkRequest.of("no-quorum", "10.6.0.0/24")))
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining("etcd")
                .satisfies(e -> assertThat(((StateStoreException) e).outcomeUnknown()).isTrue());
        // Not acknowledged. As after a failed force of the journal, this process may still show it (group commit applies
        // a change before it is durable and acknowledges it after); it takes no more writes, and a reload shows what
        // etcd holds.
        assertThat(t.storeProblem()).isPresent();

        etcd.restart(0);
        etcd.restart(1);
        etcd.awaitHealthy();
        // etcd may commit the unconfirmed write now that its quorum is back: this store, which cannot know, takes no
        // more writes (they would build on a state etcd may not hold: the same VNI handed out twice).
        assertThatThrownBy(() -> t.createNetwork(NetworkRequest.of("refused", "10.8.0.0/24")))
                .isInstanceOf(StateStoreException.class).hasMessageContaining("restarts");
        assertThat(t.storeProblem()).hasValueSatisfying(p -> assertThat(p).contains("may or may not be in etcd"));

        // A restarted controller reloads what etcd holds, whatever became of that write, and writes again. Every
        // acknowledged write is there.
        Topology reloaded = Topology.open(store("/weft-quorum"));
        reloaded.createNetwork(NetworkRequest.of("after", "10.7.0.0/24"));
        assertThat(reloaded.storeProblem()).isEmpty();
        assertThat(Topology.open(store("/weft-quorum")).networks()).extracting(n -> n.name())
                .contains("before", "one-down", "after").doesNotContain("refused");
    }

    @Test
    void aFollowersCopyIsCurrentUntilTheLeaderCommitsAndReloadCatchesUp() {
        Topology leader = Topology.open(store("/weft-follow"));
        leader.createNetwork(NetworkRequest.of("blue", "10.9.0.0/24"));
        EtcdStateStore followerStore = store("/weft-follow");
        Topology follower = Topology.follow(followerStore);
        assertThat(followerStore.loadIsCurrent()).isTrue();
        assertThat(follower.networks()).extracting(n -> n.name()).containsExactly("blue");

        leader.createNetwork(NetworkRequest.of("green", "10.9.1.0/24"));
        assertThat(followerStore.loadIsCurrent()).as("a batch was committed since").isFalse();
        follower.reload();
        assertThat(followerStore.loadIsCurrent()).isTrue();
        assertThat(follower.networks()).extracting(n -> n.name()).containsExactlyInAnyOrder("blue", "green");
        assertThat(follower.network("green").orElseThrow().vni()).isEqualTo(leader.network("green").orElseThrow().vni());
    }

    @Test
    void prefixEndCoversExactlyTheKeysOfThePrefix() {
        assertThat(EtcdClient.prefixEnd("/a/".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("/a0".getBytes(StandardCharsets.UTF_8));
        assertThat(EtcdClient.prefixEnd(new byte[] {'a', (byte) 0xff})).isEqualTo(new byte[] {'b'});
        assertThat(EtcdClient.prefixEnd(new byte[] {(byte) 0xff})).isEqualTo(new byte[] {0});
    }
}
