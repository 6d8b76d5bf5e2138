package io.weft.controller.flow;

import java.util.Objects;

/**
 * One flow as Weft wants it on a switch. Two specs with the same {@link #key()} are the same flow to
 * OpenFlow (an ADD of one replaces the other); the cookie and instructions are its content.
 */
public record FlowSpec(TableId table, Priority priority, Match match, Cookie cookie, Instructions instructions) {
    public FlowSpec {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(cookie, "cookie");
        Objects.requireNonNull(instructions, "instructions");
        if (table.equals(TableId.ALL)) {
            throw new IllegalArgumentException("a flow cannot live in table ALL (255)");
        }
        if (instructions.gotoTable() != null && instructions.gotoTable().value() <= table.value()) {
            throw new IllegalArgumentException("goto_table:" + instructions.gotoTable() + " from table " + table
                    + " must go forward");
        }
    }

    public FlowKey key() {
        return new FlowKey(table, priority, match);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String toString() {
        return OfctlFormat.flow(this);
    }

    public static final class Builder {
        private TableId table = TableId.of(0);
        private Priority priority = Priority.of(0x8000);
        private Match match = Match.ALL;
        private Cookie cookie = Cookie.NONE;
        private Instructions instructions = Instructions.DROP;

        public Builder table(TableId t) {
            this.table = t;
            return this;
        }

        public Builder table(int t) {
            return table(TableId.of(t));
        }

        public Builder priority(int p) {
            this.priority = Priority.of(p);
            return this;
        }

        public Builder priority(Priority p) {
            this.priority = p;
            return this;
        }

        public Builder match(Match m) {
            this.match = m;
            return this;
        }

        public Builder cookie(Cookie c) {
            this.cookie = c;
            return this;
        }

        public Builder cookie(long c) {
            return cookie(Cookie.of(c));
        }

        public Builder instructions(Instructions i) {
            this.instructions = i;
            return this;
        }

        public Builder actions(Action... actions) {
            return instructions(Instructions.apply(actions));
        }

        public FlowSpec build() {
            return new FlowSpec(table, priority, match, cookie, instructions);
        }
    }
}
