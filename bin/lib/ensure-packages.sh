# Installs what Weft needs on a Debian 12 machine, only when it is missing. Sourced by bin/ scripts.

apt_install() {
  if [[ $(id -u) -ne 0 ]]; then
    echo "weft: missing packages: $*; run as root or install them: apt-get install $*" >&2
    exit 1
  fi
  echo "weft: installing $* ..." >&2
  if [[ -z "${WEFT_APT_UPDATED:-}" ]]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    export WEFT_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}

# Java 17 and Maven, to build and run the controller.
ensure_build_tools() {
  local missing=()
  command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null 2>&1 || missing+=(maven)
  if ((${#missing[@]})); then apt_install "${missing[@]}"; fi
}

# Go 1.19 (Debian's), to build the CNI plugin (bin/build-cni): one static binary, standard library only.
ensure_go() {
  command -v go >/dev/null 2>&1 || apt_install golang-go
}

# Debian's busybox package is dynamically linked; an image made of it needs busybox-static.
file_is_static() {
  ! LC_ALL=C ldd "$1" >/dev/null 2>&1
}

# Open vSwitch (the tests start private instances), Mininet and the tools the end-to-end tests use.
ensure_test_packages() {
  local missing=()
  [[ -f /usr/share/openvswitch/vswitch.ovsschema ]] || missing+=(openvswitch-switch openvswitch-common)
  command -v mn >/dev/null 2>&1 || missing+=(mininet)
  command -v brctl >/dev/null 2>&1 || missing+=(bridge-utils)
  command -v tcpdump >/dev/null 2>&1 || missing+=(tcpdump)
  command -v iperf3 >/dev/null 2>&1 || missing+=(iperf3)
  command -v ethtool >/dev/null 2>&1 || missing+=(ethtool)
  command -v ip >/dev/null 2>&1 || missing+=(iproute2)
  command -v ping >/dev/null 2>&1 || missing+=(iputils-ping)
  command -v iptables >/dev/null 2>&1 || missing+=(iptables)
  # The Docker plugin's end-to-end test: Debian's dockerd 20.10 (the /usr/bin/docker client matches it), the
  # busybox the test image is made of, and unshare/nsenter for each simulated host's dockerd.
  [[ -x /usr/sbin/dockerd && -x /usr/bin/docker ]] || missing+=(docker.io)
  [[ -x /bin/busybox ]] && file_is_static /bin/busybox || missing+=(busybox-static)
  command -v unshare >/dev/null 2>&1 || missing+=(util-linux)
  # The CNI plugin's end-to-end test: rootful podman with its CNI backend, and containerd's ctr.
  command -v podman >/dev/null 2>&1 || missing+=(podman)
  [[ -x /usr/lib/cni/bridge ]] || missing+=(containernetworking-plugins)
  command -v ctr >/dev/null 2>&1 && command -v containerd >/dev/null 2>&1 || missing+=(containerd)
  command -v runc >/dev/null 2>&1 || missing+=(runc)
  # Cluster mode's store of record: the tests start their own etcd members on loopback (EtcdCluster).
  [[ -x /usr/bin/etcd ]] || missing+=(etcd-server)
  # Observability: a real Prometheus scrapes the controller and promtool lints /metrics (ObservabilityIT); the
  # topology page runs in Debian's headless chromium, driven by Selenium through chromium-driver.
  command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
  [[ -x /usr/bin/chromium ]] || missing+=(chromium)
  [[ -x /usr/bin/chromedriver ]] || missing+=(chromium-driver)
  if ((${#missing[@]})); then apt_install "${missing[@]}"; fi
  ensure_go
  ensure_ovn_packages
}

# OVN 23.03 (Debian's ovn-central and ovn-host), the peer `bin/weft bench compare` measures Weft against.
# Only the binaries and schemas are used: the benchmark starts private instances and never the system ones.
ensure_ovn_packages() {
  local missing=()
  [[ -f /usr/share/ovn/ovn-nb.ovsschema ]] && command -v ovn-northd >/dev/null 2>&1 || missing+=(ovn-central)
  command -v ovn-controller >/dev/null 2>&1 || missing+=(ovn-host)
  if ((${#missing[@]})); then apt_install "${missing[@]}"; fi
}
