package io.weft.controller.flow;

/** How a field's value is written in ovs-ofctl syntax. */
enum FieldKind {
    DECIMAL, HEX, MAC, IPV4, PORT
}
