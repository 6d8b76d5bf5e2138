package io.weft.apps.launcher;

import io.weft.apps.provisioning.HostProvisioner;
import io.weft.apps.rest.HostAdmission;
import io.weft.apps.security.CertificateAuthority;
import io.weft.apps.security.IssuedCertificate;
import io.weft.controller.DatapathId;
import io.weft.controller.SwitchHandle;
import io.weft.controller.SwitchRegistry;
import io.weft.topology.Host;
import io.weft.topology.Topology;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admission and removal of hosts for the REST API. With a CA (TLS mode) admission issues the host's certificate and
 * records its fingerprint; without one there is nothing to admit. Removal, in both modes, forgets the host and closes
 * its OVSDB and OpenFlow sessions; with TLS its certificate then admits no one.
 */
final class HostAdmissions implements HostAdmission {
    private static final Logger LOG = LoggerFactory.getLogger(HostAdmissions.class);

    private final Topology topology;
    private final HostProvisioner provisioner;
    private final SwitchRegistry switches;
    private final Optional<CertificateAuthority> ca;

    HostAdmissions(Topology topology, HostProvisioner provisioner, SwitchRegistry switches,
                   Optional<CertificateAuthority> ca) {
        this.topology = topology;
        this.provisioner = provisioner;
        this.switches = switches;
        this.ca = ca;
    }

    @Override
    public AdmittedHost admit(String name) {
        if (ca.isEmpty()) {
            return HostAdmission.withoutTls(topology).admit(name);
        }
        IssuedCertificate certificate = ca.get().issue(name, CertificateAuthority.HOST_VALIDITY);
        Optional<Host> before = topology.host(name);
        Host host = topology.updateHost(name, h -> h.withCertificate(Optional.of(certificate.fingerprint())));
        if (before.flatMap(Host::certificate).isPresent()) {
            LOG.info("host={} admitted again: a new certificate replaces the old one, whose sessions are closed", name);
            closeSessions(before.get());
        } else {
            LOG.info("host={} admitted", name);
        }
        return new AdmittedHost(host, certificate.certificatePem(), certificate.privateKeyPem(),
                ca.get().certificatePem());
    }

    @Override
    public Optional<Host> remove(String name) {
        Optional<Host> removed = topology.removeHost(name);
        removed.ifPresent(host -> {
            LOG.info("host={} removed{}", name, ca.isPresent() ? ": its certificate admits no one now" : "");
            closeSessions(host);
        });
        return removed;
    }

    private void closeSessions(Host host) {
        provisioner.disconnect(host.name());
        host.datapathId().map(DatapathId::parse).flatMap(switches::get).ifPresent(SwitchHandle::disconnect);
    }
}
