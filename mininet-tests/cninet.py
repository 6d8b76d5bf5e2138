#!/usr/bin/python3
"""CNI runtimes on Weft testbed hypervisors: the ``weft`` CNI plugin called by hand, by rootful podman (CNI
backend) and by containerd's ``ctr run --cni``.

Everything runs in the hypervisor node's network namespace (``nsenter --net``), where that host's br-int is, and
is configured per node (its own podman storage and CNI config directory, its own containerd): nothing of the
machine's own configuration is read or changed. The plugin is the binary ``bin/build-cni`` builds.
"""

import json
import os
import shutil
import subprocess
import tempfile
import time

import dockernet
import weftnet

PLUGIN = os.environ.get('WEFT_CNI', os.path.join(weftnet.ROOT, 'apps', 'cni', 'target', 'weft'))
PODMAN = '/usr/bin/podman'
VERSIONS = ('0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0')
# podman 4.3 and containerd 1.6 are built with libcni 1.1, which reads results up to spec 1.0.0.
RUNTIME_VERSION = '1.0.0'


def plugin_conf(hv, network, cni_name=None, version=RUNTIME_VERSION, **extra):
    """The plugin's configuration on one host: this host's token and OVSDB, the controller's CA."""
    ctl = hv.testbed.controller
    conf = dict(cniVersion=version, name=cni_name or network, type='weft', network=network,
                controller=ctl.mgmt_url, tokenFile=hv.token_path, ca=ctl.ca_path, ovsdb='unix:' + hv.db)
    conf.update(extra)
    return conf


def conflist(conf):
    """A network configuration list holding just the plugin, as runtimes read /etc/cni/net.d."""
    entry = {k: v for k, v in conf.items() if k not in ('cniVersion', 'name')}
    return dict(cniVersion=conf['cniVersion'], name=conf['name'], plugins=[entry])


class Call:
    """One plugin invocation's outcome: exit status, parsed stdout (or None), stderr."""

    def __init__(self, proc):
        self.rc = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr
        self.json = json.loads(proc.stdout) if proc.stdout.strip() else None

    def __repr__(self):
        return 'exit %d stdout=%s stderr=%s' % (self.rc, self.stdout.strip(), self.stderr.strip())


def call(hv, command, conf, container_id='', netns='', ifname='eth0', args='', timeout=90):
    """Runs the plugin as a runtime does, in the host's namespace, with the CNI environment and the config on stdin.
    PATH is a runtime's minimal one, without sbin: the plugin must find its tools itself."""
    env = {'CNI_COMMAND': command, 'CNI_CONTAINERID': container_id, 'CNI_NETNS': netns, 'CNI_IFNAME': ifname,
           'CNI_PATH': os.path.dirname(PLUGIN), 'CNI_ARGS': args, 'PATH': '/usr/bin:/bin'}
    proc = subprocess.run(['nsenter', '--net=/proc/%d/ns/net' % hv.node.pid, PLUGIN], input=json.dumps(conf),
                          env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                          timeout=timeout)
    return Call(proc)


class Netns:
    """A bare network namespace for a container (``ip netns add``), as runtimes make them."""

    def __init__(self, name):
        self.name = name
        self.path = '/run/netns/' + name
        weftnet.run(['ip', 'netns', 'add', name])

    def sh(self, *args, check=True, timeout=60):
        return weftnet.run(['ip', 'netns', 'exec', self.name] + list(args), check=check, timeout=timeout)

    def ping(self, ip, count=3):
        return self.sh('ping', '-c', str(count), '-i', '0.2', '-W', '2', ip, check=False).returncode == 0

    def close(self):
        weftnet.run(['ip', 'netns', 'del', self.name], check=False)


def busybox_rootfs(workdir):
    """An unpacked busybox root (for ``ctr run --rootfs``) and the same as a tarball (for ``podman import``)."""
    tarball = dockernet.busybox_tarball(workdir)
    root = tempfile.mkdtemp(prefix='busybox-rootfs-', dir=workdir)
    weftnet.run(['tar', '-C', root, '-xf', tarball])
    return root, tarball


class PodmanHost:
    """Rootful podman on one hypervisor node: its own storage, run root and CNI config directory."""

    def __init__(self, hv):
        self.hv = hv
        self.dir = os.path.join(hv.dir, 'podman')
        self.cni_dir = os.path.join(self.dir, 'cni.d')
        self.conf_path = os.path.join(self.dir, 'containers.conf')
        os.makedirs(self.cni_dir, exist_ok=True)
        with open(self.conf_path, 'w') as f:
            f.write('[containers]\n'
                    'default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]\n'
                    '[engine]\n'
                    'cgroup_manager = "cgroupfs"\n'
                    'runtime = "runc"\n'
                    'events_logger = "file"\n'
                    'events_logfile_path = "%s/events.log"\n'
                    'tmp_dir = "%s/tmp"\n'
                    '[network]\n'
                    'network_backend = "cni"\n'
                    'network_config_dir = "%s"\n'
                    'cni_plugin_dirs = ["%s", "/usr/lib/cni"]\n' % (self.dir, self.dir, self.cni_dir,
                                                                   os.path.dirname(PLUGIN)))

    def podman(self, *args, check=True, timeout=120):
        cmd = ['nsenter', '--net=/proc/%d/ns/net' % self.hv.node.pid, PODMAN,
               '--root', os.path.join(self.dir, 'root'), '--runroot', os.path.join(self.dir, 'run'),
               '--storage-driver', 'overlay', '--cgroup-manager', 'cgroupfs'] + list(args)
        return weftnet.run(cmd, check=check, timeout=timeout, env={'CONTAINERS_CONF': self.conf_path})

    def add_network(self, conf):
        with open(os.path.join(self.cni_dir, conf['name'] + '.conflist'), 'w') as f:
            json.dump(conflist(conf), f)

    def exec(self, container, *args, check=True, timeout=60):
        return self.podman('exec', container, *args, check=check, timeout=timeout)

    def ip_of(self, container, network):
        out = self.podman('inspect', container, '--format',
                          '{{(index .NetworkSettings.Networks "%s").IPAddress}}' % network).stdout.strip()
        return out

    def close(self):
        self.podman('rm', '-af', '-t', '0', check=False, timeout=120)


class ContainerdHost:
    """containerd on one hypervisor node, and ``ctr`` against it. Both run in a private mount namespace where the
    node's own CNI config and plugin directories are bind-mounted where ctr looks (/etc/cni/net.d, /opt/cni/bin)."""

    def __init__(self, hv):
        self.hv = hv
        self.dir = os.path.join(hv.dir, 'containerd')
        self.cni_dir = os.path.join(self.dir, 'cni.d')
        self.bin_dir = os.path.join(self.dir, 'cni-bin')
        self.address = os.path.join(self.dir, 'containerd.sock')
        self.log_path = os.path.join(self.dir, 'containerd.log')
        self.proc = None
        os.makedirs(self.cni_dir, exist_ok=True)
        os.makedirs(self.bin_dir, exist_ok=True)
        shutil.copy(PLUGIN, os.path.join(self.bin_dir, 'weft'))
        for d in ('/etc/cni/net.d', '/opt/cni/bin'):
            os.makedirs(d, exist_ok=True)  # mount points only: the bind mounts are private to each node
        with open(os.path.join(self.dir, 'config.toml'), 'w') as f:
            f.write('version = 2\n'
                    'root = "%s/root"\nstate = "%s/state"\n'
                    'disabled_plugins = ["io.containerd.grpc.v1.cri"]\n'
                    '[grpc]\n  address = "%s"\n' % (self.dir, self.dir, self.address))

    def _in_node(self, args):
        mounts = 'mount --make-rprivate / && mount --bind {cni} /etc/cni/net.d && mount --bind {bin} /opt/cni/bin && '
        script = (mounts + 'exec nsenter --net=/proc/{pid}/ns/net "$@"').format(
            cni=self.cni_dir, bin=self.bin_dir, pid=self.hv.node.pid)
        return ['unshare', '--mount', '--propagation', 'private', 'sh', '-c', script, 'sh'] + list(args)

    def start(self, timeout=30):
        logf = open(self.log_path, 'ab')
        self.proc = subprocess.Popen(self._in_node(['containerd', '--config', os.path.join(self.dir, 'config.toml')]),
                                     stdout=logf, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     start_new_session=True)
        logf.close()
        deadline = time.time() + timeout
        while self.ctr('version', check=False).returncode != 0:
            if time.time() > deadline:
                raise weftnet.CommandFailed('containerd on %s not up:\n%s' % (self.hv.name, weftnet.tail(self.log_path)))
            time.sleep(0.2)

    def ctr(self, *args, check=True, timeout=60):
        return weftnet.run(self._in_node(['ctr', '--address', self.address] + list(args)), check=check, timeout=timeout)

    def add_network(self, conf):
        # ctr reads only the first configuration file, in name order
        with open(os.path.join(self.cni_dir, '10-%s.conflist' % conf['name']), 'w') as f:
            json.dump(conflist(conf), f)

    def run_foreground(self, rootfs, name, *command):
        """``ctr run --cni --rm`` without -d, as a child process: when the task ends, ctr itself calls DEL."""
        return subprocess.Popen(self._in_node(['ctr', '--address', self.address, 'run', '--cni', '--rm',
                                               '--rootfs', rootfs, name] + list(command)),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                universal_newlines=True, start_new_session=True)

    def exec(self, name, exec_id, *command, check=True, timeout=60):
        return self.ctr('task', 'exec', '--exec-id', exec_id, name, *command, check=check, timeout=timeout)

    def close(self):
        if self.proc is not None:
            for task in self.ctr('task', 'ls', '-q', check=False).stdout.split():
                self.ctr('task', 'kill', '-s', 'SIGKILL', task, check=False)
                self.ctr('task', 'delete', '-f', task, check=False)
            for container in self.ctr('container', 'ls', '-q', check=False).stdout.split():
                self.ctr('container', 'rm', container, check=False)
            weftnet.stop_popen(self.proc)
            self.proc = None
