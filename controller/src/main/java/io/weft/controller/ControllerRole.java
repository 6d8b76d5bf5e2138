package io.weft.controller;

/**
 * A controller's role on a switch (OpenFlow 1.3 section 6.3.7). With several controllers connected, at most one is
 * {@code MASTER}; a switch refuses a {@code SLAVE}'s flow-mods, and turns the old master into a slave when another
 * claims {@code MASTER}. Claims carry a generation id: a switch refuses one older than the newest it has seen
 * ({@code ROLE_REQUEST_FAILED/STALE}), which is how a deposed leader that still runs is kept off.
 */
public enum ControllerRole {
    /** Every controller's role until it asks for another: full access, no fencing. */
    EQUAL,
    MASTER,
    SLAVE
}
