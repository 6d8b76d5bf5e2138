package io.weft.apps.overlay;

import io.weft.controller.flow.CookieMask;
import io.weft.controller.flow.FlowOp;
import io.weft.controller.flow.FlowSpec;
import io.weft.controller.flow.GroupSpec;
import io.weft.controller.flow.Match;
import io.weft.controller.flow.TableId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What to send a switch so that it holds what it should, for the flows and groups being compared: a pure function of
 * what is wanted and what is known of the switch (tested without any switch in {@code SwitchDiffTest}).
 *
 * <p>Order, for one atomic bundle: groups added or modified first (flows point at them), then flows changed in place
 * (deleted by their cookie and added again), then new flows, then the deletions of stale flows, then of stale groups.
 * Stale flows are deleted by exact cookie, never by match: if a new flow replaced one under the same match, the delete
 * takes nothing.
 *
 * @param ops     the operations, in that order
 * @param repairs each operation that repairs a difference, in words, when asked for (an audit reports them)
 */
record SwitchDiff(List<FlowOp> ops, List<String> repairs) {

    /**
     * @param flowKeys         cookies to compare (those changed, or all on a resync)
     * @param installedCookies Weft's cookies the switch holds
     * @param changedFlows     desired flows the switch holds under their cookie but doing something else
     * @param installedGroups  groups on the switch with the content Weft installed (null: present, content unknown)
     * @param changedGroups    desired groups the switch holds with other buckets or type
     */
    record Known(Set<Long> flowKeys, Map<Long, FlowSpec> desiredFlows, Set<Long> installedCookies,
                 Set<Long> changedFlows, Set<Integer> groupKeys, Map<Integer, GroupSpec> desiredGroups,
                 Map<Integer, GroupSpec> installedGroups, Set<Integer> changedGroups) {
    }

    static SwitchDiff of(Known k, boolean describe) {
        List<FlowOp> ops = new ArrayList<>();
        List<String> repairs = new ArrayList<>();
        List<FlowOp> groupDeletes = new ArrayList<>();
        for (int id : k.groupKeys()) {
            GroupSpec want = k.desiredGroups().get(id);
            boolean present = k.installedGroups().containsKey(id);
            if (want != null && !present) {
                ops.add(FlowOp.addGroup(want));
                note(describe, repairs, () -> "restored group " + id + " (missing)");
            } else if (want != null && k.changedGroups().contains(id)) {
                ops.add(FlowOp.modifyGroup(want));
                note(describe, repairs, () -> "restored group " + id + " changed in place (its buckets or type)");
            } else if (want != null && !Objects.equals(want, k.installedGroups().get(id))) {
                ops.add(FlowOp.modifyGroup(want));
            } else if (want == null && present) {
                groupDeletes.add(FlowOp.deleteGroup(id));
                note(describe, repairs, () -> "removed group " + id + " (not Weft's to keep)");
            }
        }
        for (long cookie : k.changedFlows()) {
            FlowSpec want = k.desiredFlows().get(cookie);
            ops.add(byCookie(cookie));
            ops.add(FlowOp.add(want));
            note(describe, repairs, () -> "reinstalled flow changed in place: " + want);
        }
        List<FlowOp> flowDeletes = new ArrayList<>();
        for (long cookie : k.flowKeys()) {
            FlowSpec want = k.desiredFlows().get(cookie);
            boolean present = k.installedCookies().contains(cookie);
            if (want != null && !present) {
                ops.add(FlowOp.add(want));
                note(describe, repairs, () -> "restored flow (missing): " + want);
            } else if (want == null && present) {
                flowDeletes.add(byCookie(cookie));
                note(describe, repairs,
                        () -> String.format("removed flow under Weft's cookie 0x%016x (not desired)", cookie));
            }
        }
        ops.addAll(flowDeletes);
        ops.addAll(groupDeletes);
        return new SwitchDiff(List.copyOf(ops), List.copyOf(repairs));
    }

    private static FlowOp byCookie(long cookie) {
        return new FlowOp.DeleteFlows(TableId.ALL, Match.ALL, new CookieMask(cookie, -1L));
    }

    private static void note(boolean describe, List<String> repairs, java.util.function.Supplier<String> repair) {
        if (describe) {
            repairs.add(repair.get());
        }
    }
}
