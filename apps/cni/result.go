package main

import "encoding/json"

// attached is what ADD made, rendered as the spec version the runtime asked for.
type attached struct {
	ifname, mac, sandbox, hostVeth, cidr, gateway string
	mtu                                           int
	routes                                        []string
}

type resultInterface struct {
	Name    string `json:"name"`
	MAC     string `json:"mac,omitempty"`
	MTU     int    `json:"mtu,omitempty"`
	Sandbox string `json:"sandbox,omitempty"`
}

type resultIP struct {
	Version   string `json:"version,omitempty"`
	Address   string `json:"address"`
	Gateway   string `json:"gateway"`
	Interface *int   `json:"interface"`
}

type resultRoute struct {
	Dst string `json:"dst"`
	GW  string `json:"gw"`
}

type resultDNS struct {
	Nameservers []string `json:"nameservers"`
}

type result struct {
	CNIVersion string            `json:"cniVersion"`
	Interfaces []resultInterface `json:"interfaces"`
	IPs        []resultIP        `json:"ips"`
	Routes     []resultRoute     `json:"routes"`
	DNS        resultDNS         `json:"dns"`
}

// resultFor follows the spec version: 0.3.x and 0.4.0 tag each address with its IP version (1.0.0 dropped the
// field), and only 1.1.0 has an interface's MTU. The container's interface is index 0; the host side of the veth,
// which has no sandbox, is index 1. DNS is the network's gateway, where Weft answers names.
func resultFor(cniVersion string, a attached) []byte {
	container := 0
	r := result{
		CNIVersion: cniVersion,
		Interfaces: []resultInterface{{Name: a.ifname, MAC: a.mac, Sandbox: a.sandbox}, {Name: a.hostVeth}},
		IPs:        []resultIP{{Address: a.cidr, Gateway: a.gateway, Interface: &container}},
		Routes:     []resultRoute{},
		DNS:        resultDNS{Nameservers: []string{a.gateway}},
	}
	for _, dst := range a.routes {
		r.Routes = append(r.Routes, resultRoute{Dst: dst, GW: a.gateway})
	}
	switch cniVersion {
	case "0.3.0", "0.3.1", "0.4.0":
		r.IPs[0].Version = "4"
	case "1.1.0":
		r.Interfaces[0].MTU = a.mtu
	}
	out, _ := json.Marshal(r)
	return out
}
