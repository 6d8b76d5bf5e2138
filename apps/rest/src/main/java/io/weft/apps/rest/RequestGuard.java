package io.weft.apps.rest;

import io.javalin.http.Context;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates each request's bearer token and checks its scope against the route's {@link Access}, before the
 * handler runs: a missing or unknown token is a 401, a token whose scope does not allow the call a 403, both as
 * problem+json with the reason. Without tokens (plaintext on loopback, or --insecure) every caller may do everything.
 */
final class RequestGuard {
    private static final Logger LOG = LoggerFactory.getLogger(RequestGuard.class);
    private static final String CALLER = "weft.caller";
    private static final ApiTokens.Caller UNRESTRICTED = new ApiTokens.Caller("-", ApiScope.ADMIN);

    private final Optional<ApiTokens> tokens;

    RequestGuard(Optional<ApiTokens> tokens) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    void check(Context ctx, Access access) {
        if (tokens.isEmpty() || access == Access.PUBLIC) {
            ctx.attribute(CALLER, UNRESTRICTED);
            return;
        }
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiProblemException.unauthorized("this API needs a bearer token (Authorization: Bearer weft_...):"
                    + " give the CLI --token-file or WEFT_TOKEN; an admin creates tokens with weft token create");
        }
        ApiTokens.Caller caller = tokens.get().authenticate(header.substring(7).trim()).orElse(null);
        if (caller == null) {
            LOG.info("refused {} {} from {}: unknown or revoked token", ctx.method().name(), ctx.path(), ctx.ip());
            throw ApiProblemException.unauthorized("the bearer token is not valid: unknown, revoked or mistyped");
        }
        boolean allowed = switch (access) {
            case READ -> true;
            case HOST -> !(caller.scope() instanceof ApiScope.Read);
            case ADMIN -> caller.scope() instanceof ApiScope.Admin;
            case PUBLIC -> true;
        };
        if (!allowed) {
            throw refused(ctx, caller, "it may not " + ctx.method().name() + " " + ctx.path()
                    + (access == Access.ADMIN ? " (admin only)" : ""));
        }
        ctx.attribute(CALLER, caller);
    }

    /** For {@link Access#HOST} routes, a part of the call only an admin token may make. */
    static void requireAdmin(Context ctx, String what) {
        ApiTokens.Caller caller = ctx.attribute(CALLER);
        if (caller != null && !(caller.scope() instanceof ApiScope.Admin)) {
            throw refused(ctx, caller, what + " is for admin tokens only");
        }
    }

    /**
     * For {@link Access#HOST} routes, once the handler knows the endpoint's host: a {@code host:NAME} token
     * may only act on host NAME.
     */
    static void requireHost(Context ctx, String host) {
        ApiTokens.Caller caller = ctx.attribute(CALLER);
        if (caller != null && caller.scope() instanceof ApiScope.OfHost own && !own.host().equals(host)) {
            throw refused(ctx, caller, "it may only create and delete endpoints on host '" + own.host()
                    + "', not on '" + host + "'");
        }
    }

    private static ApiProblemException refused(Context ctx, ApiTokens.Caller caller, String why) {
        LOG.info("refused {} {} from {}: token {} with scope {}: {}", ctx.method().name(), ctx.path(), ctx.ip(),
                caller.tokenId(), caller.scope().text(), why);
        return ApiProblemException.forbidden("token scope '" + caller.scope().text() + "' does not allow this: " + why);
    }
}
