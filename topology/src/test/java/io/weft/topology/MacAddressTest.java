package io.weft.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MacAddressTest {

    @Test
    void parsesEitherCaseAndFormatsLowerCase() {
        long mac = MacAddress.parse("AA:bb:0C:dd:EE:0f");
        assertThat(mac).isEqualTo(0xaabb0cddee0fL);
        assertThat(MacAddress.format(mac)).isEqualTo("aa:bb:0c:dd:ee:0f");
        assertThat(MacAddress.parse("aa-bb-0c-dd-ee-0f")).isEqualTo(mac);
    }

    @Test
    void derivesDockerStyleMacFromIpv4() {
        assertThat(MacAddress.format(MacAddress.fromIpv4(Ipv4.parse("10.10.10.3")))).isEqualTo("02:42:0a:0a:0a:03");
        assertThat(MacAddress.format(MacAddress.fromIpv4(Ipv4.parse("192.168.255.254"))))
                .isEqualTo("02:42:c0:a8:ff:fe");
    }

    @Test
    void tellsMulticastFromUnicast() {
        assertThat(MacAddress.isMulticast(MacAddress.parse("01:00:5e:00:00:01"))).isTrue();
        assertThat(MacAddress.isMulticast(MacAddress.parse("ff:ff:ff:ff:ff:ff"))).isTrue();
        assertThat(MacAddress.isMulticast(MacAddress.parse("02:42:0a:0a:0a:03"))).isFalse();
    }

    @Test
    void rejectsMalformedText() {
        for (String text : new String[] {"02:42:0a:0a:0a", "02:42:0a:0a:0a:0g", "02:42-0a:0a:0a:03", "0242.0a0a.0a03",
                "02:42:0a:0a:0a:03:00"}) {
            assertThatThrownBy(() -> MacAddress.parse(text)).as(text).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + text + "' is not a MAC address");
        }
    }
}
