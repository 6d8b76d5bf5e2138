package io.weft.apps.cluster;

import java.util.OptionalLong;

/** What a fenced write compares: the leader key, and the create revision it must still have (this leader's). */
public interface LeaderFence {
    String leaderKey();

    /** Empty while this controller does not lead. */
    OptionalLong fence();

    /**
     * Something this leader did was refused because another leads (a fenced write, a stale role claim), or it can no
     * longer trust what it holds (a write whose outcome is unknown): it stops leading.
     */
    void lost(String why);
}
