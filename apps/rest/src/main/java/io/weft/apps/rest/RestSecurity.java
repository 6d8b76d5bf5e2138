package io.weft.apps.rest;

import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * How the REST API protects itself: HTTPS with the controller's certificate, and bearer tokens that every call but
 * health and the OpenAPI document must carry. {@link #NONE} is plaintext without tokens, for loopback (the quick try)
 * or an explicit {@code --insecure}.
 */
public record RestSecurity(Optional<SSLContext> tls, Optional<ApiTokens> tokens) {
    public static final RestSecurity NONE = new RestSecurity(Optional.empty(), Optional.empty());

    public RestSecurity {
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(tokens, "tokens");
    }
}
