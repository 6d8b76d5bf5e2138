package io.weft.controller.flow;

import java.util.List;
import java.util.Objects;

/**
 * A flow's OpenFlow 1.3 instructions, in the only order the spec allows: apply-actions, then
 * write-metadata, then goto-table. Absent parts are null/empty; no actions and no goto means drop.
 */
public record Instructions(List<Action> applyActions, Long metadataValue, Long metadataMask, TableId gotoTable) {
    public static final Instructions DROP = new Instructions(List.of(), null, null, null);

    public Instructions {
        applyActions = List.copyOf(applyActions);
        if ((metadataValue == null) != (metadataMask == null)) {
            throw new IllegalArgumentException("write_metadata needs both value and mask");
        }
        if (metadataValue != null && (metadataValue & ~metadataMask) != 0) {
            throw new IllegalArgumentException("write_metadata value has bits outside its mask");
        }
    }

    public static Instructions apply(Action... actions) {
        return new Instructions(List.of(actions), null, null, null);
    }

    public static Instructions apply(List<Action> actions) {
        return new Instructions(actions, null, null, null);
    }

    public static Instructions gotoTable(TableId table) {
        return new Instructions(List.of(), null, null, Objects.requireNonNull(table));
    }

    public Instructions thenWriteMetadata(long value, long mask) {
        return new Instructions(applyActions, value, mask, gotoTable);
    }

    public Instructions thenGoto(TableId table) {
        return new Instructions(applyActions, metadataValue, metadataMask, Objects.requireNonNull(table));
    }

    public boolean writesMetadata() {
        return metadataValue != null;
    }

    public boolean isDrop() {
        return applyActions.isEmpty() && metadataValue == null && gotoTable == null;
    }
}
