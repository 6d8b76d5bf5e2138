package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The tools are found on a fixed path: the runtime hands over its own environment, whose PATH may lack sbin.
var toolDirs = []string{"/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin", "/usr/local/bin"}

func tool(name string) string {
	for _, d := range toolDirs {
		p := d + "/" + name
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p
		}
	}
	return name
}

// runTool runs one command; its error carries the command's own message.
func runTool(ctx context.Context, stdin string, name string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, tool(name), args...)
	cmd.Env = []string{"PATH=" + strings.Join(toolDirs, ":"), "LC_ALL=C"}
	if stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
	}
	var out, errOut bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &errOut
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(errOut.String())
		if msg == "" {
			msg = strings.TrimSpace(out.String())
		}
		return out.String(), fmt.Errorf("%s %s: %v: %s", name, strings.Join(args, " "), err, msg)
	}
	return out.String(), nil
}

// ovsdb is the local Open vSwitch database, through ovs-vsctl.
type ovsdb struct {
	target string
}

func (o ovsdb) vsctl(ctx context.Context, timeout time.Duration, args ...string) (string, error) {
	secs := int(timeout.Seconds())
	if secs < 1 {
		secs = 1
	}
	full := append([]string{"--db=" + o.target, "--timeout=" + strconv.Itoa(secs)}, args...)
	return runTool(ctx, "", "ovs-vsctl", full...)
}

// systemID is the host's name as it joined Weft (external_ids:system-id).
func (o ovsdb) systemID(ctx context.Context) (string, error) {
	out, err := o.vsctl(ctx, 5*time.Second, "get", "Open_vSwitch", ".", "external_ids:system-id")
	if err != nil {
		return "", err
	}
	return strings.Trim(strings.TrimSpace(out), "\""), nil
}

type ovsInterface struct {
	Name        string
	ExternalIDs map[string]string
}

// interfaces lists the Interface rows matching one ovs-vsctl find condition (e.g. name=wc12, external_ids:k=v).
func (o ovsdb) interfaces(ctx context.Context, condition string) ([]ovsInterface, error) {
	out, err := o.vsctl(ctx, 5*time.Second, "--format=json", "--columns=name,external_ids", "find", "Interface", condition)
	if err != nil {
		return nil, err
	}
	var table struct {
		Data [][]json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal([]byte(out), &table); err != nil {
		return nil, fmt.Errorf("ovs-vsctl find: unexpected output: %v", err)
	}
	var result []ovsInterface
	for _, row := range table.Data {
		if len(row) != 2 {
			continue
		}
		var name string
		_ = json.Unmarshal(row[0], &name)
		// external_ids: ["map", [["k", "v"], ...]]
		var wrapped []json.RawMessage
		ids := map[string]string{}
		if json.Unmarshal(row[1], &wrapped) == nil && len(wrapped) == 2 {
			var pairs [][]string
			_ = json.Unmarshal(wrapped[1], &pairs)
			for _, p := range pairs {
				if len(p) == 2 {
					ids[p[0]] = p[1]
				}
			}
		}
		result = append(result, ovsInterface{Name: name, ExternalIDs: ids})
	}
	return result, nil
}

// plugPort adds the host side of the veth to br-int, carrying the endpoint's iface-id and where it came from.
func (o ovsdb) plugPort(ctx context.Context, port string, ids map[string]string) error {
	args := []string{"--", "--may-exist", "add-port", bridge, port, "--", "set", "Interface", port}
	for _, k := range sortedKeys(ids) {
		args = append(args, "external_ids:"+k+"=\""+ids[k]+"\"")
	}
	_, err := o.vsctl(ctx, 10*time.Second, args...)
	return err
}

func (o ovsdb) unplugPort(ctx context.Context, port string) error {
	_, err := o.vsctl(ctx, 10*time.Second, "--if-exists", "del-port", bridge, port)
	return err
}

// awaitInstalled returns once the controller has marked the port: every host that needs the endpoint's flows has
// confirmed them. The controller writes the mark before it reports the endpoint installed over REST.
func (o ovsdb) awaitInstalled(ctx context.Context, port string, timeout time.Duration) error {
	_, err := o.vsctl(ctx, timeout, "wait-until", "Interface", port, "external_ids:weft-installed=true")
	return err
}

// bridgeExists answers whether the controller has provisioned br-int here (STATUS).
func (o ovsdb) bridgeExists(ctx context.Context) error {
	_, err := o.vsctl(ctx, 2*time.Second, "br-exists", bridge)
	return err
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// containerLink is what ADD makes in the container: a veth at the network's MTU, its peer in this (the host's)
// namespace, the endpoint's MAC and address, a default route through the network's gateway, and transmit checksum
// offload off: OVS's userspace datapath does not complete the partial checksums a veth hands over, and TCP would
// hang while ping works. One nsenter for all of it (each process costs the ADD a millisecond or two).
type containerLink struct {
	netns, ifname, hostVeth, mac, cidr, gateway string
	mtu                                         int
	// routes are the destinations routed through the gateway: "0.0.0.0/0" for the default route, or subnets
	routes []string
}

func (l containerLink) create(ctx context.Context) error {
	batch := fmt.Sprintf("link add %s mtu %d address %s type veth peer name %s mtu %d netns %d\n"+
		"addr add %s dev %s\nlink set %s up\n",
		l.ifname, l.mtu, l.mac, l.hostVeth, l.mtu, os.Getpid(), l.cidr, l.ifname, l.ifname)
	for _, dst := range l.routes {
		if dst == "0.0.0.0/0" {
			dst = "default"
		}
		batch += fmt.Sprintf("route add %s via %s dev %s\n", dst, l.gateway, l.ifname)
	}
	script := tool("ip") + " -batch - && " + tool("ethtool") + " -K " + l.ifname + " tx off >/dev/null"
	if _, err := runTool(ctx, batch, "nsenter", "--net="+l.netns, "/bin/sh", "-c", script); err != nil {
		return err
	}
	_, err := runTool(ctx, "", "ip", "link", "set", "dev", l.hostVeth, "up")
	return err
}

// addressOf is the container interface's IPv4 address with its prefix ("" if it has none or is missing).
func addressOf(ctx context.Context, netns, ifname string) (string, error) {
	out, err := runTool(ctx, "", "nsenter", "--net="+netns, tool("ip"), "-o", "-4", "addr", "show", "dev", ifname)
	if err != nil {
		return "", err
	}
	fields := strings.Fields(out)
	for i, f := range fields {
		if f == "inet" && i+1 < len(fields) {
			return fields[i+1], nil
		}
	}
	return "", nil
}

func linkExists(ctx context.Context, name string) bool {
	_, err := runTool(ctx, "", "ip", "link", "show", "dev", name)
	return err == nil
}

// deleteLink removes the host side of a veth, and so the container side with it; a link already gone is fine.
func deleteLink(ctx context.Context, name string) error {
	if !linkExists(ctx, name) {
		return nil
	}
	_, err := runTool(ctx, "", "ip", "link", "del", "dev", name)
	if err != nil && !linkExists(ctx, name) {
		return nil
	}
	return err
}
