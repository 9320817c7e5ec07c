#!/usr/bin/env bash
# unpack: the vmlinux out of a Debian -dbg package, depsurf-unpack side by
# side with the dpkg-deb | tar --occurrence=1 pipeline (the floor to meet),
# and the config out of the -unsigned image package; unpack+sum is the
# vmlinux with --sha256, as make dataset runs it. Outputs must be
# byte-identical (sha256). Skips when the packages are absent.
#   BENCH_DEB         the -dbg .deb (default: download/linux-image-6.1.0-47-amd64-dbg_...)
#   BENCH_CONFIG_DEB  the image .deb holding boot/config-*
#   BENCH_REPEAT      runs of each command (default 1; alternated)
set -u
command -v measure >/dev/null 2>&1 || . "${SRCDIR:-.}/bench/lib.sh"
deb=${BENCH_DEB:-download/linux-image-6.1.0-47-amd64-dbg_6.1.170-3_amd64.deb}
cfg_deb=${BENCH_CONFIG_DEB:-download/linux-image-6.1.0-47-amd64-unsigned_6.1.170-3_amd64.deb}
U=${BIN:-build/opt/bin}/depsurf-unpack
if [ ! -f "$deb" ]; then
	printf '%-28s %8s %10s  %s\n' unpack skip - "no $deb (set BENCH_DEB)"
	exit 0
fi
out=$(mktemp -d "${TMPDIR:-/tmp}/bench-unpack.XXXXXX")
trap 'rm -rf "$out"' EXIT
mib=$(( $(stat -L -c %s "$deb") / 1048576 ))
vml='usr/lib/debug/boot/vmlinux-*'

# the package's sum, for --sha256 as make dataset runs it (which reads and
# hashes the rest of the package too): from fetch.sh's cache when present
sum=$(cut -d' ' -f5 "$deb.verified" 2>/dev/null)
[ ${#sum} = 64 ] || sum=$(sha256sum <"$deb" | cut -c1-64)

for _ in $(seq "${BENCH_REPEAT:-1}"); do
	measure unpack "depsurf-unpack vmlinux, ${mib} MiB .deb" \
		"$U" "$deb" "$vml=$out/vmlinux.unpack"
	measure unpack+sum "the same with --sha256 (make dataset)" \
		"$U" --sha256 "$sum" "$deb" "$vml=$out/vmlinux.sum"
	measure unpack-floor "dpkg-deb | tar --occurrence=1" sh -c \
		'dpkg-deb --fsys-tarfile "$1" 2>/dev/null | tar --wildcards --occurrence=1 -xO "./$2" >"$3"' \
		sh "$deb" "$vml" "$out/vmlinux.tar"
done
cmp -s "$out/vmlinux.unpack" "$out/vmlinux.sum" ||
	{ printf "%-28s %8s\n" unpack+sum DIFFER; exit 1; }
a=$(sha256sum <"$out/vmlinux.unpack" | cut -c1-64)
b=$(sha256sum <"$out/vmlinux.tar" | cut -c1-64)
if [ "$a" = "$b" ]; then
	printf '%-28s %8s %10s  %s\n' unpack-sha256 equal - "${a:0:16}… $(( $(stat -c %s "$out/vmlinux.unpack") / 1048576 )) MiB"
else
	printf '%-28s %8s %10s  %s\n' unpack-sha256 DIFFER - "unpack ${a:0:16} vs tar ${b:0:16}"
	exit 1
fi

if [ -f "$cfg_deb" ]; then
	measure unpack-config "depsurf-unpack boot/config-*" \
		"$U" "$cfg_deb" "boot/config-*=$out/config.unpack"
	measure unpack-config-floor "dpkg-deb | tar --occurrence=1" sh -c \
		'dpkg-deb --fsys-tarfile "$1" 2>/dev/null | tar --wildcards --occurrence=1 -xO "./boot/config-*" >"$2"' \
		sh "$cfg_deb" "$out/config.tar"
	cmp -s "$out/config.unpack" "$out/config.tar" ||
		{ printf '%-28s %8s\n' unpack-config-sha256 DIFFER; exit 1; }
fi
