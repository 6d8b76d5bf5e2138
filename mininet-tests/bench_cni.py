#!/usr/bin/python3
"""CNI benchmark: what the ``weft`` plugin adds to the controller's own time to ``installed``, and ``podman run`` to
first ping on Weft against podman's own ``bridge`` plugin, in the same run.

    mininet-tests/bench_cni.py [--runs 30] [--containers 10]

Two hosts joined over TLS (as in test_cni.py), network cninet with one endpoint on node2 already.

1. hyperfine, on node1, three commands, each preceded by the cleanup of the one before (``--prepare``):
   - ``floor``: the controller's own time to installed, as cheaply as a client can ask for it: one HTTPS POST
     of an endpoint (curl, with the host's token), an OVS port with its iface-id, ``ovs-vsctl wait-until`` the
     ``weft-installed`` mark (the same mark the plugin waits for);
   - ``cni ADD``: the plugin's ADD into a fresh network namespace, which returns at that same mark;
   - ``cni DEL``.
   ADD minus floor is what the plugin adds (target: at most 50 ms).
2. ``run -d`` then ``exec ... ping -c 1`` until it answers: podman on Weft (the CNI plugin), to a container on
   the other host; Docker on Weft (the Docker plugin), to the same container; podman on its own ``bridge``
   network, to a container on the same host (a bridge network has no other host). Rounds alternate the three.

Needs root, podman, Docker and hyperfine. Prints medians and ratios.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cninet  # noqa: E402
import dockernet  # noqa: E402
import weftnet  # noqa: E402


def hyperfine(hv, runs, commands, workdir):
    """hyperfine in the host's namespace; returns {name: (median s, stddev s)}."""
    export = os.path.join(workdir, 'hyperfine.json')
    args = ['nsenter', '--net=/proc/%d/ns/net' % hv.node.pid, 'hyperfine', '--shell=bash',
            '--runs', str(runs), '--warmup', '2', '--export-json', export, '--style', 'basic']
    for name, prepare, command in commands:
        args += ['--prepare', prepare, '--command-name', name, command]
    subprocess.run(args, check=True, stdout=sys.stderr)
    with open(export) as f:
        results = json.load(f)['results']
    return {r['command']: (r['median'], r['stddev']) for r in results}


def write_script(path, text):
    with open(path, 'w') as f:
        f.write('set -e\n' + text)
    os.chmod(path, 0o755)
    return path


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--runs', type=int, default=30)
    parser.add_argument('--containers', type=int, default=10)
    a = parser.parse_args()
    dt = dockernet.DockerTestbed(nodes=2)
    tb = dt.tb
    cleanups = []
    try:
        dt.start()
        ctl = tb.controller
        hv1, hv2 = tb.hv(1), tb.hv(2)
        ctl.create_network('cninet', '10.60.0.0/22')
        work = tempfile.mkdtemp(prefix='bench-cni-', dir=tb.workdir)
        # a member on node2, so installing on node1 means flows on both hosts
        ns2 = cninet.Netns('bench-peer')
        assert cninet.call(hv2, 'ADD', cninet.plugin_conf(hv2, 'cninet'), 'peer', ns2.path).rc == 0

        conf = cninet.plugin_conf(hv1, 'cninet')
        conf_path = os.path.join(work, 'conf.json')
        with open(conf_path, 'w') as f:
            json.dump(conf, f)
        plugin_env = 'CNI_CONTAINERID=bench CNI_IFNAME=eth0 CNI_PATH=/ PATH=/usr/bin:/bin'
        add = write_script(os.path.join(work, 'add.sh'),
                           'ip netns add bench-ns 2>/dev/null || true\n'
                           'CNI_COMMAND=ADD CNI_NETNS=/run/netns/bench-ns %s %s < %s > /dev/null\n'
                           % (plugin_env, cninet.PLUGIN, conf_path))
        delete = write_script(os.path.join(work, 'del.sh'),
                              'CNI_COMMAND=DEL CNI_NETNS=/run/netns/bench-ns %s %s < %s > /dev/null\n'
                              'ip netns del bench-ns 2>/dev/null || true\n' % (plugin_env, cninet.PLUGIN, conf_path))
        with open(hv1.token_path) as f:
            token = f.read().strip()
        db = '--db=unix:' + hv1.db
        floor = write_script(os.path.join(work, 'floor.sh'),
                             'id=$(curl -sf --cacert {ca} -H "Authorization: Bearer {token}" '
                             '-H "Content-Type: application/json" -d \'{{"name":"floor","host":"node1"}}\' '
                             '{url}/api/v1/networks/cninet/endpoints | sed -e \'s/.*"id":"\\([^"]*\\)".*/\\1/\')\n'
                             'ovs-vsctl {db} -- add-port br-int floorp -- set Interface floorp type=internal '
                             'external_ids:iface-id=$id\n'
                             'ovs-vsctl {db} --timeout=20 wait-until Interface floorp '
                             'external_ids:weft-installed=true\n'.format(ca=ctl.ca_path, token=token, url=ctl.mgmt_url,
                                                                         db=db))
        floor_clean = write_script(os.path.join(work, 'floor-clean.sh'),
                                   'ovs-vsctl {db} --if-exists del-port br-int floorp\n'
                                   'curl -s -o /dev/null --cacert {ca} -H "Authorization: Bearer {token}" -X DELETE '
                                   '{url}/api/v1/networks/cninet/endpoints/floor\n'.format(
                                       ca=ctl.ca_path, token=token, url=ctl.mgmt_url, db=db))
        times = hyperfine(hv1, a.runs, [('floor', floor_clean, floor), ('cni ADD', delete, add),
                                        ('cni DEL', add, delete)], work)
        subprocess.run(['nsenter', '--net=/proc/%d/ns/net' % hv1.node.pid, 'bash', delete, ], check=False)
        subprocess.run(['nsenter', '--net=/proc/%d/ns/net' % hv1.node.pid, 'bash', floor_clean], check=False)

        # podman run to first ping: Weft across hosts, podman's bridge on one host
        rootfs, tarball = cninet.busybox_rootfs(tb.workdir)
        p1, p2 = cninet.PodmanHost(hv1), cninet.PodmanHost(hv2)
        cleanups.extend([p1.close, p2.close])
        for p in (p1, p2):
            p.add_network(cninet.plugin_conf(p.hv, 'cninet'))
            p.podman('import', tarball, 'weft/busybox')
        bridge = {'cniVersion': '1.0.0', 'name': 'localbr', 'plugins': [
            {'type': 'bridge', 'bridge': 'cni-br0', 'isGateway': True, 'ipMasq': False,
             'ipam': {'type': 'host-local', 'ranges': [[{'subnet': '10.99.0.0/24'}]]}}]}
        with open(os.path.join(p1.cni_dir, 'localbr.conflist'), 'w') as f:
            json.dump(bridge, f)
        p2.podman('run', '-d', '--name', 'target', '--network', 'cninet', 'weft/busybox', 'sleep', '3600')
        p1.podman('run', '-d', '--name', 'brtarget', '--network', 'localbr', 'weft/busybox', 'sleep', '3600')
        # dockerd's FORWARD policy (DROP) would also drop bridged frames between podman's containers: let them pass,
        # as podman's firewall plugin would
        hv1.sh('iptables', '-I', 'FORWARD', '-i', 'cni-br0', '-o', 'cni-br0', '-j', 'ACCEPT')
        weft_target = p2.ip_of('target', 'cninet')
        bridge_target = p1.ip_of('brtarget', 'localbr')

        def run_to_ping(network, target, name):
            t0 = time.perf_counter()
            p1.podman('run', '-d', '--name', name, '--network', network, 'weft/busybox', 'sleep', '3600')
            while p1.exec(name, 'ping', '-c', '1', '-W', '1', target, check=False).returncode != 0:
                if time.perf_counter() - t0 > 30:
                    raise RuntimeError('%s never pinged %s' % (name, target))
            return time.perf_counter() - t0

        d1 = dt.host(1)
        d1.await_network('cninet')

        def docker_run_to_ping(name):
            t0 = time.perf_counter()
            d1.docker('run', '-d', '--name', name, '--net', 'cninet', dockernet.IMAGE, 'sleep', '3600')
            while d1.exec(name, 'ping', '-c', '1', '-W', '1', weft_target, check=False).returncode != 0:
                if time.perf_counter() - t0 > 30:
                    raise RuntimeError('%s never pinged %s' % (name, weft_target))
            return time.perf_counter() - t0

        weft_times, docker_times, bridge_times = [], [], []
        for i in range(a.containers):  # alternate, so drift hits all alike
            weft_times.append(run_to_ping('cninet', weft_target, 'w%d' % i))
            docker_times.append(docker_run_to_ping('d%d' % i))
            bridge_times.append(run_to_ping('localbr', bridge_target, 'b%d' % i))

        floor_s, add_s, del_s = times['floor'][0], times['cni ADD'][0], times['cni DEL'][0]
        print('\n| measure | median | note |')
        print('|---|---|---|')
        print('| floor: POST endpoint + OVS port + wait for weft-installed | %.1f ms | the controller\'s own time |'
              % (1000 * floor_s))
        print('| cni ADD (veth in a new netns, plugged, waits for weft-installed) | %.1f ms | +%.1f ms over the floor '
              '(target <= 50 ms) |' % (1000 * add_s, 1000 * (add_s - floor_s)))
        print('| cni DEL | %.1f ms | |' % (1000 * del_s))
        wm, bm = statistics.median(weft_times), statistics.median(bridge_times)
        print('| podman run -> first ping, Weft, across hosts | %.0f ms | %.2fx podman\'s bridge |' % (1000 * wm, wm / bm))
        dm = statistics.median(docker_times)
        print('| docker run -> first ping, Weft\'s Docker plugin, across hosts | %.0f ms | %.2fx podman\'s bridge |'
              % (1000 * dm, dm / bm))
        print('| podman run -> first ping, podman bridge plugin, one host | %.0f ms | |' % (1000 * bm))
    finally:
        for cleanup in cleanups:  # podman's containers and their namespaces, even after a failed round
            cleanup()
        for ns in ('bench-peer', 'bench-ns'):
            subprocess.run(['ip', 'netns', 'del', ns], check=False, stderr=subprocess.DEVNULL)
        dt.close()


if __name__ == '__main__':
    main()
