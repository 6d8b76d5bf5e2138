package io.weft.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CidrTest {

    @Test
    void describesTheSubnet() {
        Cidr cidr = Cidr.parse("10.10.10.0/24");
        assertThat(cidr.networkAddress()).isEqualTo(Ipv4.parse("10.10.10.0"));
        assertThat(cidr.prefixLength()).isEqualTo(24);
        assertThat(cidr.broadcastAddress()).isEqualTo(Ipv4.parse("10.10.10.255"));
        assertThat(cidr.size()).isEqualTo(256);
        assertThat(cidr.contains(Ipv4.parse("10.10.10.77"))).isTrue();
        assertThat(cidr.contains(Ipv4.parse("10.10.11.0"))).isFalse();
        assertThat(cidr).hasToString("10.10.10.0/24");
    }

    @Test
    void handlesTheExtremes() {
        assertThat(Cidr.parse("0.0.0.0/0").size()).isEqualTo(1L << 32);
        assertThat(Cidr.parse("0.0.0.0/0").contains(-1)).isTrue();
        assertThat(Cidr.parse("192.168.1.1/32").broadcastAddress()).isEqualTo(Ipv4.parse("192.168.1.1"));
        assertThat(Cidr.parse("200.0.0.0/8").contains(Ipv4.parse("200.255.1.1"))).isTrue();
    }

    @Test
    void detectsOverlap() {
        assertThat(Cidr.parse("10.0.0.0/16").overlaps(Cidr.parse("10.0.5.0/24"))).isTrue();
        assertThat(Cidr.parse("10.0.5.0/24").overlaps(Cidr.parse("10.0.0.0/16"))).isTrue();
        assertThat(Cidr.parse("10.0.0.0/24").overlaps(Cidr.parse("10.0.1.0/24"))).isFalse();
    }

    @Test
    void rejectsHostBitsNamingTheNetworkAddress() {
        assertThatThrownBy(() -> Cidr.parse("10.10.10.1/24")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host bits set").hasMessageContaining("10.10.10.0/24");
    }

    @Test
    void rejectsMalformedPrefixes() {
        for (String text : new String[] {"10.0.0.0", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/x", "10.0.0/24",
                "10.0.0.0/-1", "10.0.0.0/024", "10.0.0.0/08"}) {
            assertThatThrownBy(() -> Cidr.parse(text)).as(text).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + text + "' is not a CIDR prefix");
        }
    }
}
