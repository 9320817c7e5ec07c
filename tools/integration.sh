#!/usr/bin/env bash
# make integration: the real-kernel check. Finds the current
# bookworm amd64 -dbg package through the archive's Packages index (so pool
# rotation never breaks it), builds its dataset with `make dataset`, then
# runs every tests/integration/*.sh against it with
#   IMG_DIR=work/<id> (vmlinux, config, vmlinux.btf)  DS_DIR=dataset/<id>
#   DEB=<the .deb>  BIN=<optimized tools>  SRCDIR=<repo>
# Exit 0 when no test failed (77 is a skip, as in make check).
# INTEGRATION_SELECT overrides the selection line ("suite arch flavor pick").
set -euo pipefail
cd "$(dirname "$0")/.."
: "${BIN:=build/opt/bin}" "${DOWNLOAD_DIR:=download}" "${WORK_DIR:=work}" "${DATASET_DIR:=dataset}"
export BIN SRCDIR=$PWD DOWNLOAD_DIR WORK_DIR DATASET_DIR
mkdir -p "$WORK_DIR"
list=$WORK_DIR/integration.list
sel=$WORK_DIR/integration.select
echo "${INTEGRATION_SELECT:-bookworm amd64 amd64 newest}" >"$sel"
tools/debian-kernels.sh "$sel" >"$list.tmp" && mv "$list.tmp" "$list"
id=$(awk '!/^#/ { print $1; exit }' "$list")
echo "integration: image $id" >&2
make --no-print-directory dataset KERNELS="$list" DOWNLOAD_DIR="$DOWNLOAD_DIR" \
	WORK_DIR="$WORK_DIR" DATASET_DIR="$DATASET_DIR"

export IMG_DIR=$PWD/$WORK_DIR/$id DS_DIR=$PWD/$DATASET_DIR/$id KERNELS_LIST=$PWD/$list
export DEB=$PWD/$DOWNLOAD_DIR/$(awk '!/^#/ { n = split($7, u, ","); sub(/.*\//, "", u[1]); print u[1]; exit }' "$list")
export RELEASE=$(awk '!/^#/ { print $3; exit }' "$list")
BIN=$(cd "$BIN" && pwd)
# tests/run.sh gives the verdicts, the same as `make check`'s: exit 0 pass,
# 77 skip, anything else fail; every test's output is shown.
TESTS_VERBOSE=1 exec tests/run.sh tests/integration/*.sh
