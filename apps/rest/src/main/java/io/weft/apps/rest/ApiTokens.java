package io.weft.apps.rest;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The bearer tokens the API checks ({@code Authorization: Bearer weft_...}) and manages under {@code /api/v1/tokens}.
 * Where they are kept is the launcher's choice; the API only authenticates and authorizes with them.
 */
public interface ApiTokens {

    /** Who presents {@code token}: empty if it is unknown, revoked or malformed. */
    Optional<Caller> authenticate(String token);

    /** Creates a token; its text is in the answer only. */
    CreatedToken create(ApiScope scope, String description);

    List<TokenInfo> list();

    /** Revokes a token by id; false if there is none. */
    boolean revoke(String id);

    /** An authenticated caller: the token's id (for the log) and what it may do. */
    record Caller(String tokenId, ApiScope scope) {
        public Caller {
            Objects.requireNonNull(tokenId, "tokenId");
            Objects.requireNonNull(scope, "scope");
        }
    }

    /** A token as listed: never its secret. */
    record TokenInfo(String id, ApiScope scope, String description, Instant created) {
    }

    /** A token just created, with its text ({@code token}), shown this once. */
    record CreatedToken(TokenInfo info, String token) {
    }
}
