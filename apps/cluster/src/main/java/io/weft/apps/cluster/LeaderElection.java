package io.weft.apps.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One leader among the controllers sharing an etcd prefix, on an etcd lease (issue 20). Each member holds a lease it
 * keeps alive and registers itself under {@code members/ID} with it; the first to create the leader key (a
 * transaction that succeeds only while the key does not exist) leads, with the key attached to its lease. The key's
 * create revision is the leadership's <em>fence</em>: it only grows from one leader to the next, every store write
 * of the leader compares it ({@link EtcdStateStore}), and it is the OpenFlow {@code generation_id} the leader claims
 * {@code MASTER} with, so a deposed leader that still runs (paused, partitioned) is refused by both.
 *
 * <p>A leader whose process dies stops renewing: its lease expires after its TTL and the key with it; a standby,
 * which reads the key every {@link #STANDBY_POLL}, then creates it. A leader that finds its lease expired (it was
 * paused, or cut off from etcd while the others went on) is deposed: it tells its listener, which stops acting as
 * leader (the launcher exits, and its supervisor starts it again as a standby). A leader that merely cannot reach
 * etcd goes on leading: when etcd has lost its quorum nobody else can be elected, and etcd extends every lease once
 * it has a leader again, so the same leader resumes; if another was elected meanwhile, the fences keep the old one
 * off the store and the switches until it learns so. A clean stop revokes the lease, so a standby takes over at
 * once.
 */
public final class LeaderElection implements LeaderFence, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderElection.class);
    /** How often a standby looks for a vacant leader key: part of the failover time, one small read each. */
    static final Duration STANDBY_POLL = Duration.ofMillis(200);
    static final String LEADER_KEY = "_cluster/leader";
    static final String MEMBERS = "_cluster/members/";

    /** Told when this member starts and stops leading; called on the election's own thread. */
    public interface Listener {
        /** This member leads from now on, under {@code fence}. */
        void elected(long fence);

        /** This member no longer leads; whatever it does as leader from now on is refused. */
        void deposed(String why);
    }

    /** The current leader as the key says: its member id, what it published about itself, its fence. */
    public record Leader(String info, long fence) {
    }

    private final EtcdClient etcd;
    private final String leaderKey;
    private final String memberKey;
    private final byte[] info;
    private final long ttlSeconds;
    private final Listener listener;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Optional<Leader> leader = Optional.empty();
    private volatile long fence;
    private EtcdClient.Lease lease;
    /** When the last renewal that succeeded was sent. */
    private long renewedAtNanos;

    /**
     * @param prefix     the cluster's etcd prefix ({@link EtcdTarget#prefix()})
     * @param memberId   this controller's name among the members (unique)
     * @param info       what the others read about this member (its addresses), JSON text
     * @param ttlSeconds the lease's TTL: how long a dead leader goes unnoticed at most
     */
    public LeaderElection(EtcdClient etcd, String prefix, String memberId, String info, long ttlSeconds,
                          Listener listener) {
        String p = prefix.endsWith("/") ? prefix : prefix + "/";
        this.etcd = etcd;
        this.leaderKey = p + LEADER_KEY;
        this.memberKey = p + MEMBERS + memberId;
        this.info = info.getBytes(StandardCharsets.UTF_8);
        this.ttlSeconds = ttlSeconds;
        this.listener = listener;
        this.thread = new Thread(this::run, "leader-election");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** The leader as last read (itself while it leads). */
    public Optional<Leader> leader() {
        return leader;
    }

    /** This member's fence while it leads. */
    @Override
    public OptionalLong fence() {
        long f = fence;
        return f == 0 ? OptionalLong.empty() : OptionalLong.of(f);
    }

    /** The leader key, which every fenced write compares. */
    @Override
    public String leaderKey() {
        return leaderKey;
    }

    private void run() {
        while (!closed) {
            try {
                step();
                sleep(fence != 0 ? renewInterval() : STANDBY_POLL);
            } catch (EtcdException e) {
                LOG.warn("leader election: {}", e.getMessage());
                sleep(STANDBY_POLL);
            } catch (RuntimeException e) {
                LOG.error("leader election failed", e);
                sleep(STANDBY_POLL);
            }
        }
    }

    private void step() {
        if (lease == null) {
            long sent = System.nanoTime();
            lease = etcd.grantLease(ttlSeconds);
            renewedAtNanos = sent;
            etcd.put(memberKey, info, lease.id());
            LOG.info("leader election: lease {} with a {} s TTL", Long.toHexString(lease.id()), lease.ttlSeconds());
        } else if (System.nanoTime() - renewedAtNanos >= renewInterval().toNanos()) {
            long sent = System.nanoTime();
            if (etcd.keepAlive(lease.id()) <= 0) {
                lease = null;
                if (fence != 0) {
                    depose("the lease expired");
                }
                return;
            }
            renewedAtNanos = sent;
            if (fence != 0) {
                // The lease lives; the key should too, unless someone deleted it by hand.
                long held = etcd.get(leaderKey).map(EtcdClient.KeyValue::createRevision).orElse(0L);
                if (held != fence) {
                    depose("the leader key is no longer this controller's");
                }
                return;
            }
        }
        if (fence != 0) {
            return;
        }
        EtcdClient.TxnResult result = etcd.txn(new EtcdClient.Txn().ifCreateRevision(leaderKey, 0)
                .thenPut(leaderKey, info, lease.id()).elseGet(leaderKey));
        if (result.succeeded()) {
            fence = result.revision();
            leader = Optional.of(new Leader(new String(info, StandardCharsets.UTF_8), fence));
            LOG.info("leader election: this controller leads, fence {}", fence);
            listener.elected(fence);
            return;
        }
        List<EtcdClient.KeyValue> current = EtcdClient.rangeResponse(result.responses(), 0);
        leader = current.stream().findFirst()
                .map(kv -> new Leader(new String(kv.value(), StandardCharsets.UTF_8), kv.createRevision()));
    }

    @Override
    public void lost(String why) {
        if (fence != 0) {
            depose(why);
        }
    }

    private synchronized void depose(String why) {
        if (fence == 0) {
            return;
        }
        LOG.error("leader election: no longer the leader: {}", why);
        fence = 0;
        leader = Optional.empty();
        listener.deposed(why);
    }

    /** A third of the TTL: two renewals may fail before the lease is at risk. */
    private Duration renewInterval() {
        return Duration.ofMillis(Math.max(100, ttlSeconds * 1000 / 3));
    }

    private void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    /** Stops campaigning; a leader hands over at once by revoking its lease (its key goes with it). */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (lease != null) {
            try {
                etcd.revokeLease(lease.id());
            } catch (EtcdException e) {
                LOG.warn("could not revoke the lease ({}): the others wait out its TTL", e.getMessage());
            }
        }
    }
}
