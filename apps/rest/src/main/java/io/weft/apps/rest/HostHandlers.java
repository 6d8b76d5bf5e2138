package io.weft.apps.rest;

import io.javalin.http.Context;
import io.weft.topology.Host;
import io.weft.topology.Topology;
import java.util.List;
import java.util.Objects;

/** Handlers of {@code /api/v1/hosts}, {@code /api/v1/hosts/{host}} (admission, removal) and the host's flows. */
final class HostHandlers {
    private static final List<String> ADD_FIELDS = List.of("name");

    private final Topology topology;
    private final HostFlowsSource flows;
    private final HostAdmission admission;
    private final RequestBodyReader bodies;
    private final ResponseWriter responses;

    private final HostAuditor auditor;

    HostHandlers(Topology topology, HostFlowsSource flows, HostAdmission admission, HostAuditor auditor,
                 RequestBodyReader bodies, ResponseWriter responses) {
        this.auditor = Objects.requireNonNull(auditor, "auditor");
        this.topology = Objects.requireNonNull(topology, "topology");
        this.flows = Objects.requireNonNull(flows, "flows");
        this.admission = Objects.requireNonNull(admission, "admission");
        this.bodies = Objects.requireNonNull(bodies, "bodies");
        this.responses = Objects.requireNonNull(responses, "responses");
    }

    /** Admits a host: 201 with its certificate and key (shown once) and the CA's certificate. */
    void add(Context ctx) {
        String name = new JsonFields(bodies.readObject(ctx), ADD_FIELDS).requiredString("name");
        Host.named(name); // the name's rules, as a 400, before anything is issued
        HostAdmission.AdmittedHost admitted = admission.admit(name);
        ctx.header("Location", ApiPaths.HOSTS + "/" + name);
        responses.json(ctx, 201, AdmittedHostView.of(admitted));
    }

    void remove(Context ctx) {
        String name = ctx.pathParam("host");
        admission.remove(name).orElseThrow(() -> hostNotFound(name));
        responses.noContent(ctx);
    }

    void list(Context ctx) {
        responses.json(ctx, 200, topology.hosts().stream().map(HostView::of).toList());
    }

    void get(Context ctx) {
        responses.json(ctx, 200, HostView.of(requireHost(ctx.pathParam("host"))));
    }

    /** A known host without flows (not programmed yet, or no overlay running) answers an empty text. */
    /** Reads the host's switch back now and repairs any difference; 200 with what was found, 409 if not connected. */
    void audit(Context ctx) {
        Host host = requireHost(ctx.pathParam("host"));
        HostAuditor.Audit audit;
        try {
            audit = auditor.audit(host.name()).get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new ApiProblemException(409, "cannot audit host '" + host.name() + "': "
                    + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new ApiProblemException(504, "host '" + host.name() + "'s switch did not answer the audit in 60 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiProblemException(503, "interrupted");
        }
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("host", host.name());
        body.put("flowsRead", audit.flowsRead());
        body.put("groupsRead", audit.groupsRead());
        body.put("repairs", audit.repairs());
        responses.json(ctx, 200, body);
    }

    void flows(Context ctx) {
        Host host = requireHost(ctx.pathParam("host"));
        responses.text(ctx, flows.flowsOf(host.name()).orElse(""));
    }

    private Host requireHost(String name) {
        return topology.host(name).orElseThrow(() -> hostNotFound(name));
    }

    static ApiProblemException hostNotFound(String name) {
        return ApiProblemException.notFound("host '" + name + "' not found");
    }
}
