package io.weft.controller.loxi;

import java.lang.reflect.Method;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;

/** Reads the code of a Loxi error message; each error type is its own class with its own code enum. */
final class ErrorCodes {
    private ErrorCodes() {
    }

    static String codeOf(OFErrorMsg err) {
        // The implementation classes are package-private; call getCode through the public interface.
        for (Class<?> type : err.getClass().getInterfaces()) {
            try {
                Method getCode = type.getMethod("getCode");
                return String.valueOf(getCode.invoke(err));
            } catch (ReflectiveOperationException e) {
                // not this interface; try the next
            }
        }
        return "UNKNOWN";
    }
}
