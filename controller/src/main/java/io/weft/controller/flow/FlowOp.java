package io.weft.controller.flow;

import java.util.Objects;

/**
 * One change to a switch's flow or group tables. Each kind of change is its own type (no "install"
 * flags): the wire layer translates each into exactly one OpenFlow message.
 */
public sealed interface FlowOp {

    /** OFPFC_ADD: installs the flow, replacing one with the same key (counters restart). */
    record AddFlow(FlowSpec flow) implements FlowOp {
        public AddFlow {
            Objects.requireNonNull(flow);
        }
    }

    /**
     * OFPFC_MODIFY_STRICT: changes the instructions of the flow with exactly this key, keeping its
     * counters. The switch keeps the old cookie (OpenFlow 1.3 semantics), so change cookies with an add.
     */
    record ModifyFlowStrict(FlowSpec flow) implements FlowOp {
        public ModifyFlowStrict {
            Objects.requireNonNull(flow);
        }
    }

    /** OFPFC_DELETE_STRICT: removes the flow with exactly this key. */
    record DeleteFlowStrict(FlowKey key) implements FlowOp {
        public DeleteFlowStrict {
            Objects.requireNonNull(key);
        }
    }

    /** OFPFC_DELETE: removes every flow in {@code table} (or ALL) whose match is covered by {@code match} and whose cookie matches. */
    record DeleteFlows(TableId table, Match match, CookieMask cookie) implements FlowOp {
        public DeleteFlows {
            Objects.requireNonNull(table);
            Objects.requireNonNull(match);
            Objects.requireNonNull(cookie);
        }
    }

    /** OFPGC_ADD. */
    record AddGroup(GroupSpec group) implements FlowOp {
        public AddGroup {
            Objects.requireNonNull(group);
        }
    }

    /** OFPGC_MODIFY: replaces the buckets of an existing group. */
    record ModifyGroup(GroupSpec group) implements FlowOp {
        public ModifyGroup {
            Objects.requireNonNull(group);
        }
    }

    /** OFPGC_DELETE of one group (and, by the switch, the flows that use it). */
    record DeleteGroup(int groupId) implements FlowOp {
        public DeleteGroup {
            GroupSpec.checkId(groupId);
        }
    }

    static FlowOp add(FlowSpec flow) {
        return new AddFlow(flow);
    }

    static FlowOp modifyStrict(FlowSpec flow) {
        return new ModifyFlowStrict(flow);
    }

    static FlowOp deleteStrict(FlowSpec flow) {
        return new DeleteFlowStrict(flow.key());
    }

    static FlowOp deleteStrict(FlowKey key) {
        return new DeleteFlowStrict(key);
    }

    /** Deletes every flow, in every table, whose cookie matches: how Weft removes what it owns and nothing else. */
    static FlowOp deleteByCookie(CookieMask cookie) {
        return new DeleteFlows(TableId.ALL, Match.ALL, cookie);
    }

    static FlowOp addGroup(GroupSpec group) {
        return new AddGroup(group);
    }

    static FlowOp modifyGroup(GroupSpec group) {
        return new ModifyGroup(group);
    }

    static FlowOp deleteGroup(int groupId) {
        return new DeleteGroup(groupId);
    }
}
