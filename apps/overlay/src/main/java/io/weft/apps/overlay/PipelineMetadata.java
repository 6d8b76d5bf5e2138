package io.weft.apps.overlay;

/**
 * What the pipeline keeps in the OpenFlow metadata register between tables, and the group ids it derives from a
 * VNI. docs/pipeline.md has the layout; {@link RouterFlows} adds the router id in bits 40-55.
 */
final class PipelineMetadata {
    /** metadata bits 0-23: the network's VNI. */
    static final long NETWORK_MASK = 0xff_ffffL;
    /** metadata bit 32: the frame came in from the tunnel (split horizon: never back out to it). */
    static final long FROM_TUNNEL = 1L << 32;
    static final long METADATA_MASK = NETWORK_MASK | FROM_TUNNEL;
    /** Group ids: VNI for the network's flood-to-all group, VNI | this for its local-only group. */
    static final int LOCAL_GROUP_FLAG = 0x0100_0000;

    private PipelineMetadata() {
    }
}
