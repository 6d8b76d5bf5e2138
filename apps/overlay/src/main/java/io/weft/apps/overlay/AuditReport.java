package io.weft.apps.overlay;

import java.util.ArrayList;
import java.util.List;

/**
 * What one audit of a host's switch found: how many Weft flows and groups it read back, and each repair it made (in
 * one atomic bundle), in words an operator can act on. No repairs: the switch held exactly what Weft installed.
 */
public record AuditReport(String host, int flowsRead, int groupsRead, List<String> repairs) {
    public AuditReport {
        repairs = List.copyOf(repairs);
    }

    static final class Builder {
        private final String host;
        private final int flows;
        private final int groups;
        private final List<String> repairs = new ArrayList<>();

        Builder(String host, int flows, int groups) {
            this.host = host;
            this.flows = flows;
            this.groups = groups;
        }

        void repair(String what) {
            repairs.add(what);
        }

        AuditReport build() {
            return new AuditReport(host, flows, groups, repairs);
        }
    }
}
