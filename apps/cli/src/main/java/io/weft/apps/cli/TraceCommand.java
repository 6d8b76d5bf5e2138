package io.weft.apps.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code weft trace --network net1 --from c1 --to 10.10.10.4 [--proto tcp --dport 80]}: walks a packet through the
 * flows Weft wants, host by host across the tunnel, and prints each matched flow with its table, cookie and whether
 * the switch confirmed it, the verdict, and the {@code ovs-appctl ofproto/trace} command that asks each host's OVS.
 */
@Command(name = "trace", description = "Trace a packet from an endpoint through the desired flows, across hosts.")
public final class TraceCommand extends ApiCommand {
    @Option(names = "--network", required = true, paramLabel = "NET", description = "The sender's network.")
    String network;

    @Option(names = "--from", required = true, paramLabel = "ENDPOINT", description = "The sending endpoint (name or"
            + " id).")
    String from;

    @Option(names = "--to", required = true, paramLabel = "IP", description = "The destination IPv4 address.")
    String to;

    @Option(names = "--proto", defaultValue = "icmp", paramLabel = "P", description = "icmp (default), tcp, udp, or"
            + " arp (a request for --to).")
    String proto;

    @Option(names = "--dport", paramLabel = "PORT", description = "TCP or UDP destination port.")
    Integer dport;

    @Option(names = "--src-mac", paramLabel = "MAC", description = "Send from this MAC (default: the endpoint's).")
    String srcMac;

    @Option(names = "--src-ip", paramLabel = "IP", description = "Send from this IPv4 (default: the endpoint's).")
    String srcIp;

    @Option(names = "--dst-mac", paramLabel = "MAC", description = "Send to this MAC (default: the owner of --to, or"
            + " the gateway).")
    String dstMac;

    @Option(names = "--ttl", paramLabel = "N", description = "IPv4 TTL (default 64).")
    Integer ttl;

    @Mixin
    JsonOption format;

    @Override
    void run(ApiClient api, Output out) {
        List<String> query = new ArrayList<>();
        query.add("from=" + ApiClient.segment(from));
        query.add("to=" + ApiClient.segment(to));
        query.add("proto=" + ApiClient.segment(proto));
        if (dport != null) {
            query.add("dport=" + dport);
        }
        if (srcMac != null) {
            query.add("srcMac=" + ApiClient.segment(srcMac));
        }
        if (srcIp != null) {
            query.add("srcIp=" + ApiClient.segment(srcIp));
        }
        if (dstMac != null) {
            query.add("dstMac=" + ApiClient.segment(dstMac));
        }
        if (ttl != null) {
            query.add("ttl=" + ttl);
        }
        JsonNode trace = api.getJson(NetworkCommand.path(network) + "/trace?" + String.join("&", query));
        if (format.json) {
            out.json(trace);
            return;
        }
        out.line("packet: " + trace.path("packet").asText());
        for (JsonNode hop : trace.path("hops")) {
            out.line("");
            out.line("host " + hop.path("host").asText() + ", in_port " + hop.path("inPort").asLong() + ": "
                    + hop.path("packet").asText());
            Table steps = new Table("  TABLE", "PRIORITY", "MATCH", "ACTIONS", "COOKIE", "SWITCH");
            for (JsonNode s : hop.path("steps")) {
                boolean miss = s.path("priority").asInt() < 0;
                String match = s.path("match").asText();
                steps.row("  " + s.path("table").asInt() + " " + s.path("tableName").asText(),
                        miss ? "-" : s.path("priority").asText(), miss ? "(no flow)" : match.isEmpty() ? "*" : match,
                        s.path("actions").asText(), miss ? "" : s.path("cookie").asText(),
                        miss ? "" : s.path("confirmed").asBoolean() ? "confirmed" : "NOT CONFIRMED");
            }
            out.table(steps);
            out.line("  check on the host: " + hop.path("ofprotoTrace").asText());
        }
        out.line("");
        for (JsonNode v : trace.path("verdicts")) {
            out.line("verdict: " + v.path("kind").asText() + ": " + v.path("detail").asText());
        }
    }
}
