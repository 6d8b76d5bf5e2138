package main

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
)

// An attachment (CNI network, container, interface) has fixed names everywhere, so every command finds what ADD made
// without state files: the endpoint's name in Weft and the host side of its veth.
type names struct {
	endpoint string
	hostVeth string
}

var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9_.-]`)

func namesOf(cniNetwork, containerID, ifname string) names {
	key := sha256.Sum256([]byte(cniNetwork + "\x00" + containerID + "\x00" + ifname))
	short := unsafeChars.ReplaceAllString(containerID, "_")
	if len(short) > 12 {
		short = short[:12] // podman's short container id
	}
	return names{
		endpoint: endpointPrefix(cniNetwork) + short + "-" + hex.EncodeToString(key[:3]),
		hostVeth: "wc" + hex.EncodeToString(key[:6]), // 14 characters: interface names stop at 15
	}
}

// endpointPrefix is what every endpoint this CNI network makes on any container starts with (GC lists by it).
func endpointPrefix(cniNetwork string) string {
	n := sha256.Sum256([]byte(cniNetwork))
	return "cni-" + hex.EncodeToString(n[:3]) + "-"
}
