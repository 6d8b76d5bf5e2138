package main

import (
	"encoding/json"
	"fmt"
	"io"
)

const latestVersion = "1.1.0"

// The spec versions whose configuration and result this plugin speaks; podman 4.3 and containerd 1.6 stop at 1.0.0.
var supportedVersions = []string{"0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"}

func supported(v string) bool {
	for _, s := range supportedVersions {
		if s == v {
			return true
		}
	}
	return false
}

// requestedVersion is the configuration's cniVersion if it can be read at all, for error objects.
func requestedVersion(input []byte) string {
	var probe struct {
		CNIVersion string `json:"cniVersion"`
	}
	if json.Unmarshal(input, &probe) == nil && supported(probe.CNIVersion) {
		return probe.CNIVersion
	}
	return ""
}

// version answers VERSION with no file or network access: runtimes call it for every network on every command,
// with nothing but {"cniVersion": ...} on stdin (or, from old runtimes, nothing at all).
func version(input []byte, stdout io.Writer) int {
	v := requestedVersion(input)
	if v == "" {
		v = latestVersion
	}
	out, _ := json.Marshal(struct {
		CNIVersion        string   `json:"cniVersion"`
		SupportedVersions []string `json:"supportedVersions"`
	}{v, supportedVersions})
	fmt.Fprintln(stdout, string(out))
	return 0
}
