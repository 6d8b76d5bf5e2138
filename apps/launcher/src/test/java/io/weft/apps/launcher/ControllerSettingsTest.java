package io.weft.apps.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControllerSettingsTest {
    private static final Path DATA = Path.of("weft-data");

    @Test
    void plaintextIsForLoopbackUnlessTheOperatorSaysInsecure() {
        assertThatThrownBy(() -> settings("0.0.0.0", false, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("refusing to serve plaintext on 0.0.0.0").hasMessageContaining("--tls")
                .hasMessageContaining("--insecure");
        assertThatThrownBy(() -> settings("198.18.0.10", false, false)).isInstanceOf(IllegalArgumentException.class);
        assertThat(settings("127.0.0.1", false, false).tls()).isFalse();
        assertThat(settings("localhost", false, false).listen()).isEqualTo("localhost");
        assertThat(settings("0.0.0.0", true, false).tls()).isTrue();
        assertThat(settings("0.0.0.0", false, true).insecure()).isTrue();
    }

    private static ControllerSettings settings(String listen, boolean tls, boolean insecure) {
        return new ControllerSettings(listen, 6653, 6640, 8080, DATA, List.of(), tls, insecure, List.of(), "none");
    }

    @Test
    void theStoreIsTheJournalOrAnEtcdClusterAndAnythingElseIsRefused() {
        assertThat(settings("127.0.0.1", false, false).etcd()).isEmpty();
        assertThat(settings("127.0.0.1", false, false).withStore("etcd://127.0.0.1:2379").etcd()).isPresent();
        assertThatThrownBy(() -> settings("127.0.0.1", false, false).withStore("etcd:/x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--store");
    }
}
