package io.weft.apps.overlay;

/** Marks an endpoint's OVS interface once its flows are confirmed everywhere (OVN's ovn-installed). */
public interface InstalledMarks {
    void markInstalled(String hostName, String ifaceId);

    /**
     * The flows of a newly bound endpoint have been handed to every switch that needs them (not confirmed yet): what
     * follows is the switches' time. For timing only.
     */
    default void flowsSent(String ifaceId) {
    }
}
