package io.weft.apps.rest;

import io.weft.topology.Host;
import io.weft.topology.TopologyException;

/**
 * What a bearer token may do. {@code admin}: everything. {@code read}: every GET. {@code host:NAME}: every GET, and
 * what that host's container runtime (the Docker plugin) asks for: creating and deleting endpoints on host NAME only,
 * creating a network, and deleting one once it is empty ({@code ?when=empty}, as {@code docker network rm} does). It
 * cannot touch another host's endpoints, delete a network in use, admit or remove hosts, or manage tokens.
 */
public sealed interface ApiScope {

    Admin ADMIN = new Admin();
    Read READ = new Read();

    /** The scope's text, as {@link #parse} reads it. */
    String text();

    record Admin() implements ApiScope {
        @Override
        public String text() {
            return "admin";
        }
    }

    record Read() implements ApiScope {
        @Override
        public String text() {
            return "read";
        }
    }

    record OfHost(String host) implements ApiScope {
        @Override
        public String text() {
            return "host:" + host;
        }
    }

    /** {@code admin}, {@code read} or {@code host:NAME}; anything else is refused with the reason. */
    static ApiScope parse(String text) {
        if (text == null) {
            throw TopologyException.invalid("a token needs a scope: admin, read or host:NAME");
        }
        if (text.equals("admin")) {
            return ADMIN;
        }
        if (text.equals("read")) {
            return READ;
        }
        if (text.startsWith("host:")) {
            String host = text.substring("host:".length());
            Host.named(host); // the host-name rules, as a 400
            return new OfHost(host);
        }
        throw TopologyException.invalid("unknown scope '" + text + "': expected admin, read or host:NAME");
    }
}
