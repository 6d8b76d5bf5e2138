package io.weft.apps.cluster;

import java.util.OptionalLong;

/** What a fenced write compares: the leader key, and the create revision it must still have (this leader's). */
public interface LeaderFence {
    String leaderKey();

    /** Empty while this controller does not lead. */
    OptionalLong fence();
}
