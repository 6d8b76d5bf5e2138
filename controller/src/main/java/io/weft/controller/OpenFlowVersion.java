package io.weft.controller;

/** The OpenFlow versions Weft speaks; 1.4 is chosen when both sides offer it (it adds standard bundles). */
public enum OpenFlowVersion {
    OF_13(4, "OpenFlow13"), OF_14(5, "OpenFlow14");

    private final int wire;
    private final String ovsName;

    OpenFlowVersion(int wire, String ovsName) {
        this.wire = wire;
        this.ovsName = ovsName;
    }

    /** The version byte in the OpenFlow header. */
    public int wire() {
        return wire;
    }

    /** The name OVS uses in {@code Bridge.protocols}. */
    public String ovsName() {
        return ovsName;
    }

    public boolean supportsBundles() {
        return this == OF_14;
    }
}
