package io.weft.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** monitorBest falls back to plain monitor only for a server that does not know monitor_cond. */
class OvsdbExceptionTest {
    @Test
    void unknownMethodIsRecognisedEvenWhenWrappedByAFuture() {
        OvsdbException unknown = new OvsdbException("unknown method", null);
        assertThat(OvsdbException.isUnknownMethod(unknown)).isTrue();
        assertThat(OvsdbException.isUnknownMethod(new CompletionException(unknown))).isTrue();
        assertThat(OvsdbException.isUnknownMethod(new OvsdbException("syntax error", "bad where"))).isFalse();
        assertThat(OvsdbException.isUnknownMethod(new OvsdbDisconnectedException("x"))).isFalse();
    }
}
