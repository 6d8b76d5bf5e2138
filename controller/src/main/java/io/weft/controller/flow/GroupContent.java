package io.weft.controller.flow;

/**
 * What a group does, as one comparable value: a digest of its type and buckets as the switch encodes them, so that the
 * group a switch reports and the group the controller means compare equal exactly when they are the same.
 */
public record GroupContent(long digest) {
    @Override
    public String toString() {
        return String.format("%016x", digest);
    }
}
