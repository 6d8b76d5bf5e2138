#!/usr/bin/python3
"""Weft's cluster mode in Mininet: three controllers on a 3-member etcd, hosts that list all three (issue 20).

Each controller runs in the root namespace on its own management address (198.19.128.251, .252, .253, added to
``wfm0``) with the same ports, with ``--tls``: the first to start publishes its CA in etcd and the others take it,
so a host's certificate is good at each. etcd runs on loopback with its default timers (leases of 2 s). Hosts join
as the README documents, with one ``ssl:`` manager per controller.
"""

import glob
import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

import weftnet
from weftnet import CommandFailed, log, run

ETCD = '/usr/bin/etcd'
CONTROLLER_IPS = ['198.19.128.251', '198.19.128.252', '198.19.128.253']


class Etcd:
    """Three etcd members on loopback, data on tmpfs."""

    def __init__(self, workdir):
        self.dir = os.path.join('/dev/shm' if os.path.isdir('/dev/shm') else workdir,
                                'weft-mn-etcd-%d' % os.getpid())
        ports = [weftnet.free_port() for _ in range(6)]
        self.client = ports[:3]
        self.peer = ports[3:]
        self.procs = []

    @property
    def store(self):
        return 'etcd://' + ','.join('127.0.0.1:%d' % p for p in self.client) + '/mn'

    def start(self):
        cluster = ','.join('m%d=http://127.0.0.1:%d' % (i, p) for i, p in enumerate(self.peer))
        for i in range(3):
            data = os.path.join(self.dir, 'm%d' % i)
            os.makedirs(data, exist_ok=True)
            logf = open(os.path.join(self.dir, 'm%d.log' % i), 'ab')
            self.procs.append(subprocess.Popen(
                [ETCD, '--name', 'm%d' % i, '--data-dir', data,
                 '--listen-client-urls', 'http://127.0.0.1:%d' % self.client[i],
                 '--advertise-client-urls', 'http://127.0.0.1:%d' % self.client[i],
                 '--listen-peer-urls', 'http://127.0.0.1:%d' % self.peer[i],
                 '--initial-advertise-peer-urls', 'http://127.0.0.1:%d' % self.peer[i],
                 '--initial-cluster', cluster, '--initial-cluster-state', 'new',
                 '--initial-cluster-token', 'weft-mn-%d' % os.getpid()],
                stdout=logf, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True))
            logf.close()
        for port in self.client:
            weftnet.wait_for(lambda p=port: self._healthy(p), 30, 'etcd on %d healthy' % port)

    @staticmethod
    def _healthy(port):
        try:
            with urllib.request.urlopen('http://127.0.0.1:%d/health' % port, timeout=1) as r:
                return json.loads(r.read().decode()).get('health') == 'true'
        except (OSError, ValueError):
            return False

    def close(self):
        for p in self.procs:
            weftnet.stop_popen(p, signal.SIGKILL)
        self.procs = []
        subprocess.run(['rm', '-rf', self.dir], check=False)


class ClusterMember(weftnet.Controller):
    """One controller of the cluster, on its own management address."""

    def __init__(self, workdir, index, ports, etcd):
        super().__init__(os.path.join(workdir, 'c%d' % index))
        os.makedirs(os.path.join(workdir, 'c%d' % index), exist_ok=True)
        self.index = index
        self.ip = CONTROLLER_IPS[index]
        self.openflow_port, self.ovsdb_port, self.rest_port = ports
        self.etcd = etcd

    @property
    def url(self):
        return 'https://%s:%d' % (self.ip, self.rest_port)

    @property
    def mgmt_url(self):
        return self.url

    @property
    def admin_token_path(self):
        """The cluster's first admin token: in the data directory of whichever member led first."""
        found = glob.glob(os.path.join(os.path.dirname(os.path.dirname(self.data_dir)), 'c*', 'controller-state',
                                       'pki', 'admin-token'))
        return found[0] if found else os.path.join(self.data_dir, 'pki', 'admin-token')

    def start(self, timeout=60):
        logf = open(self.log_path, 'ab')
        self.proc = subprocess.Popen(
            ['java'] + weftnet.CONTROLLER_JVM + ['-jar', weftnet.JAR, 'controller', '--tls', '--listen', self.ip,
                                                 '--tls-name', self.ip,
                                                 '--openflow-port', str(self.openflow_port),
                                                 '--ovsdb-port', str(self.ovsdb_port),
                                                 '--rest-port', str(self.rest_port),
                                                 '--data-dir', self.data_dir, '--store', self.etcd.store,
                                                 '--member', 'c%d' % self.index,
                                                 '--dns-upstream', '127.0.0.1:%d' % self.upstream_dns.port,
                                                 '--unplugged-grace', str(weftnet.UNPLUGGED_GRACE)],
            stdout=logf, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        logf.close()
        self._tls = None
        deadline = time.time() + timeout
        while self.status() is None:
            if self.proc.poll() is not None:
                raise CommandFailed('c%d exited with %s; log:\n%s' % (self.index, self.proc.returncode,
                                                                      self.log_tail()))
            if time.time() > deadline:
                raise CommandFailed('c%d not answering after %ds; log:\n%s' % (self.index, timeout, self.log_tail()))
            time.sleep(0.1)

    def status(self):
        """GET /api/v1/cluster, or None if it does not answer."""
        if not os.path.exists(self.ca_path):
            return None
        try:
            status, body = self.request('GET', '/api/v1/cluster', timeout=2)
            return body if status == 200 else None
        except (OSError, ValueError):
            return None

    def serves(self):
        """It leads and its own API answers (a standby forwards to the leader; one being promoted answers 503)."""
        status = self.status()
        if status is None or status.get('role') != 'leader':
            return False
        try:
            return self.request('GET', '/api/v1/networks', timeout=2)[0] == 200
        except OSError:
            return False

    def alive(self):
        return self.proc is not None and self.proc.poll() is None


class Cluster:
    """The three members, seen as one controller: every call goes to the member that leads now."""

    manager_ips = CONTROLLER_IPS

    def __init__(self, workdir):
        self.workdir = workdir
        self.etcd = Etcd(workdir)
        ports = (weftnet.free_port(), weftnet.free_port(), weftnet.free_port())
        self.members = [ClusterMember(workdir, i, ports, self.etcd) for i in range(3)]
        self.openflow_port, self.ovsdb_port, self.rest_port = ports
        self.upstream_dns = self.members[0].upstream_dns

    def start(self):
        self.etcd.start()
        # The first one publishes the CA; the others take it from etcd.
        for m in self.members:
            m.start()
        self.leader()

    def leader(self, timeout=30):
        """The member that leads and serves its API, waiting for one."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            for m in self.members:
                if m.alive() and m.serves():
                    return m
            time.sleep(0.02)
        raise CommandFailed('no leader within %ds:\n%s' % (timeout, '\n'.join(m.log_tail(15) for m in self.members)))

    # The Controller interface the testbed and tests use, at the leader.
    @property
    def url(self):
        return self.leader().url

    @property
    def mgmt_url(self):
        return self.leader().url

    @property
    def ca_path(self):
        return self.members[0].ca_path

    @property
    def admin_token_path(self):
        return self.members[0].admin_token_path

    def cli_credentials(self, token_path=None):
        return ['--controller', self.mgmt_url, '--ca', self.ca_path, '--token-file', token_path or self.admin_token_path]

    def request(self, method, path, body=None, timeout=10, token=None, raw=False):
        leader = self.leader()
        if token is None:
            with open(self.admin_token_path) as f:
                token = f.read().strip()
        return leader.request(method, path, body=body, timeout=timeout, token=token, raw=raw)

    def get(self, path):
        return self.request('GET', path)

    def __getattr__(self, name):
        # create_network, create_token, admit, await_host, await_ready: the Controller's, through request()
        method = getattr(weftnet.Controller, name)
        return lambda *a, **kw: method(self, *a, **kw)

    def log_tail(self, n=40):
        return '\n'.join('--- c%d\n%s' % (m.index, m.log_tail(n)) for m in self.members)

    def kill(self, sig=signal.SIGTERM):
        for m in self.members:
            m.kill(sig)

    def close(self):
        self.kill(signal.SIGTERM)
        self.etcd.close()


class ClusterTestbed(weftnet.Testbed):
    """The testbed with a cluster of three controllers in place of one."""

    def start(self):
        started = time.time()
        self.controller = Cluster(self.workdir)
        self._start_net()
        for ip in CONTROLLER_IPS:
            run(['ip', 'addr', 'add', ip + '/24', 'dev', 'wfm0'])
        self.controller.start()
        log('cluster of 3 on etcd up (%.1fs)' % (time.time() - started))
        self._join_nodes()
        log('testbed with %d nodes and 3 controllers up in %.1fs' % (self.n, time.time() - started))
        return self

    def close(self):
        if self.controller is not None:
            self.controller.close()
        super().close()
