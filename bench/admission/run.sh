#!/usr/bin/env bash
# Admission webhook review latency (issue 14): the real AdmissionServer over HTTPS on loopback against a configuration
# of N IPAddressPools, C concurrent clients; the reference in the same run is the same server refusing a kind it does
# not review (HTTPS, Kestrel and JSON alone). No network namespaces: loopback only.
#   bench/admission/run.sh [--pools 1000] [--concurrency 100] [--seconds 10]
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build bench/admission/Ingot.Bench.Admission -c Release -nologo -v quiet >/dev/null
exec bench/admission/Ingot.Bench.Admission/bin/Release/net10.0/Ingot.Bench.Admission "$@"
