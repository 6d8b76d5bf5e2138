package io.weft.apps.rest;

import java.util.List;

/** What {@code GET /api/v1/cluster} shows: this controller's place in its cluster, read when asked. */
public interface ClusterStatusSource {
    /** A controller on its embedded store: a cluster of one, always the leader. */
    ClusterStatusSource SINGLE = () -> new ClusterStatus("single", "", "leader", null, 0, List.of(), List.of());

    ClusterStatus status();

    /**
     * @param mode    {@code single} (embedded store) or {@code etcd}
     * @param member  this controller's member name
     * @param role    {@code leader} or {@code standby}
     * @param leader  the leader's member record (its addresses), as it published it; null when there is none
     * @param fence   the leader's fence: the etcd revision its leadership began at, its OpenFlow generation id
     * @param members every live member's published record (JSON text as the member wrote it)
     * @param etcd    every etcd member's health as this controller sees it
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record ClusterStatus(String mode, String member, String role, com.fasterxml.jackson.databind.JsonNode leader,
                         long fence, List<com.fasterxml.jackson.databind.JsonNode> members, List<EtcdMember> etcd) {
    }

    /** @param error why it is not healthy; null when it is */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record EtcdMember(String url, boolean healthy, String error) {
    }
}
