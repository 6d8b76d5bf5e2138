package io.weft.controller.flow;

import java.util.List;

/** A group as Weft wants it on a switch: id, type and buckets (each a list of actions). */
public record GroupSpec(int groupId, GroupType type, List<List<Action>> buckets) {
    /** OFPG_MAX: ids above it are reserved. */
    public static final long MAX_ID = 0xffffff00L;

    public GroupSpec {
        checkId(groupId);
        buckets = buckets.stream().map(List::copyOf).toList();
        if (type == GroupType.INDIRECT && buckets.size() != 1) {
            throw new IllegalArgumentException("an indirect group has exactly one bucket");
        }
        for (List<Action> bucket : buckets) {
            for (Action a : bucket) {
                if (a instanceof Action.Resubmit) {
                    // OVS accepts it, but Weft keeps groups to plain forwarding so they stay cheap to translate.
                    throw new IllegalArgumentException("resubmit is not allowed inside a group bucket");
                }
            }
        }
    }

    static void checkId(long groupId) {
        if (Integer.toUnsignedLong((int) groupId) > MAX_ID) {
            throw new IllegalArgumentException("group id above OFPG_MAX: " + Integer.toUnsignedString((int) groupId));
        }
    }

    public static GroupSpec all(int groupId, List<List<Action>> buckets) {
        return new GroupSpec(groupId, GroupType.ALL, buckets);
    }

    @Override
    public String toString() {
        return OfctlFormat.group(this);
    }
}
