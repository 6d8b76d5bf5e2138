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

    static RouteTable create(Topology topology, HostFlowsSource flows, HostAdmission admission,
                             RequestBodyReader bodies, ResponseWriter responses) {
        NetworkHandlers networks = new NetworkHandlers(topology, bodies, responses);
        EndpointHandlers endpoints = new EndpointHandlers(topology, bodies, responses);
        HostHandlers hosts = new HostHandlers(topology, flows, admission, bodies, responses);
        String openApi = OpenApiDocument.load();
        return new RouteTable()
                .get(ApiPaths.HEALTH, ctx -> health(topology, responses, ctx))
                .get(ApiPaths.OPENAPI, ctx -> ctx.status(200).contentType(OpenApiDocument.CONTENT_TYPE).result(openApi))
                .post(ApiPaths.NETWORKS, networks::create)
                .get(ApiPaths.NETWORKS, networks::list)
                .get(ApiPaths.NETWORK, networks::get)
                .delete(ApiPaths.NETWORK, networks::delete)
                .post(ApiPaths.ENDPOINTS, endpoints::create)
                .get(ApiPaths.ENDPOINTS, endpoints::list)
                .get(ApiPaths.ENDPOINT, endpoints::get)
                .delete(ApiPaths.ENDPOINT, endpoints::delete)
                .post(ApiPaths.HOSTS, hosts::add)
                .get(ApiPaths.HOSTS, hosts::list)
                .get(ApiPaths.HOST, hosts::get)
                .delete(ApiPaths.HOST, hosts::remove)
                .get(ApiPaths.HOST_FLOWS, hosts::flows);
    }
}
