package io.weft.apps.rest;

import io.weft.topology.Topology;
import java.util.Map;

/** The complete route table of API v1: which handler answers which method and path. */
final class ApiRoutes {
    private ApiRoutes() {
    }

    /** 200 while the controller can do its job; 503 with the reason when it cannot take writes. */
    private static void health(Topology topology, ResponseWriter responses, io.javalin.http.Context ctx) {
        topology.storeProblem().ifPresentOrElse(
                problem -> responses.problem(ctx, 503, "unhealthy: " + problem),
                () -> responses.json(ctx, 200, Map.of("status", "ok")));
    }

    static RouteTable create(Topology topology, HostFlowsSource flows, HostAdmission admission, HostAuditor auditor,
                             java.util.Optional<ApiTokens> tokens, RequestBodyReader bodies, ResponseWriter responses,
                             ClusterStatusSource cluster, Diagnostics diagnostics) {
        NetworkHandlers networks = new NetworkHandlers(topology, bodies, responses);
        EndpointHandlers endpoints = new EndpointHandlers(topology, bodies, responses);
        EndpointBatchHandler endpointBatches = new EndpointBatchHandler(topology, bodies, responses);
        HostHandlers hosts = new HostHandlers(topology, flows, admission, auditor, bodies, responses);
        RouterHandlers routers = new RouterHandlers(topology, bodies, responses);
        TokenHandlers tokenHandlers = new TokenHandlers(tokens, bodies, responses);
        DiagnosticHandlers diagnosing = new DiagnosticHandlers(diagnostics, topology, responses);
        String openApi = OpenApiDocument.load();
        return new RouteTable()
                .get(ApiPaths.HEALTH, Access.PUBLIC, ctx -> health(topology, responses, ctx))
                .get(ApiPaths.OPENAPI, Access.PUBLIC,
                        ctx -> ctx.status(200).contentType(OpenApiDocument.CONTENT_TYPE).result(openApi))
                .get(ApiPaths.CLUSTER, ctx -> responses.json(ctx, 200, cluster.status()))
                .get(ApiPaths.METRICS, diagnosing::metrics)
                .get(ApiPaths.TOPOLOGY, diagnosing::topology)
                .get(ApiPaths.NETWORK_TRACE, diagnosing::trace)
                .post(ApiPaths.NETWORKS, Access.HOST, networks::create)
                .get(ApiPaths.NETWORKS, networks::list)
                .get(ApiPaths.NETWORK, networks::get)
                .delete(ApiPaths.NETWORK, Access.HOST, networks::delete)
                .post(ApiPaths.ENDPOINTS, Access.HOST, endpoints::create)
                .get(ApiPaths.ENDPOINTS, endpoints::list)
                .post(ApiPaths.ENDPOINT_BATCH, Access.HOST, endpointBatches::create)
                .get(ApiPaths.ENDPOINT, endpoints::get)
                .delete(ApiPaths.ENDPOINT, Access.HOST, endpoints::delete)
                .put(ApiPaths.ENDPOINT_ALIASES, Access.HOST, endpoints::setAliases)
                .post(ApiPaths.ROUTERS, Access.ADMIN, routers::create)
                .get(ApiPaths.ROUTERS, routers::list)
                .get(ApiPaths.ROUTER, routers::get)
                .delete(ApiPaths.ROUTER, Access.ADMIN, routers::delete)
                .put(ApiPaths.ROUTER_NETWORK, Access.ADMIN, routers::attach)
                .delete(ApiPaths.ROUTER_NETWORK, Access.ADMIN, routers::detach)
                .post(ApiPaths.HOSTS, Access.ADMIN, hosts::add)
                .get(ApiPaths.HOSTS, hosts::list)
                .get(ApiPaths.HOST, hosts::get)
                .delete(ApiPaths.HOST, Access.ADMIN, hosts::remove)
                .get(ApiPaths.HOST_FLOWS, hosts::flows)
                .get(ApiPaths.HOST_FLOW_TABLES, diagnosing::flowTables)
                .post(ApiPaths.HOST_AUDIT, Access.ADMIN, hosts::audit)
                .post(ApiPaths.TOKENS, Access.ADMIN, tokenHandlers::create)
                .get(ApiPaths.TOKENS, Access.ADMIN, tokenHandlers::list)
                .delete(ApiPaths.TOKEN, Access.ADMIN, tokenHandlers::revoke);
    }
}
