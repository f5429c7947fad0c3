#!/usr/bin/env bash
# A real EPICS softIoc for the heavy ingest benchmark runs (the Java simulator tops out near 100K events/s
# here; a softIoc serves 400K/s) and for the end-to-end tests against a real IOC (RealIoc* tests).
#
#   ./pvstream softioc [--pvs 40000] [--hz 10] [--port 5064] [--pva] [--build-only]
#
# Serves SIM:PV00001..N: calc records that count up at --hz (1, 2, 5 or 10), the names the ingest benchmark
# expects with --ioc 127.0.0.1:PORT. Loopback only: the server binds 127.0.0.1 and sends beacons there, and its
# own CA client searches 127.0.0.1 only.
# The first run builds EPICS Base from Debian's epics-base source package into ~/.cache/pvstream/epics, once per
# machine (about 6 minutes on 2 cores; needs root for apt). Stop it with Ctrl-C (softIoc -S ignores SIGTERM: the script kills it).
# --pva runs softIocPVA instead: the same records, also served over pvAccess by QSRV (NTScalar), searched on loopback
# UDP 5076. It is a build of its own (~/.cache/pvstream/epics-pva, $PVSTREAM_EPICS_PVA_DIR) that keeps modules/pv*
# (about 8 minutes), so the CA-only build others use is never rebuilt under them.
set -euo pipefail
cd "$(dirname "$0")/../.."

pvs=40000 hz=10 port=5064 build_only=false pva=false
while [ $# -gt 0 ]; do
  case "$1" in
    --pvs) pvs=$2; shift 2 ;;
    --hz) hz=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --build-only) build_only=true; shift ;;
    --pva) pva=true; shift ;;
    *) sed -n '5,10p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done
case "$hz" in
  1) scan="1 second" ;; 2) scan=".5 second" ;; 5) scan=".2 second" ;; 10) scan=".1 second" ;;
  *) echo "softioc: --hz must be 1, 2, 5 or 10 (an EPICS periodic scan rate), not $hz" >&2; exit 2 ;;
esac

# Built once per machine, outside any clone, so a fresh checkout (CI) reuses it.
epics_dir=${PVSTREAM_EPICS_DIR:-$HOME/.cache/pvstream/epics} binary=softIoc
$pva && epics_dir=${PVSTREAM_EPICS_PVA_DIR:-$HOME/.cache/pvstream/epics-pva} binary=softIocPVA
# .built marks a finished build: an interrupted one is started again from scratch.
soft_ioc=$(ls "$epics_dir"/epics-base-*/bin/linux-x86_64/$binary 2>/dev/null | head -1 || true)
[ -f "$epics_dir/.built" ] || soft_ioc=
if [ -z "$soft_ioc" ]; then
  echo "softioc: building EPICS Base ($binary) from Debian's epics-base source package (once, ~6-8 min)" >&2
  for sources in /etc/apt/sources.list.d/*.sources; do
    grep -q '^Types: deb$' "$sources" && sed -i 's/^Types: deb$/Types: deb deb-src/' "$sources"
  done
  apt-get update -qq
  command -v g++ >/dev/null && command -v make >/dev/null && command -v dpkg-source >/dev/null \
    || apt-get install -y -qq g++ make perl dpkg-dev  # dpkg-source unpacks what apt-get source fetches
  # Built in place: EPICS links its tools with absolute library paths of the build tree.
  rm -rf "$epics_dir" && mkdir -p "$epics_dir"
  (cd "$epics_dir" && apt-get source -qq epics-base)
  base=$(ls -d "$epics_dir"/epics-base-*/ | head -1)
  $pva || rm -rf "$base"/modules/pv* "$base"/modules/normativeTypes  # pvAccess and its parts: not needed for CA
  make -C "$base" -j"$(nproc)" -s
  touch "$epics_dir/.built"
  soft_ioc=$(ls "$epics_dir"/epics-base-*/bin/linux-x86_64/$binary | head -1)
fi
# The libraries beside the binaries, wherever the tree is now.
export LD_LIBRARY_PATH=$(dirname "$soft_ioc")/../../lib/linux-x86_64${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}

echo "$soft_ioc"
$build_only && exit 0

db=$epics_dir/sim-$pvs-$hz.db
if [ ! -f "$db" ]; then
  awk -v n="$pvs" -v scan="$scan" 'BEGIN { for (i = 1; i <= n; i++) {
      name = sprintf("SIM:PV%05d", i)
      printf "record(calc, \"%s\") {\n  field(SCAN, \"%s\")\n  field(CALC, \"A+1\")\n  field(INPA, \"%s NPP\")\n}\n", name, scan, name
    } }' > "$db.tmp"
  mv "$db.tmp" "$db"
fi

export EPICS_CAS_INTF_ADDR_LIST=127.0.0.1 EPICS_CAS_SERVER_PORT=$port \
       EPICS_CAS_AUTO_BEACON_ADDR_LIST=NO EPICS_CAS_BEACON_ADDR_LIST=127.0.0.1 \
       EPICS_CA_AUTO_ADDR_LIST=NO EPICS_CA_ADDR_LIST=127.0.0.1 EPICS_CA_SERVER_PORT=$port \
       EPICS_PVAS_INTF_ADDR_LIST=127.0.0.1 EPICS_PVAS_AUTO_BEACON_ADDR_LIST=NO EPICS_PVAS_BEACON_ADDR_LIST=127.0.0.1 \
       EPICS_PVA_ADDR_LIST=127.0.0.1 EPICS_PVA_AUTO_ADDR_LIST=NO
echo "softioc: $pvs PVs SIM:PV00001.. at $hz Hz on 127.0.0.1:$port$($pva && echo ' and over pvAccess (UDP 5076)')" >&2
keep=
if $pva; then
  # softIocPVA 7.0.3.1 exits right after iocInit with -S: its shell gets a stdin that never ends instead
  exec 3< <(sleep infinity); keep=$!
  "$soft_ioc" -d "$db" <&3 &
else
  "$soft_ioc" -S -d "$db" &
fi
ioc=$!
trap 'kill -9 $ioc $keep 2>/dev/null' EXIT INT TERM
wait $ioc
