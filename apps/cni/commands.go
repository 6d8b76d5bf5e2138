package main

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Container ids and interface names are written into OVSDB and interface names: keep them to what the spec allows.
var (
	containerIDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.\-]{0,255}$`)
	ifnamePattern      = regexp.MustCompile(`^[A-Za-z0-9_.\-]{1,15}$`)
)

// External ids on the OVS port: iface-id binds it to the endpoint; the weft-cni-* ones let DEL, CHECK and GC find
// what ADD made without asking the controller.
const (
	idNetwork   = "weft-cni-network"
	idContainer = "weft-cni-container"
	idIfname    = "weft-cni-ifname"
)

func requireEnv(c call, netns bool) error {
	var missing []string
	if !containerIDPattern.MatchString(c.containerID) {
		missing = append(missing, "CNI_CONTAINERID")
	}
	if !ifnamePattern.MatchString(c.ifname) || c.ifname == "." || c.ifname == ".." {
		missing = append(missing, "CNI_IFNAME")
	}
	if netns && c.netns == "" {
		missing = append(missing, "CNI_NETNS")
	}
	if len(missing) > 0 {
		return &cniError{Code: errInvalidEnv, Msg: "missing or invalid " + strings.Join(missing, ", ")}
	}
	return nil
}

// callScope is what ADD, DEL and CHECK share: the call's checked environment, the attachment's names, the local
// OVSDB, and a deadline for the whole call.
type callScope struct {
	ctx    context.Context
	cancel context.CancelFunc
	n      names
	db     ovsdb
}

func scopeOf(conf *netConf, c call, needNetns bool, timeout time.Duration) (*callScope, error) {
	if err := requireEnv(c, needNetns); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	return &callScope{ctx: ctx, cancel: cancel, n: namesOf(conf.Name, c.containerID, c.ifname),
		db: ovsdb{target: conf.OVSDB}}, nil
}

func ovsdbUnreachable(code int, err error) error {
	return &cniError{Code: code, Msg: "the local OVSDB is unreachable", Details: err.Error()}
}

// hostName is the host this plugin runs on, as Weft knows it.
func hostName(ctx context.Context, conf *netConf, db ovsdb) (string, error) {
	if conf.Host != "" {
		return conf.Host, nil
	}
	id, err := db.systemID(ctx)
	if err != nil || id == "" {
		return "", &cniError{Code: errNotAvailable, Msg: "cannot read this host's name (external_ids:system-id) from the local OVSDB",
			Details: fmt.Sprint(err)}
	}
	return id, nil
}

func add(conf *netConf, c call) error {
	a, err := scopeOf(conf, c, true, conf.installTimeout()+30*time.Second)
	if err != nil {
		return err
	}
	defer a.cancel()
	ctx, n, db := a.ctx, a.n, a.db
	client, err := newAPI(conf)
	if err != nil {
		return err
	}
	host, err := hostName(ctx, conf, db)
	if err != nil {
		return err
	}
	net, err := client.network(ctx, conf.Network)
	if err != nil {
		return err
	}
	ep, err := client.endpoint(ctx, conf.Network, n.endpoint)
	if err != nil {
		return err
	}
	if ep == nil {
		// podman passes --ip and --mac-address as CNI_ARGS IP= and MAC=; the controller checks them (free, in the subnet)
		if ep, err = client.createEndpoint(ctx, conf.Network, n.endpoint, host, c.args["IP"], c.args["MAC"]); err != nil {
			return err
		}
	}
	if want := c.args["IP"]; want != "" && want != ep.IP {
		return &cniError{Code: errPlugin, Msg: fmt.Sprintf("endpoint %s already has address %s, not %s", ep.Name, ep.IP, want)}
	}
	if ep.Host != host {
		return &cniError{Code: errPlugin, Msg: fmt.Sprintf("endpoint %s is on host %s, not on this host (%s)", ep.Name, ep.Host, host)}
	}
	mtu := ep.MTU
	if mtu == 0 {
		mtu = net.MTU
	}
	cidr := fmt.Sprintf("%s/%d", ep.IP, ep.PrefixLength)
	routes := []string{"0.0.0.0/0"}
	if !conf.defaultRoute() {
		if routes, err = client.routedSubnets(ctx, net); err != nil {
			return err
		}
	}
	if err := plumb(ctx, conf, c, n, db, ep, mtu, cidr, routes); err != nil {
		return err
	}
	if name := c.args["K8S_POD_NAME"]; name != "" && namePattern.MatchString(name) {
		// The container's name answers in DNS as it does for Docker containers (podman passes it here).
		if err := client.setAliases(ctx, conf.Network, n.endpoint, []string{name}); err != nil {
			fmt.Fprintf(c.stderr, "weft: %v\n", err)
		}
	}
	if err := db.awaitInstalled(ctx, n.hostVeth, conf.installTimeout()); err != nil {
		return &cniError{Code: errTryAgainLater, Msg: fmt.Sprintf("endpoint %s was not installed within %s",
			ep.Name, conf.installTimeout()), Details: err.Error()}
	}
	_, err = c.stdout.Write(append(resultFor(conf.CNIVersion, attached{ifname: c.ifname, mac: ep.MAC, sandbox: c.netns,
		hostVeth: n.hostVeth, cidr: cidr, gateway: ep.Gateway, mtu: mtu, routes: routes}), '\n'))
	return err
}

// plumb makes the veth and plugs it, unless an earlier ADD of the same attachment already did (ADD is idempotent:
// the same container, network and interface get the same endpoint, port and result).
func plumb(ctx context.Context, conf *netConf, c call, n names, db ovsdb, ep *endpoint, mtu int, cidr string,
	routes []string) error {
	ports, err := db.interfaces(ctx, "name="+n.hostVeth)
	if err != nil {
		return ovsdbUnreachable(errNotAvailable, err)
	}
	if len(ports) == 1 && ports[0].ExternalIDs["iface-id"] == ep.ID && linkExists(ctx, n.hostVeth) {
		if have, err := addressOf(ctx, c.netns, c.ifname); err == nil && have == cidr {
			return nil
		}
	}
	if len(ports) > 0 {
		// A port left by an ADD that did not finish: start afresh, so no old weft-installed mark is believed.
		_ = db.unplugPort(ctx, n.hostVeth)
	}
	if err := deleteLink(ctx, n.hostVeth); err != nil {
		return &cniError{Code: errPlugin, Msg: "cannot remove a stale veth " + n.hostVeth, Details: err.Error()}
	}
	link := containerLink{netns: c.netns, ifname: c.ifname, hostVeth: n.hostVeth, mac: ep.MAC, cidr: cidr,
		gateway: ep.Gateway, mtu: mtu, routes: routes}
	if err := link.create(ctx); err != nil {
		_ = deleteLink(ctx, n.hostVeth)
		return &cniError{Code: errPlugin, Msg: "cannot create the container's interface", Details: err.Error()}
	}
	ids := map[string]string{"iface-id": ep.ID, "attached-mac": ep.MAC, "weft-network": conf.Network,
		"weft-endpoint": ep.Name, idNetwork: conf.Name, idContainer: c.containerID, idIfname: c.ifname}
	if err := db.plugPort(ctx, n.hostVeth, ids); err != nil {
		_ = deleteLink(ctx, n.hostVeth)
		return &cniError{Code: errPlugin, Msg: "cannot plug the veth into " + bridge, Details: err.Error()}
	}
	return nil
}

// del removes the port, the veth and the endpoint, and succeeds when they are already gone, with or without a
// network namespace or a previous result. A controller that stays unreachable for the retries does not fail it:
// the runtime would retry forever for a container that is gone. The port is removed, so the endpoint is unplugged,
// and the controller removes it after its grace period (the endpoint's lifetime is "port").
func del(conf *netConf, c call) error {
	a, err := scopeOf(conf, c, false, 40*time.Second)
	if err != nil {
		return err
	}
	defer a.cancel()
	ctx, n, db := a.ctx, a.n, a.db
	if err := db.unplugPort(ctx, n.hostVeth); err != nil {
		return ovsdbUnreachable(errTryAgainLater, err)
	}
	if err := deleteLink(ctx, n.hostVeth); err != nil {
		return &cniError{Code: errPlugin, Msg: "cannot delete veth " + n.hostVeth, Details: err.Error()}
	}
	client, err := newAPI(conf)
	if err != nil {
		return err
	}
	return deleteWithRetries(ctx, client, conf.Network, n.endpoint, c)
}

func deleteWithRetries(ctx context.Context, client *api, network, endpoint string, c call) error {
	var err error
	for attempt, wait := 0, 100*time.Millisecond; attempt < 6; attempt, wait = attempt+1, wait*2 {
		if err = client.deleteEndpoint(ctx, network, endpoint); err == nil {
			return nil
		}
		if e, ok := err.(*cniError); !ok || e.Code != errTryAgainLater {
			return err // the controller answered: its refusal is the answer
		}
		time.Sleep(wait)
	}
	fmt.Fprintf(c.stderr, "weft: endpoint %s on %s left in the controller (unplugged): %v\n", endpoint, network, err)
	return nil
}

// check confirms that what ADD made is still there and still right.
func check(conf *netConf, c call) error {
	a, err := scopeOf(conf, c, true, 30*time.Second)
	if err != nil {
		return err
	}
	defer a.cancel()
	ctx, n, db := a.ctx, a.n, a.db
	client, err := newAPI(conf)
	if err != nil {
		return err
	}
	ep, err := client.endpoint(ctx, conf.Network, n.endpoint)
	if err != nil {
		return err
	}
	if ep == nil {
		return &cniError{Code: errCheckFailed, Msg: fmt.Sprintf("endpoint %s is gone from network %s", n.endpoint, conf.Network)}
	}
	ports, err := db.interfaces(ctx, "name="+n.hostVeth)
	if err != nil {
		return ovsdbUnreachable(errNotAvailable, err)
	}
	if len(ports) != 1 || ports[0].ExternalIDs["iface-id"] != ep.ID {
		return &cniError{Code: errCheckFailed, Msg: fmt.Sprintf("port %s of endpoint %s is not on %s", n.hostVeth, ep.Name, bridge)}
	}
	want := fmt.Sprintf("%s/%d", ep.IP, ep.PrefixLength)
	if have, err := addressOf(ctx, c.netns, c.ifname); err != nil || have != want {
		return &cniError{Code: errCheckFailed, Msg: fmt.Sprintf("interface %s in the container does not have %s", c.ifname, want),
			Details: fmt.Sprint(err)}
	}
	if ep.Status != "installed" {
		return &cniError{Code: errCheckFailed, Msg: fmt.Sprintf("endpoint %s is %s, not installed", ep.Name, ep.Status)}
	}
	return nil
}

// status says whether an ADD could succeed now: the controller answers and the local OVS has br-int.
func status(conf *netConf) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	client, err := newAPI(conf)
	if err != nil {
		return err
	}
	if err := client.health(ctx); err != nil {
		return &cniError{Code: errNotAvailable, Msg: "the Weft controller is not available", Details: err.Error()}
	}
	if err := (ovsdb{target: conf.OVSDB}).bridgeExists(ctx); err != nil {
		return &cniError{Code: errNotAvailable, Msg: "the local Open vSwitch is not available or has no " + bridge,
			Details: err.Error()}
	}
	return nil
}

// gc removes this CNI network's attachments on this host that the runtime no longer knows: ports, veths and
// endpoints, including endpoints whose port is already gone.
func gc(conf *netConf, c call) error {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	valid := map[string]bool{}
	for _, a := range conf.validAttachments() {
		valid[namesOf(conf.Name, a.ContainerID, a.IfName).endpoint] = true
	}
	db := ovsdb{target: conf.OVSDB}
	client, err := newAPI(conf)
	if err != nil {
		return err
	}
	host, err := hostName(ctx, conf, db)
	if err != nil {
		return err
	}
	ports, err := db.interfaces(ctx, "external_ids:"+idNetwork+"=\""+conf.Name+"\"")
	if err != nil {
		return ovsdbUnreachable(errNotAvailable, err)
	}
	var failures []string
	for _, p := range ports {
		ids := p.ExternalIDs
		if valid[namesOf(conf.Name, ids[idContainer], ids[idIfname]).endpoint] {
			continue
		}
		if err := db.unplugPort(ctx, p.Name); err != nil {
			failures = append(failures, err.Error())
		}
		if err := deleteLink(ctx, p.Name); err != nil {
			failures = append(failures, err.Error())
		}
	}
	endpoints, err := client.endpoints(ctx, conf.Network)
	if err != nil {
		return err
	}
	prefix := endpointPrefix(conf.Name)
	for _, e := range endpoints {
		if e.Host != host || !strings.HasPrefix(e.Name, prefix) || valid[e.Name] {
			continue
		}
		if err := client.deleteEndpoint(ctx, conf.Network, e.Name); err != nil {
			failures = append(failures, err.Error())
		}
	}
	if len(failures) > 0 {
		return &cniError{Code: errPlugin, Msg: "garbage collection left some attachments", Details: strings.Join(failures, "; ")}
	}
	return nil
}
