package io.weft.controller;

/** The switch rejected a message with an OpenFlow error; the message says which op and why. */
public class OpenFlowErrorException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String errorType;
    private final String errorCode;

    public OpenFlowErrorException(DatapathId dpid, String errorType, String errorCode, String failedOp) {
        super("dpid=" + dpid + " rejected " + failedOp + ": " + errorType + "/" + errorCode);
        this.errorType = errorType;
        this.errorCode = errorCode;
    }

    /** e.g. {@code BAD_ACTION}. */
    public String errorType() {
        return errorType;
    }

    /** e.g. {@code BAD_OUT_GROUP}. */
    public String errorCode() {
        return errorCode;
    }
}
