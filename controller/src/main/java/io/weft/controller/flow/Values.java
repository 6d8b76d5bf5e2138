package io.weft.controller.flow;

/** Parsing and formatting of MAC and IPv4 values held as primitive numbers (no allocation on hot paths). */
public final class Values {
    private Values() {
    }

    public static long parseMac(String text) {
        String[] parts = text.split(":");
        if (parts.length != 6) {
            throw new IllegalArgumentException("not a MAC address: " + text);
        }
        long mac = 0;
        for (String p : parts) {
            if (p.length() != 2) {
                throw new IllegalArgumentException("not a MAC address: " + text);
            }
            mac = (mac << 8) | Integer.parseInt(p, 16);
        }
        return mac;
    }

    public static String formatMac(long mac) {
        StringBuilder sb = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8) {
            int b = (int) ((mac >>> shift) & 0xff);
            sb.append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xf, 16));
            if (shift > 0) {
                sb.append(':');
            }
        }
        return sb.toString();
    }

    public static int parseIpv4(String text) {
        String[] parts = text.split("\\.");
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        int ip = 0;
        for (String p : parts) {
            int octet;
            try {
                octet = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an IPv4 address: " + text, e);
            }
            if (octet < 0 || octet > 255 || p.isEmpty() || p.length() > 3) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            ip = (ip << 8) | octet;
        }
        return ip;
    }

    public static String formatIpv4(int ip) {
        return ((ip >>> 24) & 0xff) + "." + ((ip >>> 16) & 0xff) + "." + ((ip >>> 8) & 0xff) + "." + (ip & 0xff);
    }
}
