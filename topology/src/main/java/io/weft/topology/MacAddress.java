package io.weft.topology;


/** 48-bit Ethernet addresses as the low bits of a {@code long}. */
public final class MacAddress {
    /** Docker's locally administered prefix; the four IPv4 octets follow it. */
    private static final long DOCKER_PREFIX = 0x0242L << 32;

    private MacAddress() {
    }

    /**
     * Parses six two-digit hex groups separated by {@code :} (or {@code -}), in either case.
     *
     * @throws IllegalArgumentException if the text is not a MAC address
     */
    public static long parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("a MAC address is required");
        }
        if (text.length() != 17) {
            throw malformed(text);
        }
        char separator = text.charAt(2);
        if (separator != ':' && separator != '-') {
            throw malformed(text);
        }
        long mac = 0;
        for (int group = 0; group < 6; group++) {
            int at = group * 3;
            if (group > 0 && text.charAt(at - 1) != separator) {
                throw malformed(text);
            }
            int high = Character.digit(text.charAt(at), 16);
            int low = Character.digit(text.charAt(at + 1), 16);
            if (high < 0 || low < 0) {
                throw malformed(text);
            }
            mac = (mac << 8) | (high << 4) | low;
        }
        return mac;
    }

    private static IllegalArgumentException malformed(String text) {
        return new IllegalArgumentException(
                "'" + text + "' is not a MAC address: expected six hex pairs such as 02:42:0a:0a:0a:03");
    }

    /** Lower-case, colon-separated text, e.g. {@code 02:42:0a:0a:0a:03}. */
    public static String format(long mac) {
        StringBuilder text = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8) {
            if (shift != 40) {
                text.append(':');
            }
            // Not String.format: this runs for every endpoint written or shown, and the formatter was 2% of a REST create.
            int octet = (int) ((mac >>> shift) & 0xff);
            text.append(Character.forDigit(octet >>> 4, 16)).append(Character.forDigit(octet & 0xf, 16));
        }
        return text.toString();
    }

    /** The MAC Docker gives a container: {@code 02:42} followed by its IPv4 octets. */
    public static long fromIpv4(int address) {
        return DOCKER_PREFIX | (address & 0xffff_ffffL);
    }

    /** True for group (multicast and broadcast) addresses: the low bit of the first octet. */
    public static boolean isMulticast(long mac) {
        return ((mac >>> 40) & 1) == 1;
    }
}
