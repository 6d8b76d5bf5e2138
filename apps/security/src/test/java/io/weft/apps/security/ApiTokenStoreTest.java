package io.weft.apps.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTokenStoreTest {
    @TempDir
    Path dir;

    @Test
    void aTokenIsVerifiedUntilRevokedAndTheFileKeepsOnlyItsHash() throws Exception {
        Path file = dir.resolve("api-tokens");
        ApiTokenStore store = ApiTokenStore.open(file, Clock.systemUTC());
        ApiTokenStore.NewToken created = store.create("host:node1", "node1's plugin");
        assertThat(created.secret()).matches("weft_[0-9a-f]{12}_[A-Za-z0-9_-]{43}");
        assertThat(store.verify(created.secret())).hasValueSatisfying(t -> {
            assertThat(t.scope()).isEqualTo("host:node1");
            assertThat(t.description()).isEqualTo("node1's plugin");
        });
        assertThat(Files.readString(file)).doesNotContain(created.secret().substring(18));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        ApiTokenStore reopened = ApiTokenStore.open(file, Clock.systemUTC());
        assertThat(reopened.verify(created.secret())).isPresent();
        assertThat(reopened.revoke(created.token().id())).isTrue();
        assertThat(reopened.verify(created.secret())).isEmpty();
        assertThat(ApiTokenStore.open(file, Clock.systemUTC()).verify(created.secret())).isEmpty();
        assertThat(reopened.revoke(created.token().id())).isFalse();
    }

    @Test
    void somethingElseThanOneOfItsTokensIsNobody() {
        ApiTokenStore store = ApiTokenStore.open(dir.resolve("api-tokens"), Clock.systemUTC());
        String real = store.create("admin", "").secret();
        String id = real.substring(5, 17);
        assertThat(store.verify(null)).isEmpty();
        assertThat(store.verify("")).isEmpty();
        assertThat(store.verify(real + "x")).isEmpty();
        assertThat(store.verify("weft_" + id + "_" + "A".repeat(43))).as("right id, wrong secret").isEmpty();
        assertThat(store.verify(real.toUpperCase())).isEmpty();
    }

    @Test
    void aDamagedFileRefusesToOpenAndSaysWhere() throws Exception {
        Path file = dir.resolve("api-tokens");
        ApiTokenStore.open(file, Clock.systemUTC()).create("read", "");
        Files.writeString(file, Files.readString(file) + "0123456789ab\tadmin\tnot-hex\t0\t\n");
        assertThatThrownBy(() -> ApiTokenStore.open(file, Clock.systemUTC()))
                .hasMessageContaining("line 3 is damaged");
    }

    @Test
    void descriptionsAndScopesAreChecked() {
        ApiTokenStore store = ApiTokenStore.open(dir.resolve("api-tokens"), Clock.systemUTC());
        assertThatThrownBy(() -> store.create("admin\tread", "")).hasMessageContaining("invalid scope");
        assertThatThrownBy(() -> store.create("read", "two\nlines")).hasMessageContaining("one line");
        assertThat(store.list()).isEmpty();
    }
}
