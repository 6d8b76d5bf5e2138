package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func runWith(t *testing.T, vars map[string]string, stdin string) (int, map[string]any) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(env(vars), strings.NewReader(stdin), &out, &errOut)
	var parsed map[string]any
	if out.Len() > 0 {
		if err := json.Unmarshal(out.Bytes(), &parsed); err != nil {
			t.Fatalf("stdout is not JSON: %q", out.String())
		}
	}
	return code, parsed
}

func TestVersionNeedsNothingButTheVersion(t *testing.T) {
	// podman's probe: only cniVersion on stdin, dummy values elsewhere, no file or network access possible
	code, out := runWith(t, map[string]string{"CNI_COMMAND": "VERSION", "CNI_NETNS": "dummy", "CNI_IFNAME": "dummy",
		"CNI_PATH": "dummy"}, `{"cniVersion":"1.0.0"}`)
	if code != 0 || out["cniVersion"] != "1.0.0" {
		t.Fatalf("VERSION: exit %d, %v", code, out)
	}
	got := out["supportedVersions"].([]any)
	want := []string{"0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"}
	if len(got) != len(want) {
		t.Fatalf("supportedVersions %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("supportedVersions %v", got)
		}
	}
	if code, out := runWith(t, map[string]string{"CNI_COMMAND": "VERSION"}, ""); code != 0 || out["cniVersion"] != "1.1.0" {
		t.Fatalf("VERSION with empty stdin: exit %d, %v", code, out)
	}
}

func TestErrorsAreCniErrorObjectsOnStdout(t *testing.T) {
	cases := []struct {
		name, command, stdin string
		code                 float64
		msg                  string
	}{
		{"unsupported version", "ADD", `{"cniVersion":"2.0.0","name":"net1"}`, errIncompatibleVersion, "not supported"},
		{"not JSON", "ADD", `{"cniVersion":`, errDecode, "not valid JSON"},
		{"no controller", "ADD", `{"cniVersion":"1.0.0","name":"net1","type":"weft"}`, errInvalidConfig, "\"controller\" is required"},
		{"bad controller", "DEL", `{"cniVersion":"1.0.0","name":"net1","controller":"ftp://x"}`, errInvalidConfig, "http(s)://"},
		{"bad name", "ADD", `{"cniVersion":"1.0.0","name":"-x","controller":"http://x"}`, errInvalidConfig, "not a valid name"},
		{"other type", "ADD", `{"cniVersion":"1.0.0","name":"n","type":"bridge","controller":"http://x"}`, errInvalidConfig, "not this plugin's"},
		{"bad ovsdb", "ADD", `{"cniVersion":"1.0.0","name":"n","controller":"http://x","ovsdb":"/run/db.sock"}`, errInvalidConfig, "unix:PATH"},
		{"unknown command", "FROB", `{"cniVersion":"1.0.0","name":"n","controller":"http://x"}`, errInvalidEnv, "CNI_COMMAND"},
		{"no container id", "ADD", `{"cniVersion":"0.4.0","name":"n","controller":"http://x"}`, errInvalidEnv, "CNI_CONTAINERID"},
	}
	for _, c := range cases {
		code, out := runWith(t, map[string]string{"CNI_COMMAND": c.command, "CNI_IFNAME": "eth0", "CNI_NETNS": "/x"}, c.stdin)
		if code == 0 || out["code"] != c.code || !strings.Contains(out["msg"].(string), c.msg) {
			t.Errorf("%s: exit %d, %v; want code %v and a msg with %q", c.name, code, out, c.code, c.msg)
		}
		if out["cniVersion"] == nil {
			t.Errorf("%s: the error object has no cniVersion", c.name)
		}
	}
}

func TestResultFollowsTheRequestedSpecVersion(t *testing.T) {
	a := attached{ifname: "eth0", mac: "02:42:0a:0a:0a:02", sandbox: "/run/netns/c1", hostVeth: "wc0123456789ab",
		cidr: "10.10.10.2/24", gateway: "10.10.10.1", mtu: 1450, routes: []string{"0.0.0.0/0"}}
	want := map[string]string{
		"0.3.0": `{"cniVersion":"0.3.0","interfaces":[{"name":"eth0","mac":"02:42:0a:0a:0a:02","sandbox":"/run/netns/c1"},{"name":"wc0123456789ab"}],"ips":[{"version":"4","address":"10.10.10.2/24","gateway":"10.10.10.1","interface":0}],"routes":[{"dst":"0.0.0.0/0","gw":"10.10.10.1"}],"dns":{"nameservers":["10.10.10.1"]}}`,
		"0.4.0": `{"cniVersion":"0.4.0","interfaces":[{"name":"eth0","mac":"02:42:0a:0a:0a:02","sandbox":"/run/netns/c1"},{"name":"wc0123456789ab"}],"ips":[{"version":"4","address":"10.10.10.2/24","gateway":"10.10.10.1","interface":0}],"routes":[{"dst":"0.0.0.0/0","gw":"10.10.10.1"}],"dns":{"nameservers":["10.10.10.1"]}}`,
		"1.0.0": `{"cniVersion":"1.0.0","interfaces":[{"name":"eth0","mac":"02:42:0a:0a:0a:02","sandbox":"/run/netns/c1"},{"name":"wc0123456789ab"}],"ips":[{"address":"10.10.10.2/24","gateway":"10.10.10.1","interface":0}],"routes":[{"dst":"0.0.0.0/0","gw":"10.10.10.1"}],"dns":{"nameservers":["10.10.10.1"]}}`,
		"1.1.0": `{"cniVersion":"1.1.0","interfaces":[{"name":"eth0","mac":"02:42:0a:0a:0a:02","mtu":1450,"sandbox":"/run/netns/c1"},{"name":"wc0123456789ab"}],"ips":[{"address":"10.10.10.2/24","gateway":"10.10.10.1","interface":0}],"routes":[{"dst":"0.0.0.0/0","gw":"10.10.10.1"}],"dns":{"nameservers":["10.10.10.1"]}}`,
	}
	for v, w := range want {
		if got := string(resultFor(v, a)); got != w {
			t.Errorf("%s:\n got %s\nwant %s", v, got, w)
		}
	}
}

func TestWithoutTheDefaultRouteOnlyRoutedSubnetsGoThroughTheGateway(t *testing.T) {
	a := attached{ifname: "eth0", mac: "02:42:0a:0a:0a:02", sandbox: "/run/netns/c1", hostVeth: "wc0123456789ab",
		cidr: "10.10.10.2/24", gateway: "10.10.10.1", mtu: 1450, routes: []string{"10.20.0.0/16"}}
	if got := string(resultFor("1.0.0", a)); !strings.Contains(got, `"routes":[{"dst":"10.20.0.0/16","gw":"10.10.10.1"}]`) {
		t.Errorf("routes: %s", got)
	}
	a.routes = nil
	if got := string(resultFor("1.0.0", a)); !strings.Contains(got, `"routes":[]`) {
		t.Errorf("no routes: %s", got)
	}
	off := false
	conf := &netConf{DefaultRoute: &off}
	if conf.defaultRoute() || !(&netConf{}).defaultRoute() {
		t.Error("defaultRoute: false only when the configuration says so")
	}
}

func TestNamesAreStableShortAndPerAttachment(t *testing.T) {
	a := namesOf("net1", "0123456789abcdef0123", "eth0")
	if a != namesOf("net1", "0123456789abcdef0123", "eth0") {
		t.Fatal("names must not change between calls")
	}
	if len(a.hostVeth) > 15 || !strings.HasPrefix(a.hostVeth, "wc") {
		t.Errorf("host veth %q", a.hostVeth)
	}
	if !namePattern.MatchString(a.endpoint) || !strings.HasPrefix(a.endpoint, endpointPrefix("net1")+"0123456789ab-") {
		t.Errorf("endpoint %q (prefix %q)", a.endpoint, endpointPrefix("net1"))
	}
	others := []names{namesOf("net2", "0123456789abcdef0123", "eth0"), namesOf("net1", "0123456789abcdef0124", "eth0"),
		namesOf("net1", "0123456789abcdef0123", "eth1")}
	for _, o := range others {
		if o.endpoint == a.endpoint || o.hostVeth == a.hostVeth {
			t.Errorf("%v collides with %v", o, a)
		}
	}
	if ctr := namesOf("net1", "default-c1", "eth0"); !namePattern.MatchString(ctr.endpoint) {
		t.Errorf("containerd's ids make valid names too: %q", ctr.endpoint)
	}
}

func TestGcReadsBothNamesOfTheAttachmentList(t *testing.T) {
	conf, err := parseConf([]byte(`{"cniVersion":"1.1.0","name":"n","controller":"http://x",
		"cni.dev/valid-attachments":[{"containerID":"a","ifname":"eth0"}],
		"cni.dev/attachments":[{"containerID":"b","ifname":"eth0"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := conf.validAttachments(); len(got) != 2 || got[0].ContainerID != "a" || got[1].ContainerID != "b" {
		t.Errorf("valid attachments %v", got)
	}
	if conf.Network != "n" || conf.TokenFile != defaultTokenFile || conf.OVSDB != defaultOVSDB {
		t.Errorf("defaults: %+v", conf)
	}
}

func TestCniArgs(t *testing.T) {
	args := parseArgs("IgnoreUnknown=1;K8S_POD_NAME=web;MAC=02:42:00:00:00:01")
	if args["K8S_POD_NAME"] != "web" || args["MAC"] != "02:42:00:00:00:01" || len(parseArgs("")) != 0 {
		t.Errorf("%v", args)
	}
}
