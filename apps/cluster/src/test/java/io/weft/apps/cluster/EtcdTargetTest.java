package io.weft.apps.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class EtcdTargetTest {
    @Test
    void journalIsTheEmbeddedStoreAndEtcdListsItsMembersAndPrefix() {
        assertThat(EtcdTarget.parse("journal")).isEmpty();
        EtcdTarget t = EtcdTarget.parse("etcd://10.0.0.1:2379,10.0.0.2:2379,etcd3:2379").orElseThrow();
        assertThat(t.members()).containsExactly(URI.create("http://10.0.0.1:2379"), URI.create("http://10.0.0.2:2379"),
                URI.create("http://etcd3:2379"));
        assertThat(t.prefix()).isEqualTo("/weft/");
        assertThat(EtcdTarget.parse("etcd://127.0.0.1:2379/").orElseThrow().prefix()).isEqualTo("/weft/");
        assertThat(EtcdTarget.parse("etcd://127.0.0.1:2379/prod/weft").orElseThrow())
                .isEqualTo(new EtcdTarget(List.of(URI.create("http://127.0.0.1:2379")), "/prod/weft/"));
    }

    @Test
    void anythingElseIsRefusedWithTheReason() {
        assertThatThrownBy(() -> EtcdTarget.parse("mysql://x")).hasMessageContaining("neither 'journal'");
        assertThatThrownBy(() -> EtcdTarget.parse("etcd://")).hasMessageContaining("is not HOST:PORT");
        assertThatThrownBy(() -> EtcdTarget.parse("etcd://a:1,,b:2")).hasMessageContaining("is not HOST:PORT");
        assertThatThrownBy(() -> EtcdTarget.parse("etcd://a:99999")).hasMessageContaining("is not HOST:PORT");
        assertThatThrownBy(() -> EtcdTarget.parse("etcd://a:1/x y")).hasMessageContaining("key prefix");
    }
}
