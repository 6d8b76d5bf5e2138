package main

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// netConf is this plugin's entry of a network configuration list, as the runtime hands it over.
type netConf struct {
	CNIVersion string `json:"cniVersion"`
	// Name is the CNI network's name (the runtime's), Type must be "weft".
	Name string `json:"name"`
	Type string `json:"type"`
	// Network is the Weft network to join; the CNI network's name if empty.
	Network string `json:"network"`
	// Controller is the REST API's base URL, e.g. https://10.0.0.1:8080.
	Controller string `json:"controller"`
	// TokenFile holds this host's API token (scope host:NAME), as `weft host add` writes it.
	TokenFile string `json:"tokenFile"`
	// CA is the controller's CA certificate (PEM), for an https controller.
	CA string `json:"ca"`
	// Host is this host's name in Weft; the local OVS's external_ids:system-id if empty.
	Host string `json:"host"`
	// OVSDB is the local database, unix:PATH or tcp:HOST:PORT.
	OVSDB string `json:"ovsdb"`
	// InstallTimeout is how long ADD waits for the endpoint to be installed, in seconds.
	InstallTimeout float64 `json:"installTimeout"`
	// DefaultRoute false leaves the default route to another network of the container (one with a way out,
	// podman's own bridge say) and routes only the subnets of the networks on this network's router through its
	// gateway, as the Docker plugin does. true (the default) routes everything through the gateway.
	DefaultRoute *bool `json:"defaultRoute"`

	ValidAttachments []attachment `json:"cni.dev/valid-attachments"`
	// The 1.1.0 specification text's name for the same list; libcni 1.2 sends the other.
	Attachments []attachment    `json:"cni.dev/attachments"`
	PrevResult  json.RawMessage `json:"prevResult"`
}

type attachment struct {
	ContainerID string `json:"containerID"`
	IfName      string `json:"ifname"`
}

const (
	bridge              = "br-int"
	defaultTokenFile    = "/etc/openvswitch/weft-token"
	defaultCA           = "/etc/openvswitch/weft-cacert.pem"
	defaultOVSDB        = "unix:/var/run/openvswitch/db.sock"
	defaultInstallAfter = 10 * time.Second
)

// The same names the controller accepts for networks (a CNI network name is of the same alphabet).
var namePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`)

func parseConf(input []byte) (*netConf, error) {
	var c netConf
	if err := json.Unmarshal(input, &c); err != nil {
		return nil, &cniError{Code: errDecode, Msg: "the network configuration is not valid JSON", Details: err.Error()}
	}
	if !supported(c.CNIVersion) {
		return nil, &cniError{Code: errIncompatibleVersion, Msg: fmt.Sprintf(
			"cniVersion %q is not supported (supported: %s)", c.CNIVersion, strings.Join(supportedVersions, ", "))}
	}
	if c.Type != "" && c.Type != "weft" {
		return nil, &cniError{Code: errInvalidConfig, Msg: fmt.Sprintf("type %q is not this plugin's (weft)", c.Type)}
	}
	if !namePattern.MatchString(c.Name) {
		return nil, &cniError{Code: errInvalidConfig, Msg: fmt.Sprintf("network name %q is not a valid name", c.Name)}
	}
	if c.Network == "" {
		c.Network = c.Name
	}
	if !namePattern.MatchString(c.Network) {
		return nil, &cniError{Code: errInvalidConfig, Msg: fmt.Sprintf("\"network\" %q is not a valid Weft network name", c.Network)}
	}
	if c.Controller == "" {
		return nil, &cniError{Code: errInvalidConfig, Msg: "\"controller\" is required (the REST API's URL, e.g. https://10.0.0.1:8080)"}
	}
	if !strings.HasPrefix(c.Controller, "https://") && !strings.HasPrefix(c.Controller, "http://") {
		return nil, &cniError{Code: errInvalidConfig, Msg: fmt.Sprintf("\"controller\" %q must be an http(s):// URL", c.Controller)}
	}
	c.Controller = strings.TrimRight(c.Controller, "/")
	if c.TokenFile == "" {
		c.TokenFile = defaultTokenFile
	}
	if c.CA == "" {
		c.CA = defaultCA
	}
	if c.OVSDB == "" {
		c.OVSDB = defaultOVSDB
	}
	if !strings.HasPrefix(c.OVSDB, "unix:") && !strings.HasPrefix(c.OVSDB, "tcp:") && !strings.HasPrefix(c.OVSDB, "ssl:") {
		return nil, &cniError{Code: errInvalidConfig, Msg: fmt.Sprintf("\"ovsdb\" %q must be unix:PATH, tcp:HOST:PORT or ssl:HOST:PORT", c.OVSDB)}
	}
	if c.InstallTimeout < 0 || c.InstallTimeout > 600 {
		return nil, &cniError{Code: errInvalidConfig, Msg: "\"installTimeout\" must be between 0 and 600 seconds"}
	}
	return &c, nil
}

func (c *netConf) defaultRoute() bool {
	return c.DefaultRoute == nil || *c.DefaultRoute
}

func (c *netConf) installTimeout() time.Duration {
	if c.InstallTimeout == 0 {
		return defaultInstallAfter
	}
	return time.Duration(c.InstallTimeout * float64(time.Second))
}

// validAttachments is GC's list under either key.
func (c *netConf) validAttachments() []attachment {
	return append(append([]attachment{}, c.ValidAttachments...), c.Attachments...)
}

// parseArgs reads CNI_ARGS, "K=V;K2=V2".
func parseArgs(s string) map[string]string {
	out := map[string]string{}
	for _, kv := range strings.Split(s, ";") {
		if i := strings.IndexByte(kv, '='); i > 0 {
			out[kv[:i]] = kv[i+1:]
		}
	}
	return out
}
