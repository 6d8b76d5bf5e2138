package io.weft.controller.flow;

/** Selects flows whose cookie, masked by {@code mask}, equals {@code cookie & mask}: for deletes by owner or generation. */
public record CookieMask(long cookie, long mask) {
    public static CookieMask exactly(Cookie cookie) {
        return new CookieMask(cookie.value(), -1L);
    }

    public boolean matches(Cookie c) {
        return (c.value() & mask) == (cookie & mask);
    }

    @Override
    public String toString() {
        return "0x" + Long.toHexString(cookie) + "/0x" + Long.toHexString(mask);
    }
}
