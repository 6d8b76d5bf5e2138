package io.weft.topology;

/** Why a topology operation was refused; the REST layer maps these to 400, 404 and 409. */
public enum ErrorKind {
    /** The request itself is malformed or breaks a rule (bad CIDR, address outside the subnet, unknown host). */
    INVALID,
    /** The network or endpoint the request names does not exist. */
    NOT_FOUND,
    /** The request is valid but clashes with existing state (duplicate name, address, MAC or VNI; non-empty network). */
    CONFLICT
}
