package io.weft.apps.rest;

import io.weft.topology.Host;
import io.weft.topology.Topology;
import io.weft.topology.TopologyException;
import java.util.Objects;
import java.util.Optional;

/**
 * Admitting and removing hosts ({@code POST /api/v1/hosts}, {@code DELETE /api/v1/hosts/{host}}). With TLS, a host
 * exists because it was admitted, not because something connected: admission issues the certificate its OVSDB and
 * OpenFlow sessions must present, and removal makes that certificate admit no one and closes the sessions.
 */
public interface HostAdmission {

    /** Admits {@code name} (again, if it was: a new certificate replaces the old one). */
    AdmittedHost admit(String name);

    /** Removes the host; empty if it is unknown. Its endpoints stay, pending with the reason. */
    Optional<Host> remove(String name);

    /** A new admission: the private key is in this answer only, the controller does not keep it. */
    record AdmittedHost(Host host, String certificate, String privateKey, String caCertificate) {
        public AdmittedHost {
            Objects.requireNonNull(host, "host");
        }
    }

    /**
     * Plaintext mode: hosts join without admission, so there is nothing to admit; removing a host forgets it (it
     * comes back if it connects again).
     */
    static HostAdmission withoutTls(Topology topology) {
        return new HostAdmission() {
            @Override
            public AdmittedHost admit(String name) {
                throw TopologyException.conflict("this controller runs without TLS: hosts join without admission"
                        + " (start it with --tls to admit hosts by certificate)");
            }

            @Override
            public Optional<Host> remove(String name) {
                return topology.removeHost(name);
            }
        };
    }
}
