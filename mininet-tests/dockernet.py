#!/usr/bin/python3
"""Docker on Weft testbed hypervisors: one dockerd and one ``weft docker-plugin`` per node.

Each dockerd runs in its node's network namespace (``nsenter``: ``ip netns exec`` breaks dockerd's cgroup
setup) and in a private mount namespace where the node's own plugin directory is bind-mounted on
``/run/docker/plugins``, so every node's Docker finds *its* plugin as ``weft``. Data root, exec root,
API socket and pidfile live in the node's work directory. No registry is reachable: the image is a
``docker import`` of a tarball holding Debian's busybox-static.
"""

import os
import shutil
import signal
import subprocess
import tempfile
import time

import weftnet

DOCKERD = shutil.which('dockerd') or '/usr/sbin/dockerd'
# Debian's client, which matches dockerd 20.10's API; a newer client earlier on PATH may refuse it.
DOCKER = '/usr/bin/docker' if os.path.exists('/usr/bin/docker') else shutil.which('docker')
BUSYBOX = '/bin/busybox'
IMAGE = 'weft-busybox:latest'
PLUGIN_JVM = ['-Xmx256m', '-XX:+UseSerialGC']


def busybox_tarball(workdir):
    """A root filesystem with busybox and the applets the tests use, as a tar file."""
    root = tempfile.mkdtemp(prefix='busybox-root-', dir=workdir)
    os.makedirs(os.path.join(root, 'bin'))
    os.makedirs(os.path.join(root, 'etc'))
    shutil.copy(BUSYBOX, os.path.join(root, 'bin', 'busybox'))
    for applet in ('sh', 'ping', 'ip', 'hostname', 'cat', 'sleep', 'ls', 'ifconfig', 'route', 'arping', 'nc'):
        os.symlink('busybox', os.path.join(root, 'bin', applet))
    path = os.path.join(workdir, 'busybox.tar')
    weftnet.run(['tar', '-C', root, '-cf', path, '.'])
    return path


class DockerHost:
    """dockerd + the weft plugin on one hypervisor node."""

    def __init__(self, hypervisor):
        self.hv = hypervisor
        self.dir = os.path.join(hypervisor.dir, 'docker')
        self.plugins = os.path.join(self.dir, 'plugins')
        self.socket = os.path.join(self.dir, 'docker.sock')
        self.pidfile = os.path.join(self.dir, 'dockerd.pid')
        self.state_dir = os.path.join(self.dir, 'plugin-state')
        self.plugin_log = os.path.join(self.dir, 'plugin.log')
        self.dockerd_log = os.path.join(self.dir, 'dockerd.log')
        self.plugin = None
        os.makedirs(self.plugins, exist_ok=True)

    # ---- dockerd

    def start_dockerd(self, timeout=60):
        os.makedirs('/run/docker/plugins', exist_ok=True)
        script = ('set -e; mount --make-rprivate /; mount --bind {plugins} /run/docker/plugins; '
                  'exec nsenter --net=/proc/{pid}/ns/net {dockerd} --data-root {d}/data --exec-root {d}/exec '
                  '-H unix://{sock} --pidfile {pidfile} --bridge=none '
                  '--storage-driver overlay2 --shutdown-timeout 2 --cgroup-parent weft-{name}').format(
            plugins=self.plugins, pid=self.hv.node.pid, dockerd=DOCKERD, d=self.dir, sock=self.socket,
            pidfile=self.pidfile, name=self.hv.name)
        logf = open(self.dockerd_log, 'ab')
        subprocess.Popen(['unshare', '--mount', '--propagation', 'private', 'sh', '-c', script], stdout=logf,
                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        logf.close()
        deadline = time.time() + timeout
        while self.docker('version', check=False).returncode != 0:
            if time.time() > deadline:
                raise weftnet.CommandFailed('dockerd on %s not up after %ds:\n%s' % (
                    self.hv.name, timeout, weftnet.tail(self.dockerd_log)))
            time.sleep(0.2)

    def stop_dockerd(self, remove_containers=True):
        if remove_containers and os.path.exists(self.socket):
            ids = self.docker('ps', '-aq', check=False).stdout.split()
            if ids:
                self.docker('rm', '-f', *ids, check=False, timeout=120)
        weftnet.kill_pidfile(self.pidfile, sig=signal.SIGTERM, wait=30)
        # dockerd's containerd and shims: anything still running from this node's exec root.
        for pid in _pids_with_arg(os.path.join(self.dir, 'exec')):
            weftnet.kill_pid(pid, signal.SIGKILL, wait=5)

    def load_image(self, tarball):
        self.docker('import', tarball, IMAGE)

    def docker(self, *args, check=True, timeout=120):
        return weftnet.run([DOCKER, '-H', 'unix://' + self.socket] + list(args), check=check, timeout=timeout)

    # ---- the plugin

    def start_plugin(self, controller, timeout=60):
        """Starts the plugin as the host would: the controller's HTTPS API, its CA, and this host's own token."""
        logf = open(self.plugin_log, 'ab')
        self.plugin = weftnet.spawn(self.hv.node.pid, [
            'java'] + PLUGIN_JVM + ['-jar', weftnet.JAR, 'docker-plugin'] + controller.cli_credentials(
                self.hv.token_path) + [
                                    '--socket', os.path.join(self.plugins, 'weft.sock'),
                                    '--docker-host', 'unix://' + self.socket, '--ovs-db', 'unix:' + self.hv.db,
                                    '--state-dir', self.state_dir, '--sync-interval', '300'],
            stdout=logf, stderr=subprocess.STDOUT, env=dict(os.environ, **self.hv.env()))
        logf.close()
        deadline = time.time() + timeout
        while 'weft Docker plugin for host' not in weftnet.tail(self.plugin_log, 200):
            if self.plugin.poll() is not None or time.time() > deadline:
                raise weftnet.CommandFailed('plugin on %s did not start:\n%s' % (
                    self.hv.name, weftnet.tail(self.plugin_log)))
            time.sleep(0.1)

    def stop_plugin(self, sig=signal.SIGTERM):
        if self.plugin is not None:
            weftnet.stop_popen(self.plugin, sig)
        self.plugin = None

    def plugin_log_tail(self, n=40):
        return weftnet.tail(self.plugin_log, n)

    # ---- what the tests ask

    def network_names(self):
        out = self.docker('network', 'ls', '--filter', 'driver=weft', '--format', '{{.Name}}').stdout
        return set(out.split())

    def await_network(self, name, present=True, timeout=20):
        deadline = time.time() + timeout
        while (name in self.network_names()) != present:
            if time.time() > deadline:
                raise weftnet.CommandFailed('network %s %s on %s after %ds; plugin log:\n%s' % (
                    name, 'not listed' if present else 'still listed', self.hv.name, timeout,
                    self.plugin_log_tail()))
            time.sleep(0.1)

    def exec(self, container, *args, check=True, timeout=60):
        return self.docker('exec', container, *args, check=check, timeout=timeout)

    def ping(self, container, target, count=3, tries=3):
        """True if ``target`` answers; by default retries, as a tunnel's very first packet may be lost."""
        for _ in range(tries):
            p = self.exec(container, 'ping', '-c', str(count), '-W', '2', target, check=False)
            if p.returncode == 0:
                return True
        return False


def _pids_with_arg(fragment):
    pids = []
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            with open('/proc/%s/cmdline' % entry, 'rb') as f:
                cmdline = f.read().decode(errors='replace')
        except OSError:
            continue
        if fragment in cmdline:
            pids.append(int(entry))
    return pids


class DockerTestbed:
    """A Weft testbed whose hypervisors each run dockerd and the weft plugin."""

    def __init__(self, nodes=2):
        self.tb = weftnet.Testbed(nodes=nodes, prefix='weft-docker-')
        self.hosts = []

    def start(self):
        self.tb.start()
        tarball = busybox_tarball(self.tb.workdir)
        for hv in self.tb.hypervisors:
            host = DockerHost(hv)
            self.hosts.append(host)
            host.start_dockerd()
            host.load_image(tarball)
            host.start_plugin(self.tb.controller)
        return self

    def host(self, i):
        return self.hosts[i - 1]

    def add_outside(self, hv_index=1):
        """A namespace outside the overlay and the underlay that only hypervisor ``hv_index`` reaches, on its own
        link: 203.0.113.2 there, 203.0.113.1 on the hypervisor (the address NAT makes traffic come from)."""
        hv = self.tb.hv(hv_index)
        world = self.tb.net.addHost('world', ip=None)
        world.configDefault(ip=None, mac=None)
        link = self.tb.net.addLink(world, hv.node)
        for node, intf, ip in ((world, link.intf1, '203.0.113.2/24'), (hv.node, link.intf2, '203.0.113.1/24')):
            weftnet.run(['ip', 'addr', 'add', ip, 'dev', intf.name], netns_pid=node.pid)
            weftnet.run(['ip', 'link', 'set', intf.name, 'up'], netns_pid=node.pid)
        world.outside_intf = link.intf1.name
        return world

    def close(self):
        for host in self.hosts:
            try:
                host.stop_dockerd()
            except Exception as e:  # keep cleaning up
                print('cleanup dockerd on %s: %s' % (host.hv.name, e))
            host.stop_plugin()
        self.tb.close()
