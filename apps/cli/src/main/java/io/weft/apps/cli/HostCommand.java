package io.weft.apps.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code weft host add|ls|inspect|rm}: hosts join through OVSDB; with TLS, once admitted with {@code add}. */
@Command(name = "host", description = "Admit, show and remove hosts (machines running Open vSwitch).",
        subcommands = {HostAddCommand.class, HostCommand.ListHosts.class, HostCommand.Inspect.class,
            HostRemoveCommand.class, HostCommand.Audit.class})
public final class HostCommand extends CommandGroup {
    private static final String HOSTS = "/api/v1/hosts";

    static String path(String name) {
        return HOSTS + "/" + ApiClient.segment(name);
    }

    /** {@code yes}, or {@code no} with the reason. */
    private static String readiness(JsonNode host) {
        if (host.path("ready").asBoolean(false)) {
            return "yes";
        }
        String reason = JsonText.of(host, "notReadyReason");
        return reason == null ? "no" : "no (" + reason + ")";
    }

    @Command(name = "ls", aliases = "list", description = "List hosts.")
    static final class ListHosts extends ApiCommand {
        @Mixin
        JsonOption format;

        @Override
        void run(ApiClient api, Output out) {
            JsonNode hosts = api.getJson(HOSTS);
            if (format.json) {
                out.json(hosts);
                return;
            }
            Table table = new Table("NAME", "TUNNEL IP", "OVSDB", "OPENFLOW", "DATAPATH ID", "TUNNEL", "READY");
            for (JsonNode host : hosts) {
                table.row(JsonText.of(host, "name"), JsonText.of(host, "tunnelIp"), JsonText.of(host, "ovsdb"),
                        JsonText.of(host, "openflow"), JsonText.of(host, "datapathId"), JsonText.of(host, "tunnel"),
                        readiness(host));
            }
            out.table(table);
        }
    }

    @Command(name = "inspect", description = "Show a host.")
    static final class Inspect extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "Host name (its OVS system-id).")
        String name;

        @Mixin
        JsonOption format;

        @Override
        void run(ApiClient api, Output out) {
            JsonNode host = api.getJson(path(name));
            if (format.json) {
                out.json(host);
                return;
            }
            out.table(Table.keyValue()
                    .row("Name:", JsonText.of(host, "name"))
                    .row("Tunnel IP:", JsonText.of(host, "tunnelIp"))
                    .row("OVSDB:", JsonText.of(host, "ovsdb"))
                    .row("OpenFlow:", JsonText.of(host, "openflow"))
                    .row("Datapath ID:", JsonText.of(host, "datapathId"))
                    .row("Datapath type:", JsonText.of(host, "datapathType"))
                    .row("Tunnel:", JsonText.of(host, "tunnel") + " (" + JsonText.of(host, "tunnelDetail") + ")")
                    .row("Ready:", readiness(host)));
        }
    }

    @Command(name = "audit", description = "Read the host's switch back now and repair what differs from what Weft"
            + " installed (the controller also does it once a minute).")
    static final class Audit extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "Host name (its OVS system-id).")
        String name;

        @Mixin
        JsonOption format;

        @Override
        void run(ApiClient api, Output out) {
            JsonNode report = api.postJson(path(name) + "/audit", com.fasterxml.jackson.databind.node.JsonNodeFactory
                    .instance.objectNode());
            if (format.json) {
                out.json(report);
                return;
            }
            JsonNode repairs = report.path("repairs");
            out.line(name + ": read back " + report.path("flowsRead").asInt() + " flows and "
                    + report.path("groupsRead").asInt() + " groups; "
                    + (repairs.isEmpty() ? "nothing to repair" : repairs.size() + " repaired:"));
            repairs.forEach(r -> out.line("  " + r.asText()));
        }
    }
}
