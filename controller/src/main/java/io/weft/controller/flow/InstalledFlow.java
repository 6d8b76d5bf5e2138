package io.weft.controller.flow;

/**
 * What a read-back of the switch's flow table tells about one flow: where it is and its cookie.
 * Matches and actions are not decoded (Loxi cannot parse Nicira actions); owners that need to
 * recognise their flows put enough in the cookie.
 */
public record InstalledFlow(TableId table, Priority priority, Cookie cookie) {
}
