package io.weft.controller.flow;

/** One field of a match: {@code field = value} under {@code mask} (all ones for an exact match). */
public record FieldMatch(Field field, long value, long mask) {
    public FieldMatch {
        if ((value & ~field.fullMask()) != 0 || (mask & ~field.fullMask()) != 0) {
            throw new IllegalArgumentException(field.ofctlName() + " value/mask wider than " + field.bits() + " bits");
        }
        if (mask == 0) {
            throw new IllegalArgumentException(field.ofctlName() + " with an all-zero mask matches anything: leave it out");
        }
        if ((value & ~mask) != 0) {
            throw new IllegalArgumentException(field.ofctlName() + " value has bits outside its mask");
        }
    }

    public boolean isExact() {
        return mask == field.fullMask();
    }
}
