package io.weft.apps.overlay;

import io.weft.controller.flow.CanonicalFlowText;
import io.weft.controller.flow.Cookie;
import io.weft.controller.flow.CookieMask;
import io.weft.controller.flow.FlowSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Weft's cookie layout: {@code 0x57} ('W', owner) in the top byte, the table in the next, and a
 * 48-bit hash of the flow's whole content (table, priority, match, instructions; {@link CanonicalFlowText}, never the
 * display text) below. So a cookie
 * names one exact flow: after a reconnect, reading back the installed cookies is enough to know which
 * flows are already right (no need to parse actions Loxi cannot read), and flows with another owner
 * byte are never touched.
 */
public final class OverlayCookie {
    public static final long OWNER = 0x57L << 56;
    public static final long OWNER_MASK = 0xffL << 56;
    /** Selects every flow Weft installed, and nothing else. */
    public static final CookieMask ALL_WEFT = new CookieMask(OWNER, OWNER_MASK);

    private OverlayCookie() {
    }

    /** The spec with its content cookie set. */
    public static FlowSpec stamp(FlowSpec unstamped) {
        long hash = hash48(CanonicalFlowText.of(unstamped));
        long cookie = OWNER | ((long) unstamped.table().value() << 48) | hash;
        return new FlowSpec(unstamped.table(), unstamped.priority(), unstamped.match(), Cookie.of(cookie),
                unstamped.instructions());
    }

    public static boolean isWeft(Cookie c) {
        return (c.value() & OWNER_MASK) == OWNER;
    }

    private static long hash48(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            long h = 0;
            for (int i = 0; i < 6; i++) {
                h = (h << 8) | (d[i] & 0xff);
            }
            return h;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }
}
