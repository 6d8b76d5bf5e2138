package io.weft.apps.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.testkit.EtcdCluster;
import io.weft.topology.NetworkRequest;
import io.weft.topology.Topology;
import io.weft.topology.store.StateStoreException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Leader election and fencing on a real 3-member etcd cluster with etcd's default timers (2 s leases). */
class LeaderElectionTest {
    private static EtcdCluster etcd;
    private final List<LeaderElection> started = new java.util.ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        etcd = EtcdCluster.start(3, EtcdCluster.Timers.FAST);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (etcd != null) {
            etcd.close();
        }
    }

    @AfterEach
    void stopElections() {
        started.forEach(LeaderElection::close);
    }

    private static EtcdClient client() {
        return new EtcdClient(etcd.clientUrls(), Duration.ofSeconds(3));
    }

    /** What an election told its listener, in order: "elected FENCE" or "deposed". */
    private static final class Events implements LeaderElection.Listener {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();

        @Override
        public void elected(long fence) {
            events.add("elected " + fence);
        }

        @Override
        public void deposed(String why) {
            events.add("deposed");
        }

        String next() throws InterruptedException {
            String e = events.poll(15, TimeUnit.SECONDS);
            assertThat(e).as("an election event within 15 s").isNotNull();
            return e;
        }
    }

    private LeaderElection member(String prefix, String id, Events events) {
        LeaderElection e = new LeaderElection(client(), prefix, id, "{\"id\":\"" + id + "\"}", 2, events);
        started.add(e);
        e.start();
        return e;
    }

    @Test
    void oneLeadsTheOtherWaitsAndTakesOverWithAHigherFenceWhenTheLeaderStops() throws Exception {
        Events a = new Events();
        LeaderElection first = member("/elect-handover", "a", a);
        long fenceA = Long.parseLong(a.next().substring("elected ".length()));
        Events b = new Events();
        LeaderElection second = member("/elect-handover", "b", b);
        Thread.sleep(1_000);
        assertThat(b.events).as("b waits while a leads").isEmpty();
        assertThat(second.leader().orElseThrow().info()).isEqualTo("{\"id\":\"a\"}");
        assertThat(second.leader().orElseThrow().fence()).isEqualTo(fenceA);

        first.close(); // revokes its lease: b need not wait out the TTL
        String elected = b.next();
        assertThat(Long.parseLong(elected.substring("elected ".length()))).isGreaterThan(fenceA);
        assertThat(second.leader().orElseThrow().info()).isEqualTo("{\"id\":\"b\"}");
    }

    @Test
    void writesHoldOnlyUnderTheCurrentLeadersFence() throws Exception {
        Events a = new Events();
        LeaderElection first = member("/elect-fence", "a", a);
        long fenceA = Long.parseLong(a.next().substring("elected ".length()));
        Topology ta = Topology.open(EtcdStateStore.fenced(client(), "/elect-fence", first));
        ta.createNetwork(NetworkRequest.of("by-a", "10.9.0.0/24"));
        // A deposed leader that has not noticed yet (paused past its lease) still writes under its old fence.
        BlockingQueue<String> lostWhy = new LinkedBlockingQueue<>();
        LeaderFence stale = new LeaderFence() {
            @Override
            public String leaderKey() {
                return first.leaderKey();
            }

            @Override
            public java.util.OptionalLong fence() {
                return java.util.OptionalLong.of(fenceA);
            }

            @Override
            public void lost(String why) {
                lostWhy.add(why);
            }
        };
        Topology paused = Topology.open(EtcdStateStore.fenced(client(), "/elect-fence", stale));

        Events b = new Events();
        LeaderElection second = member("/elect-fence", "b", b);
        first.close();
        long fenceB = Long.parseLong(b.next().substring("elected ".length()));
        assertThat(fenceB).isGreaterThan(fenceA);

        assertThatThrownBy(() -> paused.createNetwork(NetworkRequest.of("late", "10.9.1.0/24")))
                .isInstanceOf(StateStoreException.class).hasMessageContaining("fenced: another controller has led");
        assertThat(lostWhy).as("the paused leader learns it no longer leads").hasSize(1);
        Topology tb = Topology.open(EtcdStateStore.fenced(client(), "/elect-fence", second));
        assertThat(tb.networks()).extracting(n -> n.name()).containsExactly("by-a");
        tb.createNetwork(NetworkRequest.of("by-b", "10.9.2.0/24"));
        // A standby's writes are refused before they reach etcd.
        LeaderElection standby = member("/elect-fence", "c", new Events());
        assertThatThrownBy(() -> Topology.open(EtcdStateStore.fenced(client(), "/elect-fence", standby))
                .createNetwork(NetworkRequest.of("by-c", "10.9.3.0/24")))
                .isInstanceOf(StateStoreException.class).hasMessageContaining("not the cluster's leader");
        assertThat(Topology.open(new EtcdStateStore(client(), "/elect-fence")).networks()).extracting(n -> n.name())
                .containsExactlyInAnyOrder("by-a", "by-b");
    }

    @Test
    void aLeaderThatCannotRenewIsDeposedAndAStandbyLeadsOnceTheLeaseExpires() throws Exception {
        Events a = new Events();
        LeaderElection first = member("/elect-expiry", "a", a);
        long fenceA = Long.parseLong(a.next().substring("elected ".length()));
        Events b = new Events();
        member("/elect-expiry", "b", b);
        // Revoking a's lease from outside is what etcd does when it expires: a learns it at its next renewal.
        EtcdClient etcdClient = client();
        var key = etcdClient.get("/elect-expiry/" + LeaderElection.LEADER_KEY).orElseThrow();
        assertThat(key.createRevision()).isEqualTo(fenceA);
        etcdClient.revokeLease(key.lease());
        assertThat(a.next()).isEqualTo("deposed");
        assertThat(first.fence()).isEmpty();
        assertThat(Long.parseLong(b.next().substring("elected ".length()))).isGreaterThan(fenceA);
    }

}
