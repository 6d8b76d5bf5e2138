package io.weft.apps.rest;

/** The answer to an admission: the host and the PEM files its Open vSwitch needs ({@code ovs-vsctl set-ssl}). */
record AdmittedHostView(HostView host, String certificate, String privateKey, String caCertificate) {

    static AdmittedHostView of(HostAdmission.AdmittedHost admitted) {
        return new AdmittedHostView(HostView.of(admitted.host()), admitted.certificate(), admitted.privateKey(),
                admitted.caCertificate());
    }
}
