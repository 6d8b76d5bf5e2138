#!/bin/bash
# benchmarks/ovs-port-add-floor.sh: OVS's own floor for the scaling law in docs/benchmarks.md (issue 7).
# Time to add one dummy port to br-int (ovs-vsctl waits until ovs-vswitchd applied it) with N ports already there.
set -e
D=$(mktemp -d /tmp/ovsfloor-XXXX)
ovsdb-tool create $D/conf.db /usr/share/openvswitch/vswitch.ovsschema
ovsdb-server $D/conf.db --remote=punix:$D/db.sock --pidfile=$D/s.pid --unixctl=$D/s.ctl --log-file=$D/s.log --detach
V="ovs-vsctl --db=unix:$D/db.sock --timeout=600"
$V --no-wait init
OVS_RUNDIR=$D ovs-vswitchd unix:$D/db.sock --enable-dummy --disable-system --pidfile=$D/v.pid --unixctl=$D/v.ctl --log-file=$D/v.log --detach
$V add-br br-int -- set Bridge br-int datapath_type=dummy fail_mode=secure
n=0
for target in 1000 5000; do
  while [ $n -lt $target ]; do
    args=""; for i in $(seq $n $((n+199))); do args="$args -- add-port br-int p$i -- set Interface p$i type=dummy external_ids:iface-id=x$i"; done
    $V $args; n=$((n+200))
  done
  for k in 1 2 3 4 5; do
    s=$(date +%s%N); $V add-port br-int q$target$k -- set Interface q$target$k type=dummy; e=$(date +%s%N)
    echo "ports=$target add-port (until ovs-vswitchd applied it): $(( (e-s)/1000000 )) ms"
  done
done
kill $(cat $D/v.pid) $(cat $D/s.pid); rm -rf $D
