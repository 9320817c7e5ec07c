#!/usr/bin/env bash
# The pahole fallback on a real image: remove .BTF from the
# vmlinux, regenerate BTF from its DWARF with pahole, and compare the
# struct/union/enum surface with the one from the embedded .BTF. Prints the
# number of differing lines per file (0 with Debian 6.1's pahole 1.24, the
# version that built its .BTF) and pahole's wall time and peak RSS.
# Heavy: ~20 s, ~0.5 GB RSS, a temporary copy of the image without
# relocations (~300 MB for 6.1 amd64).
#   IMG_DIR=/work/cache/img/debian-6.1.0-47-amd64 BIN=build/opt/bin tests/integration/types-pahole.sh
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$SRCDIR/tests/include/test-subr.sh"
: "${IMG_DIR:?IMG_DIR must name an image dir with vmlinux}"
need pahole
need objcopy
V=$IMG_DIR/vmlinux
[ -f "$V" ] || skip "$V missing"
eu-readelf -S "$V" | grep -q ' \.BTF ' || skip "$V has no embedded .BTF to compare with"

"$BIN/depsurf-types" "$V" -d embedded || fail "depsurf-types failed"
# .rela.* name __start_BTF/__stop_BTF, which must go with the section
objcopy --remove-relocations='*' "$V" norela.vmlinux || fail "objcopy failed"
objcopy --remove-section .BTF -N __start_BTF -N __stop_BTF norela.vmlinux nobtf.vmlinux ||
	fail "objcopy failed"
rm -f norela.vmlinux
expect_fail "pahole --btf_encode_detached" "$BIN/depsurf-types" nobtf.vmlinux -d pahole
/usr/bin/time -f '%e %M' -o pahole.time \
	pahole --btf_gen_floats --lang_exclude=rust --btf_encode_detached=vmlinux.btf nobtf.vmlinux ||
	fail "pahole failed"
read -r wall rss <pahole.time
echo "pahole $(pahole --version): ${wall}s wall, $((rss / 1024)) MiB peak RSS"
"$BIN/depsurf-types" --btf vmlinux.btf nobtf.vmlinux -d pahole || fail "depsurf-types --btf failed"
total=0
for f in structs unions enums; do
	n=$(diff embedded/$f.jsonl pahole/$f.jsonl | grep -c '^[<>]' || true)
	echo "$f.jsonl: $(wc -l <embedded/$f.jsonl) embedded, $(wc -l <pahole/$f.jsonl) via pahole, $n lines differ"
	total=$((total + n))
done
# a different pahole than the one that built the image may differ; say how
# much, and fail only when the struct/union name sets differ
for f in structs unions; do
	cmp -s <(jq -r .name embedded/$f.jsonl) <(jq -r .name pahole/$f.jsonl) ||
		fail "$f name sets differ between embedded and pahole BTF"
done
echo "pahole path: $total differing lines"
exit 0
