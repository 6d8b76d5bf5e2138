package io.weft.controller.flow;

/** An OpenFlow flow priority, 0..65535 (OVS's default for ovs-ofctl is 32768). */
public record Priority(int value) implements Comparable<Priority> {
    public Priority {
        if (value < 0 || value > 0xffff) {
            throw new IllegalArgumentException("priority out of range 0..65535: " + value);
        }
    }

    public static Priority of(int value) {
        return new Priority(value);
    }

    @Override
    public int compareTo(Priority o) {
        return Integer.compare(value, o.value);
    }

    @Override
    public String toString() {
        return Integer.toString(value);
    }
}
