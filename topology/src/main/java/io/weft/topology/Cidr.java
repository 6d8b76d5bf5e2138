package io.weft.topology;

/**
 * An IPv4 prefix such as {@code 10.10.10.0/24}. Always canonical: host bits of {@link #networkAddress} are zero,
 * so two equal prefixes are equal records.
 */
public record Cidr(int networkAddress, int prefixLength) {

    public Cidr {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is outside 0..32");
        }
        int canonical = networkAddress & mask(prefixLength);
        if (canonical != networkAddress) {
            throw new IllegalArgumentException(Ipv4.format(networkAddress) + "/" + prefixLength
                    + " has host bits set; the network address is " + Ipv4.format(canonical) + "/" + prefixLength);
        }
    }

    /**
     * Parses {@code a.b.c.d/n}.
     *
     * @throws IllegalArgumentException if the text is malformed or has host bits set
     */
    public static Cidr parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("a CIDR prefix such as 10.10.10.0/24 is required");
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw notCidr(text, "expected address/length");
        }
        String length = text.substring(slash + 1);
        boolean digitsOnly = !length.isEmpty() && length.length() <= 2
                && length.chars().allMatch(c -> c >= '0' && c <= '9');
        if (!digitsOnly || (length.length() > 1 && length.charAt(0) == '0') || Integer.parseInt(length) > 32) {
            throw notCidr(text, "prefix length '" + length + "' is not a number in 0..32");
        }
        int address;
        try {
            address = Ipv4.parse(text.substring(0, slash));
        } catch (IllegalArgumentException e) {
            throw notCidr(text, e.getMessage());
        }
        return new Cidr(address, Integer.parseInt(length));
    }

    private static IllegalArgumentException notCidr(String text, String reason) {
        return new IllegalArgumentException("'" + text + "' is not a CIDR prefix: " + reason);
    }

    private static int mask(int prefixLength) {
        // Shifting an int by 32 is a no-op in Java, so /0 needs its own case.
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    public int mask() {
        return mask(prefixLength);
    }

    /** Number of addresses in the prefix, including the network and broadcast addresses. */
    public long size() {
        return 1L << (32 - prefixLength);
    }

    public int broadcastAddress() {
        return networkAddress | ~mask();
    }

    public boolean contains(int address) {
        return (address & mask()) == networkAddress;
    }

    public boolean overlaps(Cidr other) {
        int shorter = Math.min(prefixLength, other.prefixLength);
        return ((networkAddress ^ other.networkAddress) & mask(shorter)) == 0;
    }

    @Override
    public String toString() {
        return Ipv4.format(networkAddress) + "/" + prefixLength;
    }
}
