package io.weft.apps.overlay;

import io.weft.controller.SwitchHandle;
import io.weft.controller.flow.FlowContent;
import io.weft.controller.flow.GroupContent;
import io.weft.controller.flow.FlowOp;
import io.weft.controller.flow.FlowSpec;
import io.weft.controller.flow.FlowTransaction;
import io.weft.controller.flow.GroupSpec;
import io.weft.controller.flow.InstalledFlow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one switch in the desired state. On each change it sends only the flows and groups that changed (cost
 * proportional to the change). It never clears the table: on (re)connect, after a refused change and on an audit it
 * reads back the cookies of Weft's flows and the group ids, computes what the host should hold, and sends the
 * difference, in one atomic bundle; correct flows keep their counters.
 *
 * <p>It keeps no flow between changes: neither what the switch should hold (computed when needed, from {@code
 * desired}) nor what it holds (read back when needed, dropped once the resync is sent). Only the changes not yet sent
 * and the ids of the host's groups stay, so a controller's memory grows neither with endpoints times hosts nor
 * (through the flood groups' buckets, one per host of a network) with hosts squared.
 *
 * <p>Used only on the overlay's worker thread (switch callbacks hop back onto it).
 */
final class SwitchReconciler {
    private static final Logger LOG = LoggerFactory.getLogger(SwitchReconciler.class);

    private final SwitchHandle sw;
    private final String host;
    private final ScheduledExecutorService worker;
    private final LongConsumer confirmed;
    /** What the host should hold, computed afresh on each call: for a resync. */
    private final Supplier<HostFlows> desired;
    /** Shared by every switch: how many may be read back at once. */
    private final ReadBackBudget readBacks;
    /** This switch holds one of {@link #readBacks}' permits, from before its read-back until its resync is confirmed. */
    private boolean readBackPermit;
    /** How {@link #readBacks} lets this switch try again: one object, so it is queued once. */
    private final Runnable retryWhenPermitted = this::kick;
    /**
     * Flow changes not yet sent, by cookie: the flow to add, or null to delete it. Replaced, not cleared, once sent:
     * a cleared HashMap keeps its table, and a thousand hosts each keeping room for their largest batch held 30 MB.
     */
    private Map<Long, FlowSpec> pendingFlows = new HashMap<>();
    /** Group changes not yet sent, by id: the group as it should be, or null to delete it. */
    private Map<Integer, GroupSpec> pendingGroups = new HashMap<>();
    /** The switch must be read back before the next send (first contact, a refused change, an audit). */
    private boolean readBackDue = true;
    /** Weft flow cookies the switch held at the last read-back; kept only until the resync is sent. */
    private Set<Long> installedCookies;
    /**
     * What each Weft flow on the switch does, as the last read-back found it: compared with the desired flow on the
     * resync that follows it (a flow changed in place keeps its cookie), then dropped. Cookies found on more than one
     * flow map to null: some flow under them is not ours.
     */
    private Map<Long, FlowContent> readBackContent;
    /** The same for groups: what each group on the switch holds, as the last read-back found it. */
    private Map<Integer, GroupContent> readBackGroups;
    /** Group ids on the switch with the content we installed (null content: only read back). */
    private Set<Integer> installedGroups;
    private boolean fullResync = true;
    /** The next read-back is an audit: quiet unless it finds something to repair. */
    private boolean auditing;
    /** An audit is due (on demand, or the period came while a change was in flight). */
    private boolean auditWanted;
    /** Callers waiting for the next audit's report, and those waiting for the one in progress. */
    private final List<CompletableFuture<AuditReport>> auditWaiters = new ArrayList<>();
    private List<CompletableFuture<AuditReport>> auditInProgress = List.of();
    private AuditReport.Builder auditReport;
    private boolean inFlight;
    private long wantedSeq;
    private long confirmedSeq = -1;
    private final OverlayObserver observer;
    /**
     * The flows the transaction in flight adds or rewrites, by cookie (their tables count): not confirmed yet. Empty
     * when none is in flight. Its deletes need no record: a deleted flow is no longer desired, so nobody asks after it.
     */
    private Map<Long, FlowSpec> inFlightAdds = Map.of();
    /**
     * How many flows the host should hold, per table, as of the last change given: counted once per change, not per
     * scrape (a host's flows are computed when needed, and computing all of them is the costly part). Null: stale.
     */
    private java.util.SortedMap<io.weft.controller.flow.TableId, Integer> desiredCounts;
    /** When the transaction in flight was sent, and how many changes it carries (0: nothing was sent). */
    private long sentAtNanos;
    private int sentOps;

    SwitchReconciler(SwitchHandle sw, String host, ScheduledExecutorService worker, Supplier<HostFlows> desired,
                     ReadBackBudget readBacks, LongConsumer confirmed, OverlayObserver observer) {
        this.observer = observer;
        this.sw = sw;
        this.host = host;
        this.worker = worker;
        this.desired = desired;
        this.readBacks = readBacks;
        this.confirmed = confirmed;
    }

    SwitchHandle switchHandle() {
        return sw;
    }

    /** Compares everything the host should hold with the switch (on connect): read back, then the difference. */
    void resync(long seq) {
        desiredCounts = null;
        readBackDue = true;
        fullResync = true;
        wantedSeq = seq;
        kick();
    }

    /** One part changed from {@code before} to {@code after} (a whole part, or only the flows that changed in it). */
    void replace(HostFlows before, HostFlows after, long seq) {
        desiredCounts = null;
        before.flows().keySet().forEach(c -> {
            if (!after.flows().containsKey(c)) {
                pendingFlows.put(c, null);
            }
        });
        after.flows().forEach((c, f) -> {
            if (!before.flows().containsKey(c)) {
                pendingFlows.put(c, f);
            }
        });
        before.groups().keySet().forEach(id -> {
            if (!after.groups().containsKey(id)) {
                pendingGroups.put(id, null);
            }
        });
        after.groups().forEach((id, g) -> {
            if (!g.equals(before.groups().get(id))) {
                pendingGroups.put(id, g);
            }
        });
        wantedSeq = seq;
        kick();
    }

    /**
     * Reads the switch back and repairs any difference with what it should hold: a Weft flow or group someone
     * deleted, a flow someone added under Weft's cookie, a Weft flow or group someone changed in place. Runs after
     * the change in flight, if any, and completes with what it found and repaired.
     */
    CompletableFuture<AuditReport> auditNow() {
        CompletableFuture<AuditReport> report = new CompletableFuture<>();
        if (!sw.isConnected()) {
            report.completeExceptionally(new IllegalStateException("host " + host + "'s switch is not connected"));
            return report;
        }
        auditWaiters.add(report);
        auditWanted = true;
        startAuditIfIdle();
        return report;
    }

    private void startAuditIfIdle() {
        if (inFlight || !auditWanted || !sw.isConnected()) {
            return;
        }
        auditWanted = false;
        auditing = true;
        auditInProgress = List.copyOf(auditWaiters);
        auditWaiters.clear();
        readBackDue = true;
        fullResync = true;
        kick();
    }

    /** Nothing changed here at {@code seq}, but the caller wants its confirmation. */
    void touch(long seq) {
        wantedSeq = seq;
        kick();
    }

    /** Sends what is due, if nothing is in flight (also run by {@link ReadBackBudget} when a permit frees up). */
    private void kick() {
        if (inFlight || !sw.isConnected()) {
            return;
        }
        if (!fullResync && pendingFlows.isEmpty() && pendingGroups.isEmpty()) {
            if (wantedSeq > confirmedSeq) {
                confirmedSeq = wantedSeq;
                confirmed.accept(wantedSeq);
            }
            return;
        }
        if (readBackDue && !readBackPermit) {
            if (!readBacks.tryAcquire(retryWhenPermitted)) {
                return; // queued: kicked again when another switch's resync is done
            }
            readBackPermit = true;
        }
        inFlight = true;
        long seq = wantedSeq;
        CompletableFuture<Void> ready = readBackDue ? readBack() : CompletableFuture.completedFuture(null);
        ready.thenComposeAsync(x -> send(seq), worker).whenCompleteAsync((ok, error) -> finished(seq, error), worker);
    }

    private CompletableFuture<Void> readBack() {
        return sw.installedFlows(OverlayCookie.ALL_WEFT).thenCombineAsync(sw.installedGroups(), (flows, groups) -> {
            installedCookies = new HashSet<>();
            readBackContent = new HashMap<>();
            for (InstalledFlow f : flows) {
                long cookie = f.cookie().value();
                readBackContent.put(cookie, installedCookies.add(cookie) ? f.content() : null);
            }
            installedGroups = new HashSet<>(groups.keySet());
            readBackGroups = groups;
            readBackDue = false;
            fullResync = true;
            if (!auditing) {
                LOG.info("dpid={} host={} read back {} Weft flows and {} groups", sw.datapathId(), host,
                        installedCookies.size(), installedGroups.size());
            }
            return null;
        }, worker);
    }

    /** Whether each group the in-flight send touched will be on the switch after it. */
    private Map<Integer, Boolean> sentGroups = Map.of();

    private CompletableFuture<Void> send(long seq) {
        Set<Long> flowKeys;
        Map<Long, FlowSpec> wanted;
        Set<Long> present;
        Set<Integer> groupKeys;
        Map<Integer, GroupSpec> wantedGroups;
        if (fullResync) {
            // Everything, as the host should hold it now: this covers the changes not yet sent too.
            HostFlows all = desired.get();
            wanted = all.flows();
            wantedGroups = all.groups();
            flowKeys = new HashSet<>(wanted.keySet());
            flowKeys.addAll(installedCookies);
            present = installedCookies;
            groupKeys = new HashSet<>(wantedGroups.keySet());
            groupKeys.addAll(installedGroups);
        } else {
            wantedGroups = new HashMap<>();
            pendingGroups.forEach((id, group) -> {
                if (group != null) {
                    wantedGroups.put(id, group);
                }
            });
            groupKeys = new HashSet<>(pendingGroups.keySet());
            // Only the changes: what is to be added is added, what is to be deleted is deleted (both are harmless
            // if the switch already agrees).
            wanted = new HashMap<>();
            present = new HashSet<>();
            pendingFlows.forEach((cookie, flow) -> {
                if (flow != null) {
                    wanted.put(cookie, flow);
                } else {
                    present.add(cookie);
                }
            });
            flowKeys = new HashSet<>(pendingFlows.keySet());
        }
        pendingFlows = new HashMap<>();
        pendingGroups = new HashMap<>();
        fullResync = false;
        boolean audit = auditing;
        auditing = false;
        Set<Long> changed = changedInPlace(flowKeys, wanted);
        // What is known of the switch's groups: present (content unknown, null), or found right by the read-back.
        Map<Integer, GroupSpec> installedView = new HashMap<>();
        groupKeys.stream().filter(installedGroups::contains).forEach(id -> installedView.put(id, null));
        Set<Integer> changedGroups = groupsChangedInPlace(groupKeys, wantedGroups, installedView);
        readBackContent = null;
        readBackGroups = null;
        if (audit) {
            auditReport = new AuditReport.Builder(host, installedCookies.size(), installedGroups.size());
        }
        sentGroups = new HashMap<>();
        groupKeys.forEach(id -> sentGroups.put(id, wantedGroups.containsKey(id)));
        List<FlowOp> ops = diff(new SwitchDiff.Known(flowKeys, wanted, present, changed, groupKeys, wantedGroups,
                installedView, changedGroups), audit ? auditReport : null);
        installedCookies = null; // the read-back has served: nothing per flow is kept
        if (ops.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        inFlightAdds = addedBy(ops);
        sentOps = ops.size();
        sentAtNanos = System.nanoTime();
        FlowTransaction tx = sw.version().supportsBundles() ? FlowTransaction.atomic(ops) : FlowTransaction.ordered(ops);
        if (audit) {
            LOG.warn("dpid={} host={} audit: the switch differs from what Weft installed; repairing with {} changes"
                    + " in one atomic bundle", sw.datapathId(), host, ops.size());
        } else {
            LOG.info("dpid={} host={} applying {} changes", sw.datapathId(), host, ops.size());
        }
        return sw.apply(tx);
    }

    /**
     * Desired flows the last read-back found under their cookie but doing something else (or sharing the cookie with
     * another flow): compared by content only right after a read-back, when it is known.
     */
    private Set<Long> changedInPlace(Set<Long> flowKeys, Map<Long, FlowSpec> wanted) {
        if (readBackContent == null) {
            return Set.of();
        }
        Set<Long> changed = new HashSet<>();
        for (long cookie : flowKeys) {
            FlowSpec want = wanted.get(cookie);
            if (want != null && readBackContent.containsKey(cookie)
                    && !sw.contentOf(want).equals(readBackContent.get(cookie))) {
                changed.add(cookie);
            }
        }
        return changed;
    }

    /**
     * Desired groups the last read-back found with other buckets or type than Weft's; those it found right are
     * recorded as installed, so a reconnect sends nothing for them.
     */
    private Set<Integer> groupsChangedInPlace(Set<Integer> groupKeys, Map<Integer, GroupSpec> wantedGroups,
                                              Map<Integer, GroupSpec> installedView) {
        if (readBackGroups == null) {
            return Set.of();
        }
        Set<Integer> changed = new HashSet<>();
        for (int id : groupKeys) {
            GroupSpec want = wantedGroups.get(id);
            GroupContent found = readBackGroups.get(id);
            if (want != null && found != null) {
                if (sw.contentOf(want).equals(found)) {
                    installedView.put(id, want); // already right: nothing to send, its counters stay
                } else {
                    changed.add(id);
                }
            }
        }
        return changed;
    }

    /** See {@link SwitchDiff}; an audit's repairs are logged and reported. */
    private List<FlowOp> diff(SwitchDiff.Known known, AuditReport.Builder report) {
        SwitchDiff diff = SwitchDiff.of(known, report != null);
        diff.repairs().forEach(repair -> note(report, repair));
        return diff.ops();
    }

    /** An audit's finding, logged with the flow and kept for the report. */
    private void note(AuditReport.Builder report, String repair) {
        if (report != null) {
            LOG.warn("dpid={} host={} audit: {}", sw.datapathId(), host, repair);
            report.repair(repair);
        }
    }

    private void completeAudit(Throwable error) {
        if (auditReport == null && auditInProgress.isEmpty()) {
            return;
        }
        AuditReport report = auditReport == null ? null : auditReport.build();
        if (report != null && error == null) {
            observer.auditDone(host, report.repairs().size());
        }
        for (CompletableFuture<AuditReport> waiter : auditInProgress) {
            if (error != null || report == null) {
                waiter.completeExceptionally(error != null ? error
                        : new IllegalStateException("host " + host + "'s audit did not run"));
            } else {
                waiter.complete(report);
            }
        }
        auditInProgress = List.of();
        auditReport = null;
    }

    /**
     * Per table, how many flows the host should hold and how many of those its switch has confirmed: all but those
     * waiting to be sent or in flight, none before the first resync is confirmed. Worker thread.
     */
    java.util.SortedMap<io.weft.controller.flow.TableId, TableFlowCount> flowCounts() {
        if (desiredCounts == null) {
            desiredCounts = TableFlowCount.countByTable(desired.get());
        }
        boolean nothingConfirmed = nothingConfirmed();
        Map<io.weft.controller.flow.TableId, Integer> unconfirmed = new HashMap<>();
        if (!nothingConfirmed) {
            // Adds waiting to be sent, and adds in flight not changed since: few, unless a resync is under way.
            pendingFlows.values().stream().filter(java.util.Objects::nonNull)
                    .forEach(f -> unconfirmed.merge(f.table(), 1, Integer::sum));
            inFlightAdds.forEach((cookie, f) -> {
                if (!pendingFlows.containsKey(cookie)) {
                    unconfirmed.merge(f.table(), 1, Integer::sum);
                }
            });
        }
        java.util.SortedMap<io.weft.controller.flow.TableId, TableFlowCount> counts = new java.util.TreeMap<>();
        desiredCounts.forEach((table, n) -> counts.put(table, new TableFlowCount(table, n,
                nothingConfirmed ? 0 : Math.max(0, n - unconfirmed.getOrDefault(table, 0)))));
        return counts;
    }

    /** What the switch has confirmed now, as a predicate on cookies that any thread may use later. Worker thread. */
    java.util.function.LongPredicate confirmedNow() {
        if (nothingConfirmed()) {
            return cookie -> false;
        }
        Set<Long> unconfirmed = new HashSet<>(pendingFlows.keySet());
        unconfirmed.addAll(inFlightAdds.keySet());
        return cookie -> !unconfirmed.contains(cookie);
    }

    /**
     * Before the first resync is confirmed, or after a failed change until it is resent, what the switch holds is not
     * known. An audit's read-back is no such case: the switch still holds what it confirmed, until the audit repairs
     * something (the repairs are then in flight).
     */
    private boolean nothingConfirmed() {
        return confirmedSeq < 0 || fullResync && !auditing;
    }

    /** The flows a transaction adds or rewrites, by cookie: what is not confirmed while it is in flight. */
    private static Map<Long, FlowSpec> addedBy(List<FlowOp> ops) {
        Map<Long, FlowSpec> added = new HashMap<>();
        for (FlowOp op : ops) {
            if (op instanceof FlowOp.AddFlow add) {
                added.put(add.flow().cookie().value(), add.flow());
            } else if (op instanceof FlowOp.ModifyFlowStrict modify) {
                added.put(modify.flow().cookie().value(), modify.flow());
            }
        }
        return added;
    }

    private void finished(long seq, Throwable error) {
        inFlight = false;
        inFlightAdds = Map.of();
        if (sentOps > 0) {
            observer.transactionDone(host, sentOps, java.time.Duration.ofNanos(System.nanoTime() - sentAtNanos),
                    error == null);
            sentOps = 0;
        }
        if (readBackPermit) {
            readBackPermit = false;
            readBacks.release();
        }
        if (error == null) {
            sentGroups.forEach((id, present) -> {
                if (present) {
                    installedGroups.add(id);
                } else {
                    installedGroups.remove(id);
                }
            });
            if (seq > confirmedSeq) {
                confirmedSeq = seq;
                confirmed.accept(seq);
            }
            completeAudit(null);
            kick();
            startAuditIfIdle();
            return;
        }
        completeAudit(error);
        if (!sw.isConnected()) {
            LOG.info("dpid={} host={} disconnected before confirming; resync on reconnect", sw.datapathId(), host);
            return;
        }
        LOG.warn("dpid={} host={} change failed, will read back and retry: {}", sw.datapathId(), host,
                error.getMessage());
        installedGroups = null;
        readBackDue = true;
        fullResync = true;
        worker.schedule(this::kick, 1, TimeUnit.SECONDS);
    }
}
