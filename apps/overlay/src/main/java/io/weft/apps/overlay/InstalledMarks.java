package io.weft.apps.overlay;

/** Marks an endpoint's OVS interface once its flows are confirmed everywhere (OVN's ovn-installed). */
public interface InstalledMarks {
    void markInstalled(String hostName, String ifaceId);
}
