package io.weft.controller.flow;

/** OpenFlow group types Weft uses. */
public enum GroupType {
    /** Every bucket gets a copy: broadcast and head-end replication. */
    ALL("all"),
    /** One bucket: a shared next hop. */
    INDIRECT("indirect");

    private final String ofctlName;

    GroupType(String ofctlName) {
        this.ofctlName = ofctlName;
    }

    public String ofctlName() {
        return ofctlName;
    }
}
