package io.weft.controller.loxi;

import java.util.List;

/**
 * A flow or group-description multipart reply, decoded by hand rather than by Loxi: Loxi rejects a
 * whole reply if any flow holds an action it does not know (Nicira move, resubmit, or another
 * application's extension), and we only need each entry's identity.
 *
 * @param entries {@code InstalledFlow}s for flow stats, {@code Integer} group ids for group descriptions
 */
record StatsReply(long xid, boolean more, List<Object> entries) {
}
