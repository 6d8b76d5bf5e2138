package io.weft.apps.overlay.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.controller.DatapathId;
import io.weft.topology.Host;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostsByDatapathTest {
    private static Host host(String name, String datapath) {
        return Host.named(name).withDatapathId(Optional.ofNullable(datapath));
    }

    @Test
    void theFirstHostByNameKeepsADatapathTwoHostsClaim() {
        List<Host> hosts = List.of(host("node2", "00000000000000ab"), host("node1", "00000000000000ab"),
                host("node3", "00000000000000cd"), host("node4", null));

        assertThat(HostsByDatapath.of(hosts)).containsOnlyKeys(new DatapathId(0xab), new DatapathId(0xcd))
                .containsEntry(new DatapathId(0xab), "node1").containsEntry(new DatapathId(0xcd), "node3");
        assertThat(HostsByDatapath.find(hosts, new DatapathId(0xab))).contains("node1");
        assertThat(HostsByDatapath.find(hosts, new DatapathId(0xef))).isEmpty();
    }
}
