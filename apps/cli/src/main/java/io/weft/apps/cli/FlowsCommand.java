package io.weft.apps.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code weft flows HOST}: the flows Weft wants on a host, grouped by table in pipeline order with each table's name
 * and purpose, highest priority first (the order OVS looks them up), each marked if the switch has not confirmed it
 * yet. {@code --raw} prints the ovs-ofctl text, to compare with {@code ovs-ofctl dump-flows}.
 */
@Command(name = "flows", description = "Print a host's flows by table (name, purpose, priority order); --raw for"
        + " ovs-ofctl syntax.")
public final class FlowsCommand extends ApiCommand {
    @Parameters(paramLabel = "HOST", description = "Host name.")
    String host;

    @Option(names = "--raw", description = "The flows in ovs-ofctl syntax, one per line, as the switch holds them.")
    boolean raw;

    @Mixin
    JsonOption format;

    @Override
    void run(ApiClient api, Output out) {
        if (raw) {
            out.text(api.getText(HostCommand.path(host) + "/flows"));
            return;
        }
        JsonNode view = api.getJson(HostCommand.path(host) + "/flow-tables");
        if (format.json) {
            out.json(view);
            return;
        }
        int unconfirmed = 0;
        for (JsonNode table : view.path("tables")) {
            out.line("table " + table.path("table").asInt() + " " + table.path("name").asText() + " ("
                    + table.path("flows").size() + " flows): " + table.path("purpose").asText());
            Table rows = new Table("  PRIORITY", "MATCH", "ACTIONS", "COOKIE", "");
            for (JsonNode f : table.path("flows")) {
                boolean confirmed = f.path("confirmed").asBoolean();
                unconfirmed += confirmed ? 0 : 1;
                String match = f.path("match").asText();
                rows.row("  " + f.path("priority").asInt(), match.isEmpty() ? "*" : match,
                        f.path("actions").asText(), f.path("cookie").asText(), confirmed ? "" : "unconfirmed");
            }
            out.table(rows);
            out.line("");
        }
        JsonNode groups = view.path("groups");
        if (groups.size() > 0) {
            out.line("groups (" + groups.size() + "):");
            groups.forEach(g -> out.line("  " + g.asText()));
        }
        if (view.path("tables").size() == 0) {
            out.line("host " + host + " holds no Weft flows yet");
        } else if (unconfirmed > 0) {
            out.line(unconfirmed + " flows not confirmed by the switch yet");
        }
    }
}
