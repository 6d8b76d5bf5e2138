package io.weft.apps.rest;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Handlers of {@code /api/v1/tokens}: create (the token's text is in the 201 only), list and revoke. Admin only. */
final class TokenHandlers {
    private static final List<String> CREATE_FIELDS = List.of("scope", "description");

    private final Optional<ApiTokens> tokens;
    private final RequestBodyReader bodies;
    private final ResponseWriter responses;

    TokenHandlers(Optional<ApiTokens> tokens, RequestBodyReader bodies, ResponseWriter responses) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.bodies = Objects.requireNonNull(bodies, "bodies");
        this.responses = Objects.requireNonNull(responses, "responses");
    }

    void create(Context ctx) {
        JsonFields fields = new JsonFields(bodies.readObject(ctx), CREATE_FIELDS);
        ApiScope scope = ApiScope.parse(fields.requiredString("scope"));
        String description = fields.optionalString("description");
        if (description != null && (description.length() > 200 || description.chars().anyMatch(Character::isISOControl))) {
            throw ApiProblemException.badRequest("description: at most 200 characters on one line");
        }
        ApiTokens.CreatedToken created = store().create(scope, description == null ? "" : description);
        Map<String, Object> body = view(created.info());
        body.put("token", created.token());
        ctx.header("Location", ApiPaths.TOKENS + "/" + created.info().id());
        responses.json(ctx, 201, body);
    }

    void list(Context ctx) {
        responses.json(ctx, 200, store().list().stream().map(TokenHandlers::view).toList());
    }

    void revoke(Context ctx) {
        String id = ctx.pathParam("token");
        if (!store().revoke(id)) {
            throw ApiProblemException.notFound("token '" + id + "' not found");
        }
        responses.noContent(ctx);
    }

    private ApiTokens store() {
        return tokens.orElseThrow(() -> new ApiProblemException(409, "this controller's API has no tokens: it serves"
                + " plaintext without authentication (start it with --tls for HTTPS and tokens)"));
    }

    private static Map<String, Object> view(ApiTokens.TokenInfo info) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", info.id());
        view.put("scope", info.scope().text());
        view.put("description", info.description());
        view.put("created", info.created().toString());
        return view;
    }
}
