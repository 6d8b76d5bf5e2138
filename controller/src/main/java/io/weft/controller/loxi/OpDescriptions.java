package io.weft.controller.loxi;

import io.weft.controller.flow.FlowOp;
import io.weft.controller.flow.OfctlFormat;

/** Names a flow op in ovs-ofctl terms, for error messages. */
final class OpDescriptions {
    private OpDescriptions() {
    }

    static String describe(FlowOp op) {
        if (op instanceof FlowOp.AddFlow a) {
            return "add-flow " + OfctlFormat.flow(a.flow());
        } else if (op instanceof FlowOp.ModifyFlowStrict m) {
            return "mod-flows --strict " + OfctlFormat.flow(m.flow());
        } else if (op instanceof FlowOp.DeleteFlowStrict d) {
            return "del-flows --strict table=" + d.key().table() + ",priority=" + d.key().priority() + ","
                    + OfctlFormat.match(d.key().match());
        } else if (op instanceof FlowOp.DeleteFlows d) {
            return "del-flows table=" + d.table() + ",cookie=" + d.cookie() + "," + OfctlFormat.match(d.match());
        } else if (op instanceof FlowOp.AddGroup g) {
            return "add-group " + OfctlFormat.group(g.group());
        } else if (op instanceof FlowOp.ModifyGroup g) {
            return "mod-group " + OfctlFormat.group(g.group());
        } else if (op instanceof FlowOp.DeleteGroup g) {
            return "del-groups group_id=" + Integer.toUnsignedString(g.groupId());
        }
        return op.toString();
    }
}
