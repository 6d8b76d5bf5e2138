#!/usr/bin/env bash
# mininet-tests/run.sh: the Mininet end-to-end suite (issue 8). Needs root, Open vSwitch, Debian's
# mininet (importable by /usr/bin/python3 only), bridge-utils, tcpdump, iperf3, ethtool, iputils-ping,
# docker.io and busybox-static (test_docker.py), podman, containerd and the CNI plugin (test_cni.py, bin/build-cni)
# and a built launcher jar (apps/launcher/target/weft.jar, or WEFT_JAR=...).
#
#   mininet-tests/run.sh            # the whole suite
#   mininet-tests/run.sh -k seed    # only tests whose name contains "seed"
#
# Equivalent to `/usr/bin/python3 -m unittest discover -s mininet-tests -p 'test_*.py' -v`, plus a
# closing "N passed, N failed" line. Exits non-zero if anything failed. Env: WEFT_MN_VERBOSE=1 for
# testbed progress, WEFT_MN_KEEP=1 to keep the work directories (logs, pcaps) under /tmp.
set -uo pipefail
DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$DIR")"
JAR="${WEFT_JAR:-$ROOT/apps/launcher/target/weft.jar}"

if [[ $EUID -ne 0 ]]; then
  echo "mininet-tests: must run as root" >&2
  exit 2
fi
missing=()
for tool in ovs-vswitchd ovsdb-server ovs-vsctl brctl tcpdump iperf3 ethtool ping nsenter unshare dockerd podman containerd ctr runc java; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
/usr/bin/python3 -c 'import mininet.net' 2>/dev/null || missing+=("python3-mininet")
if ((${#missing[@]})); then
  echo "mininet-tests: missing ${missing[*]} (apt-get install openvswitch-switch mininet bridge-utils tcpdump iperf3 ethtool iputils-ping util-linux docker.io podman containernetworking-plugins containerd runc busybox-static default-jre-headless)" >&2
  exit 2
fi
if [[ ! -f "$JAR" ]]; then
  echo "mininet-tests: building $JAR" >&2
  (cd "$ROOT" && mvn -B -q -o install -DskipTests) >&2 || { echo "mininet-tests: build failed" >&2; exit 2; }
fi
export WEFT_JAR="$JAR" PYTHONDONTWRITEBYTECODE=1
# Hard limit: the runner cleans up on SIGTERM; SIGKILL a minute later if it hangs.
exec timeout --signal=TERM --kill-after=60 "${WEFT_MN_TIMEOUT:-900}" /usr/bin/python3 "$DIR/run_tests.py" "$@"
