package io.weft.apps.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** The parts of an endpoint (as the API returns it) that the host plumbing needs to configure the container. */
record AttachedEndpoint(String id, String name, String host, String ip, String mac, int prefixLength, String gateway,
                        int mtu) {

    static AttachedEndpoint of(JsonNode json) {
        return new AttachedEndpoint(required(json, "id"), required(json, "name"), required(json, "host"),
                required(json, "ip"), required(json, "mac").toLowerCase(Locale.ROOT),
                json.path("prefixLength").asInt(), required(json, "gateway"), json.path("mtu").asInt());
    }

    private static String required(JsonNode json, String field) {
        String value = JsonText.of(json, field);
        if (value == null || value.isEmpty()) {
            throw new CliFailure("the controller's endpoint has no '" + field + "': " + json);
        }
        return value;
    }

    /**
     * The host-side veth: derived from the id alone so that detach (and a repeated attach) find it without any
     * local state; "wf" + 11 hex digits stays within Linux's 15-character limit.
     */
    String hostSideName() {
        String hex = id.replace("-", "");
        return "wf" + hex.substring(0, Math.min(11, hex.length()));
    }

    String cidr() {
        return ip + "/" + prefixLength;
    }
}
