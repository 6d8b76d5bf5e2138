package io.weft.controller.loxi;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CorruptedFrameException;
import io.weft.controller.flow.Cookie;
import io.weft.controller.flow.InstalledFlow;
import io.weft.controller.flow.Priority;
import io.weft.controller.flow.TableId;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the identity of each entry of an OpenFlow 1.3/1.4 flow-stats reply (with the digest of what the flow does)
 * or group-desc reply (its id, with the digest of its type and buckets).
 */
final class StatsReplies {
    private static final int MULTIPART_HEADER = 16;
    private static final int REPLY_MORE = 1;

    private StatsReplies() {
    }

    static StatsReply parse(ByteBuf msg, int mpType) {
        long xid = msg.getUnsignedInt(4);
        boolean more = (msg.getUnsignedShort(10) & REPLY_MORE) != 0;
        List<Object> entries = new ArrayList<>();
        int offset = MULTIPART_HEADER;
        int end = msg.readableBytes();
        while (offset < end) {
            if (end - offset < 8) {
                throw new CorruptedFrameException("truncated multipart entry");
            }
            int entryLength = msg.getUnsignedShort(offset);
            if (entryLength < 8 || offset + entryLength > end) {
                throw new CorruptedFrameException("bad multipart entry length " + entryLength);
            }
            if (mpType == 1) {
                if (entryLength < 56) {
                    throw new CorruptedFrameException("flow stats entry too short: " + entryLength);
                }
                entries.add(new InstalledFlow(new TableId(msg.getUnsignedByte(offset + 2)),
                        Priority.of(msg.getUnsignedShort(offset + 12)), Cookie.of(msg.getLong(offset + 24)),
                        FlowContents.ofStatsEntry(msg, offset, entryLength)));
            } else {
                entries.add(java.util.Map.entry((int) msg.getUnsignedInt(offset + 4),
                        FlowContents.ofGroupDescEntry(msg, offset, entryLength)));
            }
            offset += entryLength;
        }
        return new StatsReply(xid, more, entries);
    }
}
