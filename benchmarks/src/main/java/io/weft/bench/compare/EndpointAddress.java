package io.weft.bench.compare;

import java.util.Locale;

/**
 * The MAC and IP of endpoint {@code index} in network {@code network}, the same for both systems:
 * network {@code n} is 10.(100+n).0.0/16 and the addresses start at .0.2.
 */
record EndpointAddress(String mac, String ip) {
    static final int PREFIX_LENGTH = 16;

    static EndpointAddress of(int network, int index) {
        String mac = String.format(Locale.ROOT, "0a:00:%02x:%02x:%02x:%02x", (index >>> 24) & 0xff,
                (index >>> 16) & 0xff, (index >>> 8) & 0xff, index & 0xff);
        int k = index + 2;
        return new EndpointAddress(mac, "10." + (100 + network) + "." + ((k >>> 8) & 0xff) + "." + (k & 0xff));
    }

    static String subnet(int network) {
        return "10." + (100 + network) + ".0.0/" + PREFIX_LENGTH;
    }
}
