package io.weft.apps.launcher;

import io.weft.apps.rest.ApiScope;
import io.weft.apps.rest.ApiTokens;
import io.weft.apps.security.ApiTokenStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API's tokens in TLS mode, kept in {@code <data dir>/pki/api-tokens}. On the first start (no token file
 * yet) one admin token is created and written to {@code <data dir>/pki/admin-token}, readable by the controller's user
 * only: the operator's way in, from which every other token is made.
 */
final class RestTokens implements ApiTokens {
    private static final Logger LOG = LoggerFactory.getLogger(RestTokens.class);
    static final String TOKEN_FILE = "api-tokens";
    static final String ADMIN_TOKEN_FILE = "admin-token";

    private final ApiTokenStore store;
    /** Told after each change of the token file (a cluster's leader shares it through etcd). */
    private final Runnable changed;

    private RestTokens(ApiTokenStore store, Runnable changed) {
        this.store = store;
        this.changed = changed;
    }

    static RestTokens open(Path pkiDirectory) {
        return open(pkiDirectory, () -> { });
    }

    /** @param changed run after each token created or revoked, once the file holds it */
    static RestTokens open(Path pkiDirectory, Runnable changed) {
        RestTokens tokens = new RestTokens(ApiTokenStore.open(pkiDirectory.resolve(TOKEN_FILE), Clock.systemUTC()),
                changed);
        if (tokens.store.list().isEmpty()) {
            tokens.writeFirstAdminToken(pkiDirectory.resolve(ADMIN_TOKEN_FILE));
            changed.run();
        }
        return tokens;
    }

    private void writeFirstAdminToken(Path target) {
        // A crash between the two writes leaves a token nobody holds and no admin-token file; deleting api-tokens
        // (docs/security.md) makes the next start begin again.
        ApiTokenStore.NewToken admin = store.create("admin", "first admin token, made at the first start");
        try {
            Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
            Files.deleteIfExists(temporary);
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, admin.secret() + "\n");
            Files.move(temporary, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the first admin token to " + target + ": " + e.getMessage(), e);
        }
        LOG.info("REST API: the first admin token is in {} (token id {}); make others with weft token create and"
                + " revoke this one when you no longer need it", target, admin.token().id());
    }

    @Override
    public Optional<Caller> authenticate(String token) {
        return store.verify(token).flatMap(t -> scopeOf(t).map(scope -> new Caller(t.id(), scope)));
    }

    @Override
    public CreatedToken create(ApiScope scope, String description) {
        ApiTokenStore.NewToken created = store.create(scope.text(), description);
        LOG.info("REST API: token {} created with scope {}", created.token().id(), scope.text());
        changed.run();
        return new CreatedToken(info(created.token(), scope), created.secret());
    }

    @Override
    public List<TokenInfo> list() {
        return store.list().stream().flatMap(t -> scopeOf(t).map(s -> info(t, s)).stream()).toList();
    }

    @Override
    public boolean revoke(String id) {
        boolean revoked = store.revoke(id);
        if (revoked) {
            LOG.info("REST API: token {} revoked", id);
            changed.run();
        }
        return revoked;
    }

    /** A stored scope this version cannot read grants nothing (a file edited by hand, or from a newer version). */
    static Optional<ApiScope> scopeOf(ApiTokenStore.StoredToken token) {
        try {
            return Optional.of(ApiScope.parse(token.scope()));
        } catch (RuntimeException e) {
            LOG.warn("REST API: token {} has a scope this controller does not know ('{}'); it grants nothing",
                    token.id(), token.scope());
            return Optional.empty();
        }
    }

    private static TokenInfo info(ApiTokenStore.StoredToken token, ApiScope scope) {
        return new TokenInfo(token.id(), scope, token.description(), token.created());
    }
}
