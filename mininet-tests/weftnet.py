#!/usr/bin/python3
"""A Weft testbed in Mininet: hypervisor nodes with private OVS, an underlay bridge, a controller.

Layout (all addresses inside 198.18.0.0/15, nothing routed via eth0):

* ``wfu0``: LinuxBridge underlay switch, 198.18.0.0/24. ``nodeN-eth0`` is nodeN's port on it; it is
  held by nodeN's ``br-phy`` (netdev) and the tunnel IP 198.18.0.N sits on ``br-phy``.
* ``wfm0``: LinuxBridge management switch, 198.19.128.0/24. The root namespace (where the
  controller runs) has 198.19.128.254 on the bridge device itself; nodeN has 198.19.128.N on
  ``nodeN-eth1``.
* Hypervisor nodes ``node1..nodeN``: Mininet hosts (network namespaces), each running its own
  ovsdb-server and ovs-vswitchd (netdev datapath) in a private directory, joined to the controller
  with the two documented commands (system-id / weft-tunnel-ip, set-manager).
* Containers: Mininet hosts without links, plumbed by ``weft attach --netns /proc/PID/ns/net`` run
  inside their hypervisor node's namespace.

Every process, namespace and bridge made here is removed by :meth:`Testbed.close`, which also runs
at interpreter exit for testbeds still open.
"""

import atexit
import json
import os
import re
import select
import ssl
import shutil
import signal
import socket
import struct
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request

from mininet.log import setLogLevel
from mininet.net import Mininet
from mininet.node import Host
from mininet.nodelib import LinuxBridge

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
JAR = os.environ.get('WEFT_JAR', os.path.join(ROOT, 'apps', 'launcher', 'target', 'weft.jar'))
OVS_SCHEMA = '/usr/share/openvswitch/vswitch.ovsschema'
MGMT_ROOT_IP = '198.19.128.254'
UNPLUGGED_GRACE = 5
# The CLI is short-lived: C1 JIT and a small heap start it faster on two shared cores.
CLI_JVM = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xmx256m']
CONTROLLER_JVM = ['-Xmx1g']
VERBOSE = os.environ.get('WEFT_MN_VERBOSE') == '1'

_open_testbeds = []


def log(msg):
    if VERBOSE:
        print('  [weftnet] %s' % msg, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(('0.0.0.0', 0))
        return s.getsockname()[1]


class CommandFailed(AssertionError):
    pass


def run(args, check=True, timeout=120, env=None, netns_pid=None):
    """Runs a command (inside the network namespace of process ``netns_pid`` if given)."""
    cmd = list(args)
    if netns_pid is not None:
        cmd = ['nsenter', '--net=/proc/%d/ns/net' % netns_pid] + cmd
    full_env = dict(os.environ)
    if env:
        full_env.update(env)
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                       timeout=timeout, env=full_env, universal_newlines=True)
    if check and p.returncode != 0:
        raise CommandFailed('%s -> exit %d\nstdout: %s\nstderr: %s' % (' '.join(cmd), p.returncode, p.stdout, p.stderr))
    return p


def wait_for(predicate, timeout, what, interval=0.1):
    """Polls ``predicate`` until it is true; fails with ``what`` after ``timeout`` seconds."""
    deadline = time.time() + timeout
    while not predicate():
        if time.time() > deadline:
            raise CommandFailed('not within %ss: %s' % (timeout, what))
        time.sleep(interval)


def kill_pidfile(path, sig=signal.SIGTERM, wait=10.0):
    """Stops the process named in a pidfile: ``sig`` first, SIGKILL if it is still there after ``wait``."""
    try:
        with open(path) as f:
            pid = int(f.read().strip())
    except (OSError, ValueError):
        return
    kill_pid(pid, sig, wait)


def stop_popen(proc, sig=signal.SIGTERM, wait=15):
    """Stops a child started with Popen: ``sig`` first, SIGKILL if it is still there after ``wait``."""
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(wait)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def tail(path, n=40):
    """The last ``n`` lines of a log file, or '' if it cannot be read."""
    try:
        with open(path, errors='replace') as f:
            return ''.join(f.readlines()[-n:])
    except OSError:
        return ''


def _alive(pid):
    """True while the process exists and is not a zombie (detached daemons are reaped by PID 1, late)."""
    try:
        with open('/proc/%d/stat' % pid) as f:
            return f.read().rsplit(')', 1)[1].split()[0] not in ('Z', 'X')
    except (OSError, IndexError):
        return False


def kill_pid(pid, sig=signal.SIGTERM, wait=10.0):
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        return
    deadline = time.time() + wait
    while time.time() < deadline:
        if not _alive(pid):
            return
        time.sleep(0.02)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


_children = []


def spawn(node_pid, args, **popen_kw):
    """Starts a background command inside the network namespace of ``node_pid``; :meth:`Testbed.close`
    kills it if it is still running."""
    kw = dict(stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, universal_newlines=True)
    kw.update(popen_kw)
    p = subprocess.Popen(['nsenter', '--net=/proc/%d/ns/net' % node_pid] + list(args), **kw)
    _children.append(p)
    return p


def _kill_children():
    while _children:
        p = _children.pop()
        if p.poll() is None:
            p.kill()
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                pass


# --------------------------------------------------------------------------------------------------
# pcap reading: enough of Ethernet / IPv4 / UDP / VXLAN / ARP to judge captures without tcpdump text.

def _mac(b):
    return ':'.join('%02x' % x for x in b)


def _ip(b):
    return socket.inet_ntoa(b)


def parse_frame(data):
    """Parses an Ethernet frame into a dict; a VXLAN payload is parsed into ``inner``."""
    f = {'dst': _mac(data[0:6]), 'src': _mac(data[6:12]), 'ethertype': None}
    if len(data) < 14:
        return f
    ethertype = struct.unpack('!H', data[12:14])[0]
    off = 14
    if ethertype == 0x8100 and len(data) >= 18:
        ethertype = struct.unpack('!H', data[16:18])[0]
        off = 18
    f['ethertype'] = ethertype
    body = data[off:]
    if ethertype == 0x0806 and len(body) >= 28:
        f['arp'] = {'op': struct.unpack('!H', body[6:8])[0], 'sha': _mac(body[8:14]), 'spa': _ip(body[14:18]),
                    'tha': _mac(body[18:24]), 'tpa': _ip(body[24:28])}
    elif ethertype == 0x0800 and len(body) >= 20:
        ihl = (body[0] & 0x0f) * 4
        proto = body[9]
        f['ip'] = {'src': _ip(body[12:16]), 'dst': _ip(body[16:20]), 'proto': proto, 'ttl': body[8]}
        l4 = body[ihl:]
        if proto == 17 and len(l4) >= 8:
            sport, dport = struct.unpack('!HH', l4[0:4])
            f['udp'] = {'sport': sport, 'dport': dport}
            if dport == 4789 and len(l4) >= 16:
                vx = l4[8:16]
                f['vxlan'] = {'flags': vx[0], 'vni': (vx[4] << 16) | (vx[5] << 8) | vx[6]}
                f['inner'] = parse_frame(l4[16:])
        elif proto == 1 and len(l4) >= 1:
            f['icmp'] = {'type': l4[0]}
    return f


def read_pcap(path):
    """Frames of a classic pcap file (Ethernet link type), parsed with :func:`parse_frame`."""
    with open(path, 'rb') as fh:
        data = fh.read()
    if len(data) < 24:
        return []
    magic = struct.unpack('<I', data[:4])[0]
    if magic in (0xa1b2c3d4, 0xa1b23c4d):
        e = '<'
    elif magic in (0xd4c3b2a1, 0x4d3cb2a1):
        e = '>'
    else:
        raise ValueError('not a pcap file: %s' % path)
    linktype = struct.unpack(e + 'I', data[20:24])[0]
    if linktype != 1:
        raise ValueError('pcap link type %d, expected Ethernet' % linktype)
    frames = []
    off = 24
    while off + 16 <= len(data):
        _, _, incl, _ = struct.unpack(e + 'IIII', data[off:off + 16])
        frames.append(parse_frame(data[off + 16:off + 16 + incl]))
        off += 16 + incl
    return frames


class Capture:
    """tcpdump writing a pcap file, inside the network namespace of a node."""

    def __init__(self, node, intf, path, bpf=()):
        self.node = node
        self.intf = intf
        self.path = path
        cmd = ['tcpdump', '-nn', '-U', '--immediate-mode', '-Z', 'root', '-s', '256', '-i', intf, '-w', path]
        self.proc = spawn(node.pid, cmd + list(bpf), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          universal_newlines=False)
        self._stderr = b''
        deadline = time.time() + 10
        while b'listening on' not in self._stderr:
            left = deadline - time.time()
            if left <= 0 or self.proc.poll() is not None:
                self.proc.kill()
                raise CommandFailed('tcpdump on %s:%s did not start: %s' % (node.name, intf, self._stderr))
            r, _, _ = select.select([self.proc.stderr], [], [], left)
            if r:
                chunk = os.read(self.proc.stderr.fileno(), 4096)
                if not chunk:
                    continue
                self._stderr += chunk

    def stop(self):
        """Stops tcpdump (after a short grace for frames in flight) and returns the parsed frames."""
        if self.proc.poll() is None:
            time.sleep(0.2)
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stderr.close()
        return read_pcap(self.path)

    def text(self, *flags):
        """tcpdump's own decoding of the capture (e.g. ``-v`` shows ``vni 256``)."""
        return run(['tcpdump', '-nn', '-e', '-r', self.path] + list(flags), check=False).stdout


# --------------------------------------------------------------------------------------------------

class FakeUpstreamDns:
    """The 'outside world's resolver for the controller's --dns-upstream: a UDP server on loopback that knows one
    name (OUTSIDE_NAME -> OUTSIDE_ADDRESS) and answers NXDOMAIN for every other. Counts the queries it got."""

    OUTSIDE_NAME = 'outside.example'
    OUTSIDE_ADDRESS = '192.0.2.10'

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(('127.0.0.1', 0))
        self.port = self.sock.getsockname()[1]
        self.queries = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while True:
            try:
                data, peer = self.sock.recvfrom(2048)
            except OSError:
                return
            if len(data) < 12:
                continue
            end = 12
            labels = []
            while end < len(data) and data[end] != 0:
                labels.append(data[end + 1:end + 1 + data[end]].decode('ascii', 'replace'))
                end += 1 + data[end]
            question = data[12:end + 5]
            name = '.'.join(labels).lower()
            qtype = struct.unpack('!H', data[end + 1:end + 3])[0] if end + 3 <= len(data) else 0
            self.queries.append(name)
            known = name == self.OUTSIDE_NAME
            answers = 1 if known and qtype == 1 else 0
            flags = 0x8180 | (0 if known else 3)
            reply = data[:2] + struct.pack('!HHHHH', flags, 1, answers, 0, 0) + question
            if answers:
                reply += struct.pack('!HHHIH', 0xC00C, 1, 1, 60, 4) + socket.inet_aton(self.OUTSIDE_ADDRESS)
            self.sock.sendto(reply, peer)

    def close(self):
        self.sock.close()


class Controller:
    """The packaged controller (weft.jar) in the root namespace, on free ports, with a fresh data dir; the networks'
    DNS forwards outside names to a fake upstream resolver."""

    def __init__(self, workdir):
        self.data_dir = os.path.join(workdir, 'controller-state')
        self.log_path = os.path.join(workdir, 'controller.log')
        self.openflow_port = free_port()
        self.ovsdb_port = free_port()
        self.rest_port = free_port()
        self.proc = None
        self.upstream_dns = FakeUpstreamDns()

    @property
    def url(self):
        return 'https://127.0.0.1:%d' % self.rest_port

    @property
    def mgmt_url(self):
        """The REST API as a hypervisor node reaches it (the controller's certificate names this address)."""
        return 'https://%s:%d' % (MGMT_ROOT_IP, self.rest_port)

    @property
    def ca_path(self):
        """The controller's CA certificate: what every client checks the HTTPS API against."""
        return os.path.join(self.data_dir, 'pki', 'ca-cert.pem')

    @property
    def admin_token_path(self):
        """The first admin token, written by the controller when it made its CA: the operator's credentials."""
        return os.path.join(self.data_dir, 'pki', 'admin-token')

    def cli_credentials(self, token_path=None):
        """The CLI options that reach this controller's HTTPS API with a token (the admin's by default)."""
        return ['--controller', self.mgmt_url, '--ca', self.ca_path, '--token-file', token_path or self.admin_token_path]

    def start(self, timeout=60):
        logf = open(self.log_path, 'ab')
        self.proc = subprocess.Popen(
            ['java'] + CONTROLLER_JVM + ['-jar', JAR, 'controller', '--tls', '--listen', '0.0.0.0',
                                         '--tls-name', MGMT_ROOT_IP,
                                         '--openflow-port', str(self.openflow_port),
                                         '--ovsdb-port', str(self.ovsdb_port), '--rest-port', str(self.rest_port),
                                         '--data-dir', self.data_dir,
                                         '--dns-upstream', '127.0.0.1:%d' % self.upstream_dns.port,
                                         # CNI endpoints whose port is gone go after 5 s, not a minute (test_cni)
                                         '--unplugged-grace', str(UNPLUGGED_GRACE)],
            stdout=logf, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        logf.close()
        self._tls = None
        deadline = time.time() + timeout
        while True:
            if self.proc.poll() is not None:
                raise CommandFailed('controller exited with %s; log:\n%s' % (self.proc.returncode, self.log_tail()))
            try:
                status, _ = self.request('GET', '/api/v1/health', timeout=2)
                if status == 200:
                    return
            except (OSError, ssl.SSLError):
                pass
            if time.time() > deadline:
                raise CommandFailed('controller not healthy after %ds; log:\n%s' % (timeout, self.log_tail()))
            time.sleep(0.1)

    def kill(self, sig=signal.SIGKILL):
        if self.proc is None:
            return
        stop_popen(self.proc, sig)
        self.proc = None

    def log_tail(self, n=40):
        return tail(self.log_path, n)

    def _context(self):
        if getattr(self, '_tls', None) is None:
            self._tls = ssl.create_default_context(cafile=self.ca_path)
        return self._tls

    def request(self, method, path, body=None, timeout=10, token=None, raw=False):
        """An HTTPS call with the admin token (or ``token``); (status, parsed JSON or text)."""
        data = None if body is None else json.dumps(body).encode()
        headers = {'Content-Type': 'application/json'}
        if token is None and os.path.exists(self.admin_token_path):
            with open(self.admin_token_path) as f:
                token = f.read().strip()
        if token:
            headers['Authorization'] = 'Bearer ' + token
        req = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=timeout, context=self._context()) as resp:
                if raw:
                    return resp.status, resp.read().decode()
                text = resp.read().decode()
                return resp.status, (json.loads(text) if text else None)
        except urllib.error.HTTPError as e:
            text = e.read().decode()
            try:
                return e.code, json.loads(text)
            except ValueError:
                return e.code, text

    def get(self, path):
        return self.request('GET', path)

    def create_network(self, name, subnet, **extra):
        body = dict(name=name, subnet=subnet, **extra)
        status, net = self.request('POST', '/api/v1/networks', body)
        if status != 201:
            raise CommandFailed('create network %s -> %s %s' % (name, status, net))
        return net

    def create_token(self, scope, path):
        """POST /api/v1/tokens; the token is written to ``path`` (0600), as ``weft token create --out`` does."""
        status, created = self.request('POST', '/api/v1/tokens', {'scope': scope, 'description': 'mininet ' + scope})
        if status != 201:
            raise CommandFailed('token %s -> %s %s' % (scope, status, created))
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 'w') as f:
            f.write(created['token'] + '\n')
        return path

    def admit(self, host):
        """POST /api/v1/hosts: the controller issues the host's certificate (weft host add does the same)."""
        status, admitted = self.request('POST', '/api/v1/hosts', {'name': host})
        if status != 201:
            raise CommandFailed('admit %s -> %s %s' % (host, status, admitted))
        return admitted

    def await_host(self, host, condition, what, timeout=60):
        """Polls GET /hosts/HOST until condition(host JSON) holds; returns that JSON."""
        deadline = time.time() + timeout
        last = None
        while time.time() < deadline:
            status, last = self.request('GET', '/api/v1/hosts/' + host)
            if status == 200 and condition(last):
                return last
            time.sleep(0.2)
        raise CommandFailed('host %s: not %s after %ds: %s' % (host, what, timeout, last))

    def await_ready(self, host, timeout=60):
        deadline = time.time() + timeout
        last = None
        while True:
            try:
                status, last = self.get('/api/v1/hosts/' + host)
                if status == 200 and last.get('ready'):
                    return last
            except OSError as e:
                last = e
            if time.time() > deadline:
                raise CommandFailed('host %s not ready after %ds: %s' % (host, timeout, last))
            time.sleep(0.1)


class Hypervisor:
    """A Mininet host node running its own ovsdb-server + ovs-vswitchd (netdev)."""

    def __init__(self, testbed, index, node):
        self.testbed = testbed
        self.index = index
        self.node = node
        self.name = node.name
        self.dir = os.path.join(testbed.workdir, self.name)
        self.tunnel_ip = '198.18.0.%d' % index
        self.mgmt_ip = '198.19.128.%d' % index
        self.underlay = '%s-eth0' % self.name
        self.mgmt = '%s-eth1' % self.name
        self.daemons = []

    @property
    def db(self):
        return os.path.join(self.dir, 'db.sock')

    def env(self):
        return {'OVS_RUNDIR': self.dir, 'OVS_DBDIR': self.dir, 'OVS_LOGDIR': self.dir}

    def sh(self, *args, **kw):
        """Runs a command inside this node's network namespace."""
        return run(args, netns_pid=self.node.pid, env=self.env(), **kw)

    def vsctl(self, *args):
        return self.sh('ovs-vsctl', '--db=unix:' + self.db, '--timeout=20', *args).stdout.strip()

    def ofctl(self, command, bridge, *args):
        return self.sh('ovs-ofctl', '-O', 'OpenFlow13,OpenFlow14', command,
                       os.path.join(self.dir, bridge + '.mgmt'), *args).stdout

    def appctl(self, *args):
        return self.sh('ovs-appctl', '-t', os.path.join(self.dir, 'ovs-vswitchd.ctl'), *args).stdout

    def mod_flows_now(self, bridge, spec):
        """Changes flows by hand and drops the datapath's cached flows, so the next packet sees the change (the
        revalidators would otherwise apply it only within about half a second)."""
        self.ofctl('mod-flows', bridge, spec)
        self.appctl('revalidator/purge')

    def start_ovs(self):
        os.makedirs(self.dir)
        d = self.dir
        run(['ovsdb-tool', 'create', os.path.join(d, 'conf.db'), OVS_SCHEMA])
        self.daemons.append(os.path.join(d, 'ovsdb-server.pid'))
        self.sh('ovsdb-server', os.path.join(d, 'conf.db'), '--remote=punix:' + self.db,
                '--remote=db:Open_vSwitch,Open_vSwitch,manager_options',
                # as Debian's ovs-ctl starts it: ssl: managers use the keys `ovs-vsctl set-ssl` records
                '--private-key=db:Open_vSwitch,SSL,private_key', '--certificate=db:Open_vSwitch,SSL,certificate',
                '--bootstrap-ca-cert=db:Open_vSwitch,SSL,ca_cert',
                '--pidfile=' + os.path.join(d, 'ovsdb-server.pid'), '--unixctl=' + os.path.join(d, 'ovsdb-server.ctl'),
                '--log-file=' + os.path.join(d, 'ovsdb-server.log'), '--detach')
        self.sh('ovs-vsctl', '--db=unix:' + self.db, '--no-wait', 'init')
        self.daemons.append(os.path.join(d, 'ovs-vswitchd.pid'))
        self.sh('ovs-vswitchd', 'unix:' + self.db, '--enable-dummy', '--disable-system',
                '--pidfile=' + os.path.join(d, 'ovs-vswitchd.pid'), '--unixctl=' + os.path.join(d, 'ovs-vswitchd.ctl'),
                '--log-file=' + os.path.join(d, 'ovs-vswitchd.log'), '--detach')

    def plumb_underlay(self):
        # Only br-phy (which holds the tunnel IP) answers ARP for it: without arp_ignore=1 the kernel
        # also answers on the underlay port OVS holds, a second reply with the wrong MAC.
        self.sh('sysctl', '-q', '-w', 'net.ipv4.conf.all.arp_ignore=1')
        self.sh('sysctl', '-q', '-w', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1')
        self.vsctl('add-br', 'br-phy', '--', 'set', 'Bridge', 'br-phy', 'datapath_type=netdev',
                   '--', 'add-port', 'br-phy', self.underlay)
        self.sh('ip', 'addr', 'flush', 'dev', self.underlay)
        self.sh('ip', 'link', 'set', self.underlay, 'up')
        self.sh('ip', 'addr', 'add', self.tunnel_ip + '/24', 'dev', 'br-phy')
        self.sh('ip', 'link', 'set', 'br-phy', 'up')

    def plumb_underlay_on_a_plain_interface(self):
        """The mistake the netdev datapath punishes: the tunnel IP on the underlay interface itself, not on an OVS
        bridge. OVS then has no route for its userspace tunnel and every VXLAN frame to another host is lost."""
        self.sh('sysctl', '-q', '-w', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1')
        self.sh('ip', 'link', 'set', self.underlay, 'up')
        self.sh('ip', 'addr', 'add', self.tunnel_ip + '/24', 'dev', self.underlay)

    def join(self, controller):
        """The secure join the README documents: the host is admitted (its certificate issued), then it
        sets its keys, its two external_ids and an ssl: manager."""
        admitted = controller.admit(self.name)
        files = []
        for field, name in (('privateKey', 'weft-privkey.pem'), ('certificate', 'weft-cert.pem'),
                            ('caCertificate', 'weft-cacert.pem')):
            path = os.path.join(self.dir, name)
            with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 'w') as f:
                f.write(admitted[field])
            files.append(path)
        self.vsctl('set-ssl', *files)
        # What this host's own tools (weft attach, the Docker plugin) show the API: a token for this host only.
        self.token_path = controller.create_token('host:' + self.name, os.path.join(self.dir, 'weft-token'))
        self.vsctl('set', 'Open_vSwitch', '.', 'external_ids:system-id=' + self.name,
                   'external_ids:weft-tunnel-ip=' + self.tunnel_ip, 'external_ids:weft-datapath-type=netdev')
        # One manager per controller: a cluster's hosts list every member (clusternet.py).
        addresses = controller.manager_ips if hasattr(type(controller), 'manager_ips') else [MGMT_ROOT_IP]
        self.vsctl('set-manager', *['ssl:%s:%d' % (ip, controller.ovsdb_port) for ip in addresses])

    def restart_vswitchd(self):
        """Kills ovs-vswitchd (SIGKILL: a crash) and starts it again on the same database. Its flows are
        gone, and so is br-phy's kernel device with the tunnel IP, which the host re-adds as its network
        configuration would."""
        d = self.dir
        kill_pidfile(os.path.join(d, 'ovs-vswitchd.pid'), sig=signal.SIGKILL)
        self.sh('ovs-vswitchd', 'unix:' + self.db, '--enable-dummy', '--disable-system',
                '--pidfile=' + os.path.join(d, 'ovs-vswitchd.pid'), '--unixctl=' + os.path.join(d, 'ovs-vswitchd.ctl'),
                '--log-file=' + os.path.join(d, 'ovs-vswitchd.log'), '--detach')
        deadline = time.time() + 20
        while not os.path.exists('/proc/%d/ns/net' % self.node.pid) or \
                self.sh('ip', 'link', 'show', 'br-phy', check=False).returncode != 0:
            if time.time() > deadline:
                raise CommandFailed('br-phy did not come back on %s' % self.name)
            time.sleep(0.1)
        self.sh('ip', 'addr', 'replace', self.tunnel_ip + '/24', 'dev', 'br-phy')
        self.sh('ip', 'link', 'set', 'br-phy', 'up')

    def stop_ovs(self):
        for pidfile in reversed(self.daemons):
            kill_pidfile(pidfile)
        self.daemons = []

    def weft(self, *args, check=True, timeout=120):
        """Runs the packaged CLI inside this node's namespace against the controller (and, for the host
        plumbing commands attach/detach, against this node's OVS)."""
        ctl = self.testbed.controller
        if args[0] in ('attach', 'detach'):
            # the host's own plumbing, with the host's token; anything else is the operator's, with the admin's
            extra = ctl.cli_credentials(self.token_path) + ['--ovs-db', 'unix:' + self.db]
        else:
            extra = ctl.cli_credentials()
        return self.sh('java', *CLI_JVM, '-jar', JAR, *args, *extra, check=check, timeout=timeout)


class Container:
    """A Mininet host (network namespace) attached to a Weft network by ``weft attach``."""

    def __init__(self, name, node, hypervisor, network):
        self.name = name
        self.node = node
        self.hypervisor = hypervisor
        self.network = network
        self.endpoint = None

    @property
    def ip(self):
        return self.endpoint['ip']

    @property
    def mac(self):
        return self.endpoint['mac']

    @property
    def netns(self):
        return '/proc/%d/ns/net' % self.node.pid

    def sh(self, *args, **kw):
        return run(args, netns_pid=self.node.pid, **kw)

    def ping(self, ip, count=3, wait=2, interval=None, extra=()):
        args = ['ping', '-n', '-c', str(count), '-W', str(wait)]
        if interval:
            args += ['-i', str(interval)]
        p = self.sh(*(args + list(extra) + [ip]), check=False, timeout=count * (wait + 1) + 30)
        m = re.search(r'(\d+) packets transmitted, (\d+) received', p.stdout)
        return (int(m.group(1)), int(m.group(2)), p.stdout) if m else (count, 0, p.stdout + p.stderr)

    def warm_up(self, ip, tries=10):
        """The first packet to a new tunnel peer may be lost while OVS resolves the underlay ARP."""
        for _ in range(tries):
            if self.ping(ip, count=1, wait=1)[1] == 1:
                return True
        return False


class Testbed:
    """N hypervisor nodes on one underlay, a controller, and containers attached with weft attach."""

    def __init__(self, nodes=2, prefix='weft-mn-'):
        if os.geteuid() != 0:
            raise RuntimeError('the Mininet suite needs root')
        if not os.path.exists(JAR):
            raise RuntimeError('%s missing: build it with `mvn -B -q -o install -DskipTests`' % JAR)
        setLogLevel(os.environ.get('WEFT_MN_LOGLEVEL', 'error'))
        self.workdir = tempfile.mkdtemp(prefix=prefix)
        self.n = nodes
        self.net = None
        self.hypervisors = []
        self.containers = {}
        self.controller = None
        self._closed = False
        _open_testbeds.append(self)

    def start(self):
        started = time.time()
        self.controller = Controller(self.workdir)
        self.controller.start()
        log('controller on rest %d ovsdb %d openflow %d (%.1fs)' % (
            self.controller.rest_port, self.controller.ovsdb_port, self.controller.openflow_port, time.time() - started))
        self._start_net()
        self._join_nodes()
        log('testbed with %d nodes up in %.1fs' % (self.n, time.time() - started))
        return self

    def _start_net(self):
        """The two LinuxBridges and the node namespaces, and the root namespace's management address."""
        net = Mininet(topo=None, controller=None, build=False, switch=LinuxBridge, autoSetMacs=False,
                      waitConnected=False)
        self.net = net
        underlay = net.addSwitch('wfu0', cls=LinuxBridge, dpid='1')
        mgmt = net.addSwitch('wfm0', cls=LinuxBridge, dpid='2')
        self._nodes = []
        for i in range(1, self.n + 1):
            h = net.addHost('node%d' % i, ip=None)
            net.addLink(h, underlay)  # nodeN-eth0
            net.addLink(h, mgmt, params1={'ip': '198.19.128.%d/24' % i})  # nodeN-eth1
            self._nodes.append(h)
        net.build()
        net.start()
        # the root namespace's management address: on the management bridge device itself
        run(['ip', 'addr', 'add', MGMT_ROOT_IP + '/24', 'dev', 'wfm0'])
        run(['ip', 'link', 'set', 'wfm0', 'up'])

    def _join_nodes(self):
        for i, h in enumerate(self._nodes, start=1):
            hv = Hypervisor(self, i, h)
            self.hypervisors.append(hv)
            hv.start_ovs()
            hv.plumb_underlay()
            hv.join(self.controller)
        for hv in self.hypervisors:
            self.controller.await_ready(hv.name)

    def add_hypervisor(self, plumb=Hypervisor.plumb_underlay):
        """A host that joins later: a new node on both LinuxBridges, its own OVS, the two join commands."""
        i = len(self.hypervisors) + 1
        h = self.net.addHost('node%d' % i, ip=None)
        links = [self.net.addLink(h, self.net['wfu0']),
                 self.net.addLink(h, self.net['wfm0'], params1={'ip': '198.19.128.%d/24' % i})]
        for link in links:
            # A LinuxBridge enslaves its ports when it starts; a port added later must be enslaved by hand.
            bridge_port = link.intf2
            run(['ip', 'link', 'set', bridge_port.name, 'master', bridge_port.node.name])
            run(['ip', 'link', 'set', bridge_port.name, 'up'])
        hv = Hypervisor(self, i, h)
        self.hypervisors.append(hv)
        hv.start_ovs()
        plumb(hv)
        hv.join(self.controller)
        self.controller.await_ready(hv.name)
        return hv

    def hv(self, i):
        return self.hypervisors[i - 1]

    def add_container(self, name, hv_index, network, ip=None, mac=None):
        """Creates the container node (no links yet): attach it with :meth:`attach`."""
        node = self.net.addHost(name, ip=None)
        node.configDefault(ip=None, mac=None)
        c = Container(name, node, self.hv(hv_index), network)
        self.containers[name] = c
        c.want_ip = ip
        c.want_mac = mac
        return c

    def attach_args(self, c, endpoint_name=None):
        args = ['attach', '--network', c.network, '--name', endpoint_name or c.name, '--netns', c.netns,
                '--timeout', '60', '--json']
        if c.want_ip:
            args += ['--ip', c.want_ip]
        if c.want_mac:
            args += ['--mac', c.want_mac]
        return args

    def attach(self, *containers):
        """Runs ``weft attach`` for each container (in parallel: one CLI JVM each) and records the endpoints."""
        procs = []
        for c in containers:
            cmd = ['nsenter', '--net=/proc/%d/ns/net' % c.hypervisor.node.pid, 'java'] + CLI_JVM + [
                '-jar', JAR] + self.attach_args(c) + ['--ovs-db', 'unix:' + c.hypervisor.db] + \
                self.controller.cli_credentials(c.hypervisor.token_path)
            procs.append((c, cmd, subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                                   stdin=subprocess.DEVNULL, universal_newlines=True)))
        errors = []
        for c, cmd, p in procs:
            out, err = p.communicate(timeout=180)
            if p.returncode != 0:
                errors.append('%s -> exit %d\n%s\n%s' % (' '.join(cmd), p.returncode, out, err))
                continue
            c.endpoint = json.loads(out)
        if errors:
            raise CommandFailed('\n'.join(errors))

    def detach(self, c, check=True):
        return c.hypervisor.weft('detach', '--network', c.network, '--name', c.name, '--netns', c.netns, check=check)

    def remove_container(self, c):
        """Stops the container node (its namespace and veth disappear with it)."""
        c.node.terminate()
        if c.node in self.net.hosts:
            self.net.hosts.remove(c.node)
        self.net.nameToNode.pop(c.name, None)
        self.containers.pop(c.name, None)

    def capture(self, node, intf, bpf=()):
        path = tempfile.mktemp(prefix='cap-%s-' % node.name, suffix='.pcap', dir=self.workdir)
        return Capture(node, intf, path, bpf)

    def close(self):
        if self._closed:
            return
        self._closed = True
        _kill_children()
        for hv in self.hypervisors:
            try:
                hv.stop_ovs()
            except Exception as e:  # keep cleaning up
                print('cleanup %s: %s' % (hv.name, e))
        if self.controller is not None:
            self.controller.kill(signal.SIGTERM)
        if self.net is not None:
            try:
                self.net.stop()
            except Exception as e:
                print('cleanup mininet: %s' % e)
        # leftovers of a half-built net: the bridges are in the root namespace
        for br in ('wfu0', 'wfm0'):
            if os.path.exists('/sys/class/net/' + br):
                run(['ip', 'link', 'del', br], check=False)
        if os.environ.get('WEFT_MN_KEEP') != '1':
            shutil.rmtree(self.workdir, ignore_errors=True)
        if self in _open_testbeds:
            _open_testbeds.remove(self)


@atexit.register
def _close_all():
    for tb in list(_open_testbeds):
        tb.close()
