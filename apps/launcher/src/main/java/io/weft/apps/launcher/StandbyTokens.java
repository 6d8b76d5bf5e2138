package io.weft.apps.launcher;

import io.weft.apps.rest.ApiScope;
import io.weft.apps.rest.ApiTokens;
import io.weft.apps.security.ApiTokenStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * How a standby checks the tokens of the calls it answers itself ({@code /metrics}): against the token file the
 * leader published in etcd, read again at most every {@link #REFRESH_NANOS}. It creates and revokes nothing: that is
 * the leader's, and the calls that do it are forwarded there. Kept in a file of its own, so the leader's path (its
 * {@code api-tokens}, fetched at promotion) is untouched.
 */
final class StandbyTokens implements ApiTokens {
    private static final long REFRESH_NANOS = 2_000_000_000L;

    private final ClusterPki pki;
    private final Path copy;
    private ApiTokenStore store;
    private String text;
    private long readAt;

    StandbyTokens(ClusterPki pki, Path pkiDirectory) {
        this.pki = pki;
        this.copy = pkiDirectory.resolve(RestTokens.TOKEN_FILE + ".standby");
    }

    @Override
    public synchronized Optional<Caller> authenticate(String token) {
        if (store == null || System.nanoTime() - readAt > REFRESH_NANOS) {
            refresh();
        }
        return store.verify(token).flatMap(t -> RestTokens.scopeOf(t).map(scope -> new Caller(t.id(), scope)));
    }

    private void refresh() {
        String published = pki.tokensText().orElse("");
        if (store == null || !published.equals(text)) {
            try {
                if (!Files.exists(copy)) {
                    // Hashes only, never the tokens; still the controller's own, as api-tokens is.
                    Files.createFile(copy, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
                }
                Files.writeString(copy, published);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot keep the cluster's tokens in " + copy, e);
            }
            store = ApiTokenStore.open(copy, Clock.systemUTC());
            text = published;
        }
        readAt = System.nanoTime();
    }

    @Override
    public CreatedToken create(ApiScope scope, String description) {
        throw new UnsupportedOperationException("a standby creates no tokens: the call goes to the leader");
    }

    @Override
    public List<TokenInfo> list() {
        throw new UnsupportedOperationException("a standby lists no tokens: the call goes to the leader");
    }

    @Override
    public boolean revoke(String id) {
        throw new UnsupportedOperationException("a standby revokes no tokens: the call goes to the leader");
    }
}
