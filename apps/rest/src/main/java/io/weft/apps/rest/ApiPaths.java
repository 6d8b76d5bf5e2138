package io.weft.apps.rest;

/** The path templates of API v1, in the syntax shared by Javalin and OpenAPI, and the URLs built from them. */
final class ApiPaths {
    static final String PREFIX = "/api/v1";
    static final String HEALTH = PREFIX + "/health";
    static final String OPENAPI = PREFIX + "/openapi.yaml";
    static final String CLUSTER = PREFIX + "/cluster";
    static final String NETWORKS = PREFIX + "/networks";
    static final String NETWORK = NETWORKS + "/{network}";
    static final String ENDPOINTS = NETWORK + "/endpoints";
    static final String ENDPOINT_BATCH = ENDPOINTS + ":batch";
    static final String ENDPOINT = ENDPOINTS + "/{endpoint}";
    static final String ENDPOINT_ALIASES = ENDPOINT + "/aliases";
    static final String HOSTS = PREFIX + "/hosts";
    static final String HOST = HOSTS + "/{host}";
    static final String HOST_FLOWS = HOST + "/flows";
    static final String HOST_AUDIT = HOST + "/audit";
    static final String ROUTERS = PREFIX + "/routers";
    static final String ROUTER = ROUTERS + "/{router}";
    static final String ROUTER_NETWORK = ROUTER + "/networks/{network}";
    static final String TOKENS = PREFIX + "/tokens";
    static final String TOKEN = TOKENS + "/{token}";
    static final String TOPOLOGY = PREFIX + "/topology";
    static final String NETWORK_TRACE = NETWORK + "/trace";
    static final String HOST_FLOW_TABLES = HOST + "/flow-tables";
    /** Where Prometheus looks by default: outside the API's version prefix. */
    static final String METRICS = "/metrics";

    private ApiPaths() {
    }

    // Names are limited to URL-safe characters by the topology, so they need no escaping here.

    static String network(String name) {
        return NETWORKS + "/" + name;
    }

    static String router(String name) {
        return ROUTERS + "/" + name;
    }

    static String endpoint(String network, String endpoint) {
        return network(network) + "/endpoints/" + endpoint;
    }
}
