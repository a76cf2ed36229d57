#!/usr/bin/env bash
# Installs the system packages the test suite talks to (real components, not mocks),
# only when they are missing. Needs root (CI and the dev machines run as root).
set -euo pipefail

missing=()
have_pg() { ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; }
have_pg || missing+=(postgresql)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v jq >/dev/null 2>&1 || missing+=(jq)  # the README quickstart pipes API answers through jq
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v secsipidx >/dev/null 2>&1 || missing+=(secsipidx)  # STIR/SHAKEN interop tests
# Kamailio with the embedded Python (system Python 3.11) and sipp, for the SIP tests.
command -v kamailio >/dev/null 2>&1 || [ -x /usr/sbin/kamailio ] || missing+=(kamailio)
ls /usr/lib/x86_64-linux-gnu/kamailio/modules/app_python3.so >/dev/null 2>&1 \
  || ls /usr/lib/*/kamailio/modules/app_python3.so >/dev/null 2>&1 || missing+=(kamailio-python3-modules)
ls /usr/lib/*/kamailio/modules/secsipid.so >/dev/null 2>&1 || missing+=(kamailio-secsipid-modules)
command -v sipp >/dev/null 2>&1 || missing+=(sip-tester)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)  # PySpark local mode

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "missing system packages: ${missing[*]} (run as root or install them)" >&2
  exit 1
fi
echo "installing system packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts services on install; the tests run their own on loopback.
systemctl disable --now kamailio >/dev/null 2>&1 || true
pkill -x kamailio >/dev/null 2>&1 || true
if command -v pg_ctlcluster >/dev/null 2>&1; then
  for cluster in /etc/postgresql/*/main; do
    [ -d "$cluster" ] || continue
    version=$(basename "$(dirname "$cluster")")
    pg_ctlcluster "$version" main stop >/dev/null 2>&1 || true
  done
fi
