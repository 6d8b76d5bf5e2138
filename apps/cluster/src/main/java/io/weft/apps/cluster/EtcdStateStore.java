package io.weft.apps.cluster;

import io.weft.topology.Endpoint;
import io.weft.topology.Host;
import io.weft.topology.Network;
import io.weft.topology.Router;
import io.weft.topology.StateStore;
import io.weft.topology.StoredState;
import io.weft.topology.store.RowText;
import io.weft.topology.store.StateStoreException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The topology's store of record in etcd (issue 20, cluster mode): one key per row,
 * {@code PREFIX/TABLE/KEY}, holding the row in the journal's own encoding ({@link RowText}). A write returns once
 * etcd has committed it (a quorum of members has it in its log), so every write is durable when it returns and the
 * group-commit calls have nothing left to wait for. A failed write throws {@link StateStoreException}: "refused"
 * when etcd said so, "may or may not be stored" when the cluster could not answer (no quorum, no member reachable),
 * which the REST API answers with 503 and its reason. After such a write the store refuses every later one, as the
 * journal does after a failed force: etcd may commit it once its quorum is back, and the topology, which did not
 * apply it, would build on a state etcd does not hold (a VNI or an address handed out twice). A restarted
 * controller reloads what etcd holds and writes again.
 *
 * <p>In a cluster ({@link #fenced}) every write is a transaction that holds only while the leader key still has
 * the create revision this controller was elected with ({@link LeaderElection}): a deposed leader's write changes
 * nothing and fails with "fenced", and so does a standby's.
 */
public final class EtcdStateStore implements StateStore {
    private final EtcdClient etcd;
    private final String prefix;
    private final RowText rows = new RowText();
    private volatile String writeProblem;
    /** Set by a write whose outcome is unknown: why every later write is refused. */
    private volatile String diverged;

    private final Optional<LeaderFence> election;

    /**
     * One controller on the prefix, unfenced.
     *
     * @param prefix the key prefix of this topology, e.g. {@code /weft/} (a trailing slash is added if missing)
     */
    public EtcdStateStore(EtcdClient etcd, String prefix) {
        this(etcd, prefix, Optional.empty());
    }

    private EtcdStateStore(EtcdClient etcd, String prefix, Optional<LeaderFence> election) {
        this.etcd = etcd;
        this.prefix = prefix.endsWith("/") ? prefix : prefix + "/";
        this.election = election;
    }

    /** A store whose writes hold only while {@code election} says this controller leads, under its fence. */
    public static EtcdStateStore fenced(EtcdClient etcd, String prefix, LeaderFence election) {
        return new EtcdStateStore(etcd, prefix, Optional.of(election));
    }

    @Override
    public StoredState load() {
        Map<String, List<String>> byTable = new HashMap<>();
        List<EtcdClient.KeyValue> all;
        try {
            all = etcd.rangePrefix(prefix);
        } catch (EtcdException e) {
            throw new StateStoreException("cannot read the topology from etcd: " + e.getMessage(), e);
        }
        for (EtcdClient.KeyValue kv : all) {
            String rest = kv.key().substring(prefix.length());
            int slash = rest.indexOf('/');
            if (slash > 0 && !rest.startsWith("_")) { // "_cluster/...": the election's keys, not rows
                byTable.computeIfAbsent(rest.substring(0, slash), t -> new ArrayList<>())
                        .add(new String(kv.value(), StandardCharsets.UTF_8));
            }
        }
        return rows.state(byTable);
    }

    @Override
    public void putNetwork(Network network) {
        put(RowText.NETWORKS, network.name(), rows.of(network));
    }

    @Override
    public void removeNetwork(String name) {
        remove(RowText.NETWORKS, name);
    }

    @Override
    public void putEndpoint(Endpoint endpoint) {
        put(RowText.ENDPOINTS, endpoint.id(), rows.of(endpoint));
    }

    @Override
    public void removeEndpoint(String id) {
        remove(RowText.ENDPOINTS, id);
    }

    @Override
    public void putHost(Host host) {
        put(RowText.HOSTS, host.name(), rows.of(host));
    }

    @Override
    public void removeHost(String name) {
        remove(RowText.HOSTS, name);
    }

    @Override
    public void putRouter(Router router) {
        put(RowText.ROUTERS, router.name(), rows.of(router));
    }

    @Override
    public void removeRouter(String name) {
        remove(RowText.ROUTERS, name);
    }

    @Override
    public Optional<String> writeProblem() {
        return Optional.ofNullable(writeProblem);
    }

    private void put(String table, String key, String row) {
        byte[] value = row.getBytes(StandardCharsets.UTF_8);
        write(() -> etcd.put(key(table, key), value), txn -> txn.thenPut(key(table, key), value, 0));
    }

    private void remove(String table, String key) {
        write(() -> etcd.delete(key(table, key)), txn -> txn.thenDelete(key(table, key)));
    }

    private void write(Runnable unfenced, java.util.function.UnaryOperator<EtcdClient.Txn> op) {
        if (election.isEmpty()) {
            write(unfenced);
            return;
        }
        LeaderFence e = election.get();
        java.util.OptionalLong fence = e.fence();
        if (fence.isEmpty()) {
            throw new StateStoreException("fenced: this controller is not the cluster's leader", null);
        }
        try {
            write(() -> {
                if (!etcd.txn(op.apply(new EtcdClient.Txn().ifCreateRevision(e.leaderKey(), fence.getAsLong())))
                        .succeeded()) {
                    String why = "fenced: another controller has led since fence " + fence.getAsLong()
                            + "; this one's writes are refused";
                    e.lost(why);
                    throw new EtcdException(why, null, false);
                }
            });
        } catch (StateStoreException failed) {
            if (failed.outcomeUnknown()) {
                // What this leader holds may differ from etcd now: a leader that loads afresh (another member, or
                // this one restarted) serves from here.
                e.lost(failed.getMessage());
            }
            throw failed;
        }
    }

    private void write(Runnable call) {
        if (diverged != null) {
            throw new StateStoreException(diverged, null);
        }
        try {
            call.run();
            writeProblem = null;
        } catch (EtcdException e) {
            writeProblem = e.getMessage();
            if (!e.outcomeUnknown()) {
                throw new StateStoreException("etcd refused the write: " + e.getMessage(), e);
            }
            diverged = "an earlier write may or may not be in etcd (" + e.getMessage() + "): no more writes until the"
                    + " controller restarts and reloads what etcd holds";
            writeProblem = diverged;
            throw StateStoreException.notDurable("etcd could not confirm the write: " + e.getMessage(), e);
        }
    }

    /** Row keys are names and ids the topology validated; a slash in one stays inside its key. */
    private String key(String table, String key) {
        return prefix + table + "/" + key;
    }

    @Override
    public void close() {
        // The HTTP client holds nothing that outlives the process.
    }
}
