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
 * {@code PREFIX/TABLE/KEY}, holding the row in the journal's own encoding ({@link RowText}). Writes are group
 * committed like the journal's: staged under the topology's lock, sent by one flusher thread as a transaction per
 * batch, and durable (committed by a quorum of etcd's members) when {@link #awaitDurable} returns, which is when the
 * topology acknowledges them. A failed batch fails its waiters with {@link StateStoreException}: "refused" when etcd
 * said so, "may or may not be stored" when the cluster could not answer (no quorum, no member reachable), which the
 * REST API answers with 503 and its reason. The store then refuses every later write, as the journal does after a
 * failed force: etcd may commit the batch once its quorum is back, and the topology would build on a state etcd
 * may not hold (a VNI or an address handed out twice). A restarted controller reloads what etcd holds and writes
 * again.
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
    /** Set by a batch that failed: why every later write is refused. */
    private volatile String diverged;
    /** Guards the staged writes and the marks; the flusher waits on it. */
    private final Object flush = new Object();
    private static final byte[] DELETE = new byte[0];
    private static final byte[] MARKER_VALUE = "changed".getBytes(StandardCharsets.UTF_8);
    /** Rewritten by every batch: its mod revision is that of the last committed change of the topology. */
    static final String DATA_MARKER = "_cluster/data-revision";
    private volatile long loadedRevision;
    private java.util.LinkedHashMap<String, byte[]> staged = new java.util.LinkedHashMap<>();
    private long stagedMark;
    private long durableMark;
    private StateStoreException failure;
    private Thread flusher;
    private boolean closed;
    private boolean flusherDone;

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
            EtcdClient.Range range = etcd.rangePrefixAt(prefix);
            all = range.kvs();
            loadedRevision = range.revision();
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

    /**
     * Whether the last {@link #load()} still holds: no batch of writes has been committed since (each one also writes
     * the {@link #DATA_MARKER} key). A standby's copy of the topology is current when this is true.
     */
    public boolean loadIsCurrent() {
        long changed = etcd.get(prefix + DATA_MARKER).map(EtcdClient.KeyValue::modRevision).orElse(0L);
        return changed <= loadedRevision;
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

    // Group commit. A write is staged under the topology's lock (coalesced per key: etcd refuses a transaction that
    // names a key twice, and only the last value of a key matters to an atomic batch); the flusher thread sends what
    // is staged as one transaction per MAX_TXN_OPS keys, so writers that arrive while one transaction is in flight
    // share the next. Observations are staged and sent the same way: etcd has no cheaper unforced write, and one
    // sent ahead of an earlier staged write of the same key would be overwritten by it.

    private void put(String table, String key, String row) {
        stage(key(table, key), row.getBytes(StandardCharsets.UTF_8));
    }

    private void remove(String table, String key) {
        stage(key(table, key), null);
    }

    private void stage(String key, byte[] valueOrNullToDelete) {
        synchronized (flush) {
            if (diverged != null) {
                throw new StateStoreException(diverged, null);
            }
            if (closed) {
                throw new StateStoreException("the store is closed: the controller is stopping", null);
            }
            if (election.isPresent() && election.get().fence().isEmpty()) {
                throw new StateStoreException("fenced: this controller is not the cluster's leader", null);
            }
            staged.remove(key); // re-inserted last: the batch keeps the order of last changes
            staged.put(key, valueOrNullToDelete == null ? DELETE : valueOrNullToDelete);
            stagedMark++;
            startFlusher();
            flush.notifyAll();
        }
    }

    @Override
    public long writeMark() {
        synchronized (flush) {
            return stagedMark;
        }
    }

    @Override
    public long durableMark() {
        synchronized (flush) {
            return durableMark;
        }
    }

    @Override
    public void awaitDurable(long mark) {
        synchronized (flush) {
            while (durableMark < mark) {
                if (failure != null) {
                    throw failure;
                }
                if (closed && flusherDone) {
                    throw StateStoreException.notDurable("the store closed before etcd confirmed the write", null);
                }
                try {
                    flush.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw StateStoreException.notDurable("interrupted while waiting for etcd", e);
                }
            }
        }
    }

    private void startFlusher() {
        if (flusher == null) {
            flusher = new Thread(this::flushLoop, "etcd-store-flusher");
            flusher.setDaemon(true);
            flusher.start();
        }
    }

    private void flushLoop() {
        while (true) {
            java.util.LinkedHashMap<String, byte[]> batch;
            long batchMark;
            synchronized (flush) {
                while (staged.isEmpty() && !closed) {
                    try {
                        flush.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                // Closing sends what is staged first: its writers are waiting for it.
                if (staged.isEmpty() || failure != null) {
                    flusherDone = true;
                    flush.notifyAll();
                    return;
                }
                batch = staged;
                batchMark = stagedMark;
                staged = new java.util.LinkedHashMap<>();
            }
            StateStoreException failed = null;
            try {
                send(batch);
            } catch (StateStoreException e) {
                failed = e;
            }
            synchronized (flush) {
                if (failed == null) {
                    durableMark = batchMark;
                    writeProblem = null;
                } else {
                    failure = failed;
                    flusherDone = true;
                }
                flush.notifyAll();
                if (failed != null) {
                    return;
                }
            }
        }
    }

    /** etcd's default --max-txn-ops. */
    static final int MAX_TXN_OPS = 128;

    private void send(java.util.Map<String, byte[]> batch) {
        java.util.Iterator<java.util.Map.Entry<String, byte[]>> it = batch.entrySet().iterator();
        while (it.hasNext()) {
            java.util.OptionalLong fence = election.map(LeaderFence::fence).orElse(java.util.OptionalLong.empty());
            if (election.isPresent() && fence.isEmpty()) {
                fail("fenced: this controller no longer leads", false);
            }
            EtcdClient.Txn txn = new EtcdClient.Txn();
            if (fence.isPresent()) {
                txn.ifCreateRevision(election.get().leaderKey(), fence.getAsLong());
            }
            txn.thenPut(prefix + DATA_MARKER, MARKER_VALUE, 0);
            while (it.hasNext() && txn.operations() < MAX_TXN_OPS) {
                java.util.Map.Entry<String, byte[]> op = it.next();
                if (op.getValue() == DELETE) {
                    txn.thenDelete(op.getKey());
                } else {
                    txn.thenPut(op.getKey(), op.getValue(), 0);
                }
            }
            boolean succeeded;
            try {
                succeeded = etcd.txn(txn).succeeded();
            } catch (EtcdException e) {
                fail(e.getMessage(), e.outcomeUnknown());
                return;
            }
            if (!succeeded) {
                fail("fenced: another controller has led since fence " + fence.getAsLong()
                        + "; this one's writes are refused", false);
            }
        }
    }

    /** A batch failed: no more writes, and in a cluster this controller stops leading. */
    private void fail(String why, boolean outcomeUnknown) {
        String reason = outcomeUnknown
                ? "an earlier write may or may not be in etcd (" + why + "): no more writes until the controller"
                        + " restarts and reloads what etcd holds"
                : "etcd refused a write (" + why + "): no more writes until the controller restarts";
        synchronized (flush) {
            diverged = reason;
            writeProblem = reason;
        }
        election.ifPresent(e -> e.lost(reason));
        throw outcomeUnknown ? StateStoreException.notDurable("etcd could not confirm the write: " + why, null)
                : new StateStoreException(why.startsWith("fenced") ? why : "etcd refused the write: " + why, null);
    }

    /** Row keys are names and ids the topology validated; a slash in one stays inside its key. */
    private String key(String table, String key) {
        return prefix + table + "/" + key;
    }

    @Override
    public void close() {
        synchronized (flush) {
            closed = true;
            if (flusher == null) {
                flusherDone = true;
            }
            flush.notifyAll();
        }
    }
}
