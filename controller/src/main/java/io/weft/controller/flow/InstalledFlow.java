package io.weft.controller.flow;

/**
 * What a read-back of the switch's flow table tells about one flow: where it is, its cookie, and the digest of what
 * it does ({@link FlowContent}). Matches and actions are not decoded (Loxi cannot parse Nicira actions): an owner
 * compares the digest with {@code SwitchHandle.contentOf} the flow it meant.
 */
public record InstalledFlow(TableId table, Priority priority, Cookie cookie, FlowContent content) {
}
