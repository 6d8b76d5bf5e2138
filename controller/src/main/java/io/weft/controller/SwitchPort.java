package io.weft.controller;

/** A port as the switch described it in its port description. */
public record SwitchPort(long number, String name, long hwAddress, boolean linkDown) {
}
