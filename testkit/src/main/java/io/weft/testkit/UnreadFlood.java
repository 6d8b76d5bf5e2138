package io.weft.testkit;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A peer that sends requests and never reads the replies, as the flood tests of both southbounds play it: it writes
 * one message after another until the other side closes the connection, or it has written {@code maxMessages}.
 *
 * @param sent   bytes written before the connection was closed (or in all)
 * @param closed what the write that found the connection closed threw; null if it never was
 */
public record UnreadFlood(long sent, IOException closed) {

    public static UnreadFlood run(OutputStream out, byte[] message, int maxMessages) {
        long sent = 0;
        for (int i = 0; i < maxMessages; i++) {
            try {
                out.write(message);
                sent += message.length;
            } catch (IOException e) {
                return new UnreadFlood(sent, e);
            }
        }
        return new UnreadFlood(sent, null);
    }
}
