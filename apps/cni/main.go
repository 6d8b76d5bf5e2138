// Command weft is Weft's CNI plugin: it puts a container on a Weft network (podman, containerd, Kubernetes).
//
// One short process per call, no daemon, no JVM: the endpoint (address, MAC) comes from the controller's REST API
// with this host's token, the veth and the OVS port are made locally, and ADD returns once the controller has marked
// the port installed in the local OVSDB (every host that needs the endpoint's flows has confirmed them).
// docs/cni.md describes configuration, behaviour and tests.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
)

// What a call needs besides its configuration: the CNI environment, and where to write.
type call struct {
	command     string
	containerID string
	netns       string
	ifname      string
	args        map[string]string
	stdout      io.Writer
	stderr      io.Writer
}

func main() {
	os.Exit(run(os.Getenv, os.Stdin, os.Stdout, os.Stderr))
}

// run is main without the process: the exit status it returns is what the runtime sees.
func run(getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	input, err := io.ReadAll(io.LimitReader(stdin, 1<<20))
	if err != nil {
		return fail(stdout, "", &cniError{Code: errIO, Msg: "cannot read the network configuration", Details: err.Error()})
	}
	c := call{command: getenv("CNI_COMMAND"), containerID: getenv("CNI_CONTAINERID"), netns: getenv("CNI_NETNS"),
		ifname: getenv("CNI_IFNAME"), args: parseArgs(getenv("CNI_ARGS")), stdout: stdout, stderr: stderr}
	if c.command == "VERSION" {
		return version(input, stdout)
	}
	conf, err := parseConf(input)
	if err != nil {
		return fail(stdout, requestedVersion(input), err)
	}
	switch c.command {
	case "ADD":
		err = add(conf, c)
	case "DEL":
		err = del(conf, c)
	case "CHECK":
		err = check(conf, c)
	case "STATUS":
		err = status(conf)
	case "GC":
		err = gc(conf, c)
	default:
		err = &cniError{Code: errInvalidEnv, Msg: "CNI_COMMAND must be ADD, DEL, CHECK, STATUS, GC or VERSION",
			Details: fmt.Sprintf("CNI_COMMAND=%q", c.command)}
	}
	if err != nil {
		return fail(stdout, conf.CNIVersion, err)
	}
	return 0
}

// fail writes the CNI error object to stdout, where runtimes read it, and returns the exit status.
func fail(stdout io.Writer, cniVersion string, err error) int {
	e, ok := err.(*cniError)
	if !ok {
		e = &cniError{Code: errPlugin, Msg: err.Error()}
	}
	if cniVersion == "" {
		cniVersion = latestVersion
	}
	out, _ := json.Marshal(struct {
		CNIVersion string `json:"cniVersion"`
		Code       int    `json:"code"`
		Msg        string `json:"msg"`
		Details    string `json:"details,omitempty"`
	}{cniVersion, e.Code, e.Msg, e.Details})
	fmt.Fprintln(stdout, string(out))
	return 1
}
