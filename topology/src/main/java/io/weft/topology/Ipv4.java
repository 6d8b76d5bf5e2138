package io.weft.topology;

/**
 * IPv4 addresses as plain {@code int}s (big-endian: the first octet is the top byte). Parsed by hand because the
 * domain must not touch {@code java.net}, whose {@code InetAddress} may also resolve names.
 */
public final class Ipv4 {
    private Ipv4() {
    }

    /**
     * Parses strict dotted-quad text such as {@code 10.10.10.3}: exactly four decimal octets 0..255, no leading
     * zeros (which some tools read as octal), no spaces.
     *
     * @throws IllegalArgumentException with a message naming the text and what is wrong with it
     */
    public static int parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("an IPv4 address is required");
        }
        String[] octets = text.split("\\.", -1);
        if (octets.length != 4) {
            throw malformed(text, "expected four dot-separated decimal octets");
        }
        int address = 0;
        for (String octet : octets) {
            address = (address << 8) | parseOctet(text, octet);
        }
        return address;
    }

    private static int parseOctet(String text, String octet) {
        if (octet.isEmpty() || octet.length() > 3) {
            throw malformed(text, "octet '" + octet + "' must have 1 to 3 decimal digits");
        }
        for (int i = 0; i < octet.length(); i++) {
            char c = octet.charAt(i);
            if (c < '0' || c > '9') {
                throw malformed(text, "octet '" + octet + "' is not a decimal number");
            }
        }
        if (octet.length() > 1 && octet.charAt(0) == '0') {
            throw malformed(text, "octet '" + octet + "' has a leading zero");
        }
        int value = Integer.parseInt(octet);
        if (value > 255) {
            throw malformed(text, "octet " + value + " is greater than 255");
        }
        return value;
    }

    private static IllegalArgumentException malformed(String text, String reason) {
        return new IllegalArgumentException("'" + text + "' is not an IPv4 address: " + reason);
    }

    /** Dotted-quad text of {@code address}, e.g. {@code 10.10.10.3}. */
    public static String format(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "."
                + (address & 0xff);
    }
}
