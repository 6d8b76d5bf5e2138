package io.weft.apps.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.weft.topology.Endpoint;
import io.weft.topology.EndpointRequest;
import io.weft.topology.Host;
import io.weft.topology.Network;
import io.weft.topology.Topology;
import io.weft.topology.Topology.EndpointCreation;
import io.weft.topology.TopologyException;
import io.weft.topology.store.StateStoreException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST /api/v1/networks/{network}/endpoints:batch}: up to {@link Topology#MAX_BATCH} endpoints of one network
 * in one request, for runtimes and scripts that create many at once. Each item is what {@code POST .../endpoints}
 * takes and gets its own result, in order: {@code 201} and the endpoint, or the status and problem it would have had
 * alone (a bad item does not stop the others). The batch shares one fsync, so it is durable as a whole when the answer
 * is sent. The request itself is refused (problem+json, nothing created) only when the network is unknown, the body is
 * not {@code {"endpoints": [...]}} or the batch is too large.
 */
final class EndpointBatchHandler {
    private static final List<String> FIELDS = List.of("endpoints");

    private final Topology topology;
    private final RequestBodyReader bodies;
    private final ResponseWriter responses;

    /** The answer: counts, then one result per item in request order. */
    record BatchView(int created, int failed, List<ItemView> results) {
    }

    /** One item's result: {@code endpoint} when {@code status} is 201, else {@code problem}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ItemView(int index, int status, EndpointView endpoint, Problem problem) {
    }

    EndpointBatchHandler(Topology topology, RequestBodyReader bodies, ResponseWriter responses) {
        this.topology = Objects.requireNonNull(topology, "topology");
        this.bodies = Objects.requireNonNull(bodies, "bodies");
        this.responses = Objects.requireNonNull(responses, "responses");
    }

    void create(Context ctx) {
        String networkName = ctx.pathParam("network");
        requireNetwork(networkName);
        JsonNode items = new JsonFields(bodies.readObject(ctx, RequestBodyReader.MAX_BATCH_BODY_BYTES), FIELDS)
                .requiredArray("endpoints", Topology.MAX_BATCH);

        // Items refused before the topology sees them (malformed, or for another host than the token's) keep their
        // place; the rest go to the topology together.
        ItemView[] results = new ItemView[items.size()];
        List<EndpointRequest> requests = new ArrayList<>();
        List<Integer> requestIndexes = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            try {
                requests.add(parse(ctx, i, items.get(i)));
                requestIndexes.add(i);
            } catch (ApiProblemException e) {
                results[i] = refused(i, e.status(), e.getMessage());
            } catch (TopologyException e) {
                results[i] = refused(i, ErrorResponses.statusOf(e), e.getMessage());
            }
        }
        List<EndpointCreation> created = topology.createEndpoints(networkName, requests);

        Network network = requireNetwork(networkName);
        Map<String, Optional<Host>> hosts = new HashMap<>();
        for (int k = 0; k < created.size(); k++) {
            int index = requestIndexes.get(k);
            EndpointCreation creation = created.get(k);
            results[index] = creation.endpoint()
                    .map(endpoint -> new ItemView(index, 201, EndpointView.of(endpoint, network,
                            hosts.computeIfAbsent(EndpointView.hostOf(endpoint), topology::host)), null))
                    .orElseGet(() -> failed(index, creation.failure().orElseThrow()));
        }
        int failed = (int) java.util.Arrays.stream(results).filter(r -> r.status() != 201).count();
        responses.json(ctx, 200, new BatchView(results.length - failed, failed, List.of(results)));
    }

    private static EndpointRequest parse(Context ctx, int index, JsonNode item) {
        if (item == null || !item.isObject()) {
            throw ApiProblemException.badRequest("endpoints[" + index + "] must be an object, got "
                    + (item == null ? "nothing" : JsonFields.describeType(item)));
        }
        CreateEndpointBody body = CreateEndpointBody.from((ObjectNode) item);
        RequestGuard.requireHost(ctx, body.host());
        return body.toRequest();
    }

    private static ItemView failed(int index, RuntimeException failure) {
        if (failure instanceof TopologyException refused) {
            return refused(index, ErrorResponses.statusOf(refused), refused.getMessage());
        }
        if (failure instanceof StateStoreException store) {
            return refused(index, 503, ErrorResponses.storeProblemDetail(store));
        }
        throw failure;
    }

    private static ItemView refused(int index, int status, String detail) {
        return new ItemView(index, status, null, Problem.of(status, detail));
    }

    private Network requireNetwork(String name) {
        return topology.network(name).orElseThrow(() -> NetworkHandlers.networkNotFound(name));
    }
}
