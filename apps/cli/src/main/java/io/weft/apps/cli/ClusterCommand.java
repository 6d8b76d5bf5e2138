package io.weft.apps.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code weft cluster status}: the controllers of a cluster on etcd, which one leads, and etcd's health. */
@Command(name = "cluster", description = "Show the cluster of controllers (weft controller --store etcd://...).",
        subcommands = {ClusterCommand.Status.class})
public final class ClusterCommand extends CommandGroup {
    static final String PATH = "/api/v1/cluster";

    /** A field's text, empty when absent (a table cell). */
    private static String t(JsonNode object, String field) {
        String value = JsonText.of(object, field);
        return value == null ? "" : value;
    }

    @Command(name = "status", description = "Members, the leader and its fence, and each etcd member's health, as the"
            + " controller asked sees them (a standby answers too).")
    static final class Status extends ApiCommand {
        @Mixin
        JsonOption format;

        @Override
        void run(ApiClient api, Output out) {
            JsonNode status = api.getJson(PATH);
            if (format.json) {
                out.json(status);
                return;
            }
            Table summary = Table.keyValue();
            summary.row("Mode:", t(status, "mode"));
            if (t(status, "mode").equals("single")) {
                summary.row("Role:", "leader (one controller on its embedded store)");
                out.table(summary);
                return;
            }
            summary.row("Asked:", t(status, "member") + " (" + t(status, "role") + ")");
            JsonNode leader = status.path("leader");
            summary.row("Leader:", leader.isMissingNode() ? "none elected"
                    : t(leader, "name") + " " + t(leader, "api") + " (fence "
                    + t(status, "fence") + ")");
            out.table(summary);
            out.line("");
            Table members = new Table("MEMBER", "API", "ROLE");
            for (JsonNode m : status.path("members")) {
                String name = t(m, "name");
                members.row(name, t(m, "api"),
                        !leader.isMissingNode() && name.equals(t(leader, "name")) ? "leader" : "standby");
            }
            out.table(members);
            out.line("");
            Table etcd = new Table("ETCD MEMBER", "HEALTHY", "ERROR");
            for (JsonNode e : status.path("etcd")) {
                etcd.row(t(e, "url"), e.path("healthy").asBoolean() ? "yes" : "no", t(e, "error"));
            }
            out.table(etcd);
        }
    }
}
