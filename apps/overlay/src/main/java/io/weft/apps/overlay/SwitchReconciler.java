package io.weft.apps.overlay;

import io.weft.controller.SwitchHandle;
import io.weft.controller.flow.CookieMask;
import io.weft.controller.flow.FlowOp;
import io.weft.controller.flow.FlowSpec;
import io.weft.controller.flow.FlowTransaction;
import io.weft.controller.flow.GroupSpec;
import io.weft.controller.flow.InstalledFlow;
import io.weft.controller.flow.Match;
import io.weft.controller.flow.TableId;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one switch in the desired state, sending only the difference. It never clears the table:
 * after a (re)connect it reads back the cookies of Weft's flows and the group ids, then adds what is
 * missing and deletes only stale Weft flows, in one atomic bundle. A flow whose content is unchanged
 * keeps its counters; packets never see a half-applied change.
 *
 * <p>All methods run on the overlay's single worker thread (callbacks hop back onto it).
 */
final class SwitchReconciler {
    private static final Logger LOG = LoggerFactory.getLogger(SwitchReconciler.class);

    private final SwitchHandle sw;
    private final String host;
    private final ScheduledExecutorService worker;
    private final LongConsumer confirmed;
    /** Cookies of Weft flows the switch has confirmed; null until read back after connecting. */
    private Set<Long> installedCookies;
    /** Group ids on the switch, with their content when we installed it (null content: read back only). */
    private Map<Integer, GroupSpec> installedGroups;
    private boolean inFlight;
    private HostFlows next;
    private long nextVersion;

    SwitchReconciler(SwitchHandle sw, String host, ScheduledExecutorService worker, LongConsumer confirmed) {
        this.sw = sw;
        this.host = host;
        this.worker = worker;
        this.confirmed = confirmed;
    }

    SwitchHandle switchHandle() {
        return sw;
    }

    /** Asks for this desired state (of topology version {@code version}); the newest request wins. */
    void submit(HostFlows desired, long version) {
        next = desired;
        nextVersion = version;
        if (!inFlight) {
            startNext();
        }
    }

    private void startNext() {
        if (inFlight || next == null || !sw.isConnected()) {
            return;
        }
        HostFlows desired = next;
        long version = nextVersion;
        next = null;
        inFlight = true;
        CompletableFuture<Void> ready = installedCookies != null ? CompletableFuture.completedFuture(null)
                : readBack();
        ready.thenCompose(x -> CompletableFuture.supplyAsync(() -> send(desired), worker).thenCompose(f -> f))
                .whenCompleteAsync((ok, error) -> finished(desired, version, error), worker);
    }

    private CompletableFuture<Void> readBack() {
        return sw.installedFlows(OverlayCookie.ALL_WEFT).thenCombineAsync(sw.installedGroupIds(), (flows, groups) -> {
            installedCookies = new HashSet<>();
            for (InstalledFlow f : flows) {
                installedCookies.add(f.cookie().value());
            }
            installedGroups = new HashMap<>();
            groups.forEach(id -> installedGroups.put(id, null));
            LOG.info("dpid={} host={} read back {} Weft flows and {} groups", sw.datapathId(), host,
                    installedCookies.size(), installedGroups.size());
            return null;
        }, worker);
    }

    private CompletableFuture<Void> send(HostFlows desired) {
        List<FlowOp> ops = diff(desired);
        if (ops.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        FlowTransaction tx = sw.version().supportsBundles() ? FlowTransaction.atomic(ops)
                : FlowTransaction.ordered(ops);
        LOG.info("dpid={} host={} applying {} changes", sw.datapathId(), host, ops.size());
        return sw.apply(tx);
    }

    /** Groups first (flows point at them), then flows, then deletions of what is stale. */
    List<FlowOp> diff(HostFlows desired) {
        List<FlowOp> ops = new ArrayList<>();
        desired.groups().forEach((id, group) -> {
            if (!installedGroups.containsKey(id)) {
                ops.add(FlowOp.addGroup(group));
            } else if (!group.equals(installedGroups.get(id))) {
                ops.add(FlowOp.modifyGroup(group));
            }
        });
        desired.flows().forEach((cookie, flow) -> {
            if (!installedCookies.contains(cookie)) {
                ops.add(FlowOp.add(flow));
            }
        });
        for (long cookie : installedCookies) {
            if (!desired.flows().containsKey(cookie)) {
                // By exact cookie, not by key: if a new flow replaced this one under the same key, this deletes nothing.
                ops.add(new FlowOp.DeleteFlows(TableId.ALL, Match.ALL, new CookieMask(cookie, -1L)));
            }
        }
        for (int id : installedGroups.keySet()) {
            if (!desired.groups().containsKey(id)) {
                ops.add(FlowOp.deleteGroup(id));
            }
        }
        return ops;
    }

    private void finished(HostFlows desired, long version, Throwable error) {
        inFlight = false;
        if (error == null) {
            installedCookies = new HashSet<>(desired.flows().keySet());
            installedGroups = new HashMap<>(desired.groups());
            confirmed.accept(version);
        } else {
            if (!sw.isConnected()) {
                LOG.info("dpid={} host={} disconnected before confirming; resync on reconnect", sw.datapathId(), host);
                return;
            }
            LOG.warn("dpid={} host={} change failed, will read back and retry: {}", sw.datapathId(), host,
                    error.getMessage());
            installedCookies = null;
            installedGroups = null;
            if (next == null && sw.isConnected()) {
                next = desired;
                nextVersion = version;
            }
            worker.schedule(this::startNext, 1, TimeUnit.SECONDS);
            return;
        }
        startNext();
    }

    /** Renders what this switch has confirmed, for the API (null before the first read-back). */
    Set<Long> installedCookies() {
        return installedCookies == null ? Set.of() : Set.copyOf(installedCookies);
    }

    /** For tests: the flows of a desired state that are not yet confirmed here. */
    static List<FlowSpec> missing(HostFlows desired, Set<Long> installed) {
        return desired.flows().values().stream().filter(f -> !installed.contains(f.cookie().value())).toList();
    }
}
