package io.weft.controller.loxi;

import java.lang.reflect.Method;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;

/** Reads the code of a Loxi error message; each error type is its own class with its own code enum. */
final class ErrorCodes {
    private ErrorCodes() {
    }

    static String codeOf(OFErrorMsg err) {
        try {
            Method getCode = err.getClass().getMethod("getCode");
            return String.valueOf(getCode.invoke(err));
        } catch (ReflectiveOperationException e) {
            return "UNKNOWN";
        }
    }
}
