package io.weft.apps.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.apps.cluster.EtcdClient;
import io.weft.apps.cluster.EtcdException;
import io.weft.apps.cluster.EtcdStateStore;
import io.weft.apps.cluster.EtcdTarget;
import io.weft.apps.cluster.LeaderElection;
import io.weft.apps.rest.ClusterStatusSource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * This controller as one of several on an etcd prefix (issue 20): its election, the record it publishes about itself
 * (name and API address), the fenced store it writes through once it leads, and what {@code weft cluster status}
 * shows.
 */
final class ClusterMember implements ClusterStatusSource, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(1);

    private final EtcdTarget target;
    private final EtcdClient etcd;
    private final String name;
    private final LeaderElection election;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(HEALTH_TIMEOUT).build();

    /** @param apiUrl this controller's REST API as others reach it */
    ClusterMember(EtcdTarget target, EtcdClient etcd, String name, String apiUrl, Duration leaseTtl,
                  LeaderElection.Listener listener) {
        this.target = target;
        this.etcd = etcd;
        this.name = name;
        String info = JSON.createObjectNode().put("name", name).put("api", apiUrl).toString();
        this.election = new LeaderElection(etcd, target.prefix(), name, info, leaseTtl.toSeconds(), listener);
    }

    void start() {
        election.start();
    }

    /** The store the leader writes through: each write holds only under this member's fence. */
    EtcdStateStore fencedStore() {
        return EtcdStateStore.fenced(etcd, target.prefix(), election);
    }

    /** This member's fence, for writes to etcd beside the topology's. */
    io.weft.apps.cluster.LeaderFence fence() {
        return election;
    }

    /** This leader learnt that another leads (a switch refused its claim as stale): it stops leading. */
    void lost(String why) {
        election.lost(why);
    }

    /** The leader's API URL, if a leader is known and it is not this controller. */
    Optional<String> leaderApi() {
        return election.leader().map(l -> parse(l.info()).path("api").asText(null));
    }

    @Override
    public ClusterStatus status() {
        Optional<LeaderElection.Leader> leader = election.leader();
        List<JsonNode> members = new ArrayList<>();
        try {
            for (EtcdClient.KeyValue kv : etcd.rangePrefix(target.prefix() + "_cluster/members/")) {
                members.add(parse(new String(kv.value(), StandardCharsets.UTF_8)));
            }
        } catch (EtcdException e) {
            // shown as etcd's health below
        }
        List<EtcdMember> health = new ArrayList<>();
        for (URI member : target.members()) {
            health.add(health(member));
        }
        return new ClusterStatus("etcd", name, election.fence().isPresent() ? "leader" : "standby",
                leader.map(l -> parse(l.info())).orElse(null), leader.map(LeaderElection.Leader::fence).orElse(0L),
                members, health);
    }

    /** etcd's own health check: true once the member sees a leader and can serve a read through raft. */
    private EtcdMember health(URI member) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(member.resolve("/health")).timeout(HEALTH_TIMEOUT)
                    .build(), HttpResponse.BodyHandlers.ofString());
            boolean healthy = r.statusCode() == 200 && parse(r.body()).path("health").asText().equals("true");
            return new EtcdMember(member.toString(), healthy, healthy ? null : "HTTP " + r.statusCode() + " " + r.body());
        } catch (IOException e) {
            return new EtcdMember(member.toString(), false, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new EtcdMember(member.toString(), false, "interrupted");
        }
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return JSON.createObjectNode().put("unreadable", text);
        }
    }

    /** Stops campaigning; a leader revokes its lease, so a standby takes over without waiting out the TTL. */
    @Override
    public void close() {
        election.close();
    }
}
