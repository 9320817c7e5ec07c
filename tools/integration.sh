#!/usr/bin/env bash
# make integration: the real-kernel check (SPEC §8). Finds the current
# bookworm amd64 -dbg package through the archive's Packages index (so pool
# rotation never breaks it), builds its dataset with `make dataset`, then
# runs every tests/integration/*.sh against it with
#   IMG_DIR=work/<id> (vmlinux, config, vmlinux.btf)  DS_DIR=dataset/<id>
#   DEB=<the .deb>  BIN=<optimized tools>  SRCDIR=<repo>
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
rc=0
for t in tests/integration/*.sh; do
	start=$(date +%s)
	if bash "$t"; then
		echo "PASS $t ($(( $(date +%s) - start ))s)"
	else
		echo "FAIL $t"; rc=1
	fi
done
exit $rc
