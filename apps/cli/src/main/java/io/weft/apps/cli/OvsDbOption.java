package io.weft.apps.cli;

import picocli.CommandLine.Option;

/** {@code --ovs-db TARGET}: which Open vSwitch database the host plumbing talks to (ovs-vsctl's {@code --db}). */
public final class OvsDbOption {
    @Option(names = "--ovs-db", paramLabel = "TARGET",
            description = "Local OVSDB, e.g. unix:/var/run/openvswitch/db.sock (default: ovs-vsctl's default).")
    public String target;
}
