package io.weft.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class Ipv4Test {

    @Test
    void parsesAndFormatsDottedQuads() {
        assertThat(Ipv4.parse("10.10.10.3")).isEqualTo(0x0a0a0a03);
        assertThat(Ipv4.parse("255.255.255.255")).isEqualTo(-1);
        assertThat(Ipv4.format(0xc0a80001)).isEqualTo("192.168.0.1");
        assertThat(Ipv4.format(-1)).isEqualTo("255.255.255.255");
        assertThat(Ipv4.format(Ipv4.parse("0.0.0.0"))).isEqualTo("0.0.0.0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0", "10.0.0.0.1", "10.0.0.256", "10.0.0.-1", "10.0.0.01", "a.b.c.d", "10..0.1",
            "10.0.0.1 ", "", "1000.0.0.1", "10.0.0.+1"})
    void rejectsMalformedText(String text) {
        assertThatThrownBy(() -> Ipv4.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text.isEmpty() ? "required" : "'" + text + "'");
    }

    @Test
    void explainsWhatIsWrong() {
        assertThatThrownBy(() -> Ipv4.parse("10.0.0.300"))
                .hasMessage("'10.0.0.300' is not an IPv4 address: octet 300 is greater than 255");
    }
}
