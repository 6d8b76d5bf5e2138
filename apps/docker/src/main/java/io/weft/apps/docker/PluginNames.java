package io.weft.apps.docker;

/** Names Docker and the plugin share. */
final class PluginNames {
    /** The driver name users pass as {@code -d weft} and {@code --ipam-driver weft}: the socket's base name. */
    static final String DRIVER = "weft";
    /**
     * Set on the Docker networks the plugin creates to mirror a Weft network, as a driver option and an IPAM
     * option, so that CreateNetwork and RequestPool know which Weft network they stand for.
     */
    static final String NETWORK_OPTION = "io.weft.network";
    /** Where Docker puts {@code -o key=value} driver options in CreateNetwork. */
    static final String GENERIC_OPTIONS = "com.docker.network.generic";
    /** RequestAddress option that marks the gateway request, and the RequestPool data key for it. */
    static final String GATEWAY_REQUEST = "com.docker.network.gateway";
    /** Set on the OVS interface with the Docker endpoint ID, so an operator can tell which container it serves. */
    static final String OVS_ENDPOINT_KEY = "weft-docker-endpoint";

    private PluginNames() {
    }
}
