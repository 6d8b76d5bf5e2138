package io.weft.apps.overlay;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Periodic audits: the switches are read back one at a time, in name order, so that each is audited about once per
 * interval, and audits never take more than 1/{@link #PAUSE_FACTOR} of the overlay worker's time (with many large
 * switches a round takes longer than the interval instead). Runs on the overlay worker, like the reconcilers.
 */
final class AuditRound {
    /**
     * Periodic audits take at most this share of the overlay's time: after an audit that took d, the next waits at
     * least d times this factor (a 1.5 s audit of 100k flows is followed by 30 s without one).
     */
    static final int PAUSE_FACTOR = 20;

    private final ScheduledExecutorService worker;
    private final Duration interval;
    private final Supplier<Map<String, SwitchReconciler>> reconcilers;
    /** The host audited last. */
    private String last = "";
    private volatile ScheduledFuture<?> next;
    private volatile boolean stopped;

    /** @param reconcilers the connected switches' reconcilers by host, read on the worker */
    AuditRound(ScheduledExecutorService worker, Duration interval,
               Supplier<Map<String, SwitchReconciler>> reconcilers) {
        this.worker = worker;
        this.interval = interval;
        this.reconcilers = reconcilers;
    }

    /** Starts the round, unless the interval is zero (never audit). */
    void start() {
        if (!interval.isZero()) {
            next = worker.schedule(this::auditNext, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    void stop() {
        stopped = true;
        if (next != null) {
            next.cancel(false);
        }
    }

    /** The host after {@code last} in name order, wrapping round; empty if there is none. */
    static Optional<String> after(Collection<String> hosts, String last) {
        return hosts.stream().sorted().filter(h -> h.compareTo(last) > 0).findFirst()
                .or(() -> hosts.stream().sorted().findFirst());
    }

    /** How long to wait after an audit that took {@code tookMillis}, with {@code switches} to go round. */
    static long pauseAfter(long tookMillis, Duration interval, int switches) {
        return Math.max(interval.toMillis() / Math.max(1, switches), PAUSE_FACTOR * tookMillis);
    }

    private void auditNext() {
        if (stopped) {
            return;
        }
        Map<String, SwitchReconciler> connected = reconcilers.get();
        Optional<String> host = after(connected.keySet(), last);
        if (host.isEmpty()) {
            next = worker.schedule(this::auditNext, interval.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        last = host.get();
        int switches = connected.size();
        long start = System.nanoTime();
        connected.get(host.get()).auditNow().whenCompleteAsync((report, error) -> {
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            if (!stopped) {
                next = worker.schedule(this::auditNext, pauseAfter(took, interval, switches), TimeUnit.MILLISECONDS);
            }
        }, worker);
    }
}
