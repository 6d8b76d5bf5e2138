package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// api is the controller's REST API as this host's plumbing uses it: a host-scoped bearer token over HTTPS checked
// against the controller's CA, the same trust as `weft attach` and the Docker plugin.
type api struct {
	base  string
	token string
	http  *http.Client
}

type network struct {
	Name    string `json:"name"`
	Subnet  string `json:"subnet"`
	Gateway string `json:"gateway"`
	MTU     int    `json:"mtu"`
	Router  string `json:"router"`
}

type endpoint struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	Network      string `json:"network"`
	Host         string `json:"host"`
	IP           string `json:"ip"`
	MAC          string `json:"mac"`
	PrefixLength int    `json:"prefixLength"`
	Gateway      string `json:"gateway"`
	MTU          int    `json:"mtu"`
	Status       string `json:"status"`
}

func newAPI(c *netConf) (*api, error) {
	token, err := os.ReadFile(c.TokenFile)
	if err != nil {
		return nil, &cniError{Code: errInvalidConfig, Msg: "cannot read this host's API token (\"tokenFile\")",
			Details: err.Error()}
	}
	transport := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 3 * time.Second}).DialContext,
		TLSHandshakeTimeout: 5 * time.Second,
		MaxIdleConnsPerHost: 2,
	}
	if strings.HasPrefix(c.Controller, "https://") {
		pem, err := os.ReadFile(c.CA)
		if err != nil {
			return nil, &cniError{Code: errInvalidConfig, Msg: "cannot read the controller's CA certificate (\"ca\")",
				Details: err.Error()}
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, &cniError{Code: errInvalidConfig, Msg: "\"ca\" holds no PEM certificate", Details: c.CA}
		}
		transport.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	}
	return &api{base: c.Controller, token: strings.TrimSpace(string(token)),
		http: &http.Client{Transport: transport, Timeout: 15 * time.Second}}, nil
}

// apiStatus is a reply the controller gave (as opposed to no reply at all).
type apiStatus struct {
	code   int
	detail string
}

func (s *apiStatus) Error() string {
	return fmt.Sprintf("the controller answered %d: %s", s.code, s.detail)
}

// do sends one request; a reply outside 2xx comes back as *apiStatus, no reply as a try-again-later error.
func (a *api) do(ctx context.Context, method, path string, body, out any) error {
	var reader io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		reader = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.base+path, reader)
	if err != nil {
		return &cniError{Code: errInvalidConfig, Msg: "bad controller URL", Details: err.Error()}
	}
	req.Header.Set("Authorization", "Bearer "+a.token)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := a.http.Do(req)
	if err != nil {
		return &cniError{Code: errTryAgainLater, Msg: "the Weft controller is unreachable", Details: err.Error()}
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if resp.StatusCode/100 != 2 {
		var problem struct {
			Detail string `json:"detail"`
			Title  string `json:"title"`
		}
		_ = json.Unmarshal(data, &problem)
		detail := problem.Detail
		if detail == "" {
			detail = strings.TrimSpace(string(data))
		}
		return &apiStatus{code: resp.StatusCode, detail: detail}
	}
	if out != nil && len(data) > 0 {
		if err := json.Unmarshal(data, out); err != nil {
			return &cniError{Code: errPlugin, Msg: "the controller's reply is not what this plugin expects", Details: err.Error()}
		}
	}
	return nil
}

func isStatus(err error, code int) bool {
	s, ok := err.(*apiStatus)
	return ok && s.code == code
}

// refused turns a controller's refusal into the error the runtime sees.
func refused(what string, err error) error {
	if s, ok := err.(*apiStatus); ok {
		return &cniError{Code: errPlugin, Msg: what + ": " + s.detail, Details: fmt.Sprintf("HTTP %d", s.code)}
	}
	return err
}

func pathOf(parts ...string) string {
	var b strings.Builder
	b.WriteString("/api/v1")
	for _, p := range parts {
		b.WriteByte('/')
		b.WriteString(url.PathEscape(p))
	}
	return b.String()
}

func (a *api) network(ctx context.Context, name string) (*network, error) {
	var n network
	if err := a.do(ctx, http.MethodGet, pathOf("networks", name), nil, &n); err != nil {
		return nil, refused("Weft network \""+name+"\"", err)
	}
	return &n, nil
}

// routedSubnets are the subnets of the other networks on n's router (none if it is on no router).
func (a *api) routedSubnets(ctx context.Context, n *network) ([]string, error) {
	if n.Router == "" {
		return nil, nil
	}
	var router struct {
		Networks []string `json:"networks"`
	}
	if err := a.do(ctx, http.MethodGet, pathOf("routers", n.Router), nil, &router); err != nil {
		return nil, refused("router "+n.Router, err)
	}
	var all []network
	if err := a.do(ctx, http.MethodGet, pathOf("networks"), nil, &all); err != nil {
		return nil, refused("networks", err)
	}
	attached := map[string]bool{}
	for _, name := range router.Networks {
		attached[name] = name != n.Name
	}
	var subnets []string
	for _, other := range all {
		if attached[other.Name] {
			subnets = append(subnets, other.Subnet)
		}
	}
	return subnets, nil
}

// endpoint is nil, with no error, when there is no such endpoint.
func (a *api) endpoint(ctx context.Context, net, name string) (*endpoint, error) {
	var e endpoint
	err := a.do(ctx, http.MethodGet, pathOf("networks", net, "endpoints", name), nil, &e)
	if isStatus(err, http.StatusNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, refused("endpoint "+name, err)
	}
	return &e, nil
}

func (a *api) endpoints(ctx context.Context, net string) ([]endpoint, error) {
	var es []endpoint
	if err := a.do(ctx, http.MethodGet, pathOf("networks", net, "endpoints"), nil, &es); err != nil {
		return nil, refused("endpoints of "+net, err)
	}
	return es, nil
}

// createEndpoint is idempotent: an endpoint of this name that already exists (an ADD repeated, or a race with
// another ADD) is returned as it is.
// ip and mac are the runtime's static choices ("" for the controller's IPAM and the MAC derived from the IP).
func (a *api) createEndpoint(ctx context.Context, net, name, host, ip, mac string) (*endpoint, error) {
	var e endpoint
	// lifetime "port": if this endpoint's DEL never comes, the controller removes it once its port has been gone a while
	body := map[string]string{"name": name, "host": host, "lifetime": "port"}
	if ip != "" {
		body["ip"] = ip
	}
	if mac != "" {
		body["mac"] = mac
	}
	err := a.do(ctx, http.MethodPost, pathOf("networks", net, "endpoints"), body, &e)
	if isStatus(err, http.StatusConflict) {
		existing, getErr := a.endpoint(ctx, net, name)
		if getErr == nil && existing != nil {
			return existing, nil
		}
	}
	if err != nil {
		return nil, refused("cannot create endpoint "+name+" on network "+net, err)
	}
	return &e, nil
}

// deleteEndpoint succeeds if the endpoint is gone, whoever removed it.
func (a *api) deleteEndpoint(ctx context.Context, net, name string) error {
	err := a.do(ctx, http.MethodDelete, pathOf("networks", net, "endpoints", name), nil, nil)
	if err == nil || isStatus(err, http.StatusNotFound) {
		return nil
	}
	return refused("cannot delete endpoint "+name, err)
}

func (a *api) setAliases(ctx context.Context, net, name string, aliases []string) error {
	err := a.do(ctx, http.MethodPut, pathOf("networks", net, "endpoints", name, "aliases"),
		map[string][]string{"aliases": aliases}, nil)
	return refused("cannot set the names of "+name, err)
}

// health is the controller's public health check: no token needed, the same TLS.
func (a *api) health(ctx context.Context) error {
	return a.do(ctx, http.MethodGet, "/api/v1/health", nil, nil)
}
