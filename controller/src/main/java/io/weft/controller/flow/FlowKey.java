package io.weft.controller.flow;

/** What identifies a flow in a switch: table, priority and match (OpenFlow's "strict" identity). */
public record FlowKey(TableId table, Priority priority, Match match) {
}
