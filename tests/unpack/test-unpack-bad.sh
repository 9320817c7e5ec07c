#!/usr/bin/env bash
# depsurf-unpack on bad packages: each must exit non-zero with exactly one
# stderr line naming the package and the problem, and leave no output file
# (nor temporary) behind.
. "$SRCDIR/tests/include/test-subr.sh"
. "$SRCDIR/tests/unpack/mkdeb.sh"
need ar; need xz; need zstd
U=$BIN/depsurf-unpack

mk_tree root
mk_data_tar root gnu "$T/data.tar"
xz -T2 --block-size=65536 -c data.tar >data.tar.xz
mk_deb good.deb data.tar.xz
"$U" good.deb "$VMLINUX=ok" && cmp ok "root/$VMLINUX" || fail "good.deb does not unpack"
rm -f ok

# bad PKG FRAGMENT [MEMBER]: fails naming PKG and FRAGMENT, writes nothing
bad() {
	pkg=$1 frag=$2 member=${3:-usr/lib/debug/boot/vmlinux-*}
	expect_fail "$frag" "$U" "$pkg" "$member=out.vmlinux" "$CONFIG=out.config"
	grep -qF -- "depsurf-unpack: $pkg: " "$T/.err" || { cat "$T/.err" >&2; fail "error does not name $pkg"; }
	no_output out.
}

# --- the container
printf 'just some text\n' >text.deb
bad text.deb "not an ar archive"
: >empty.deb
bad empty.deb "not an ar archive"
head -c 5 good.deb >magic-cut.deb
bad magic-cut.deb "truncated ar archive (5 bytes, cut inside the magic)"
bad missing.deb "No such file or directory"
(echo x >foo.o && ar rc lib.a foo.o) && cp lib.a lib.deb
bad lib.deb "not a Debian package (first ar member is foo.o, not debian-binary)"

# --- truncated at several points: inside the data member's ar header, early
# in its data, inside the wanted member, near the end (after the wanted one)
hdr=$(grep -abo 'data.tar.xz' good.deb | head -n1 | cut -d: -f1)
size=$(stat -c %s good.deb)
head -c $((hdr + 30)) good.deb >cut-hdr.deb
bad cut-hdr.deb "truncated ar header at offset $hdr"
head -c $((hdr)) good.deb >cut-before-data.deb
bad cut-before-data.deb "no data.tar member"
head -c $((hdr + 60 + 100)) good.deb >cut-data.deb
bad cut-data.deb "truncated ar member data.tar.xz"
head -c $((size / 2)) good.deb >cut-vmlinux.deb
bad cut-vmlinux.deb "truncated ar member data.tar.xz"
head -c $((size - 10)) good.deb >cut-end.deb
bad cut-end.deb "truncated ar member data.tar.xz"
# from a pipe the cut is found when the data runs out
expect_fail "truncated ar member data.tar.xz" sh -c "\"$U\" /dev/stdin '$VMLINUX=out.pipe' <cut-vmlinux.deb"
no_output out.

# --- the compressed stream
corrupt() {	# corrupt FILE OFFSET: flip one byte
	printf '\377' | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}
cp data.tar.xz bad.xz && corrupt bad.xz 30000
mk_deb corrupt-xz.deb data.tar.xz bad.xz
bad corrupt-xz.deb "xz: corrupt data (LZMA_DATA_ERROR)"
head -c 40000 data.tar.xz >short.xz	# a complete ar member holding a cut xz stream
mk_deb short-xz.deb data.tar.xz short.xz
bad short-xz.deb "xz: truncated data"
zstd -q -c data.tar >data.tar.zst
cp data.tar.zst bad.zst && corrupt bad.zst 20000
mk_deb corrupt.ddeb data.tar.zst bad.zst
bad corrupt.ddeb "zstd: corrupt data"
head -c 40000 data.tar.zst >short.zst
mk_deb short.ddeb data.tar.zst short.zst
bad short.ddeb "zstd: truncated data"
gzip -n -c data.tar | head -c 40000 >short.gz
mk_deb short-gz.deb data.tar.gz short.gz
bad short-gz.deb "gzip: truncated data"
cp data.tar.xz notzst
mk_deb xz-as-zst.deb data.tar.zst notzst
bad xz-as-zst.deb "zstd: corrupt data"
mk_deb zst-as-xz.deb data.tar.xz data.tar.zst
bad zst-as-xz.deb "xz: not xz data (LZMA_FORMAT_ERROR)"
# a .lzma header asking for a 4 GiB dictionary: refused, not allocated
# (found by tests/fuzz/fuzz-deb: tests/fuzz/regress/deb/oom-lzma-alone-dict-4g.deb)
{ printf '\135\377\377\377\377'; head -c 8 /dev/zero | tr '\0' '\377'; head -c 64 /dev/zero; } >huge.lzma
mk_deb huge-dict.deb data.tar.lzma huge.lzma
bad huge-dict.deb "lzma dictionary of 4096 MiB exceeds the limit of 64 MiB"
mk_deb bz2.deb data.tar.bz2 data.tar.xz
bad bz2.deb "unsupported compression data.tar.bz2"

# --- the tar inside
head -c 20000 data.tar | xz -c >cut-tar.xz	# cut inside the vmlinux member
mk_deb cut-tar.deb data.tar.xz cut-tar.xz
bad cut-tar.deb "truncated tar (data.tar.xz ends after 20000 bytes)"
cp data.tar badsum.tar && corrupt badsum.tar $((512 * 4 + 5))	# the config header
xz -c badsum.tar >badsum.tar.xz
mk_deb badsum.deb data.tar.xz badsum.tar.xz
bad badsum.deb "bad tar header checksum at offset 2048 of data.tar.xz"
head -c 100000 /dev/urandom | xz -c >noise.xz
mk_deb notar.deb data.tar.xz noise.xz
bad notar.deb "data.tar.xz is not a tar archive"

# header bytes flipped in a plain data.tar (no compression checksum to catch
# them): any outcome but a crash, a sanitizer report or a second line
cp data.tar plain.tar
mk_deb plain.deb data.tar plain.tar
hdr=$(grep -abo 'data.tar' plain.deb | tail -n1 | cut -d: -f1)
for off in $(seq 5 97 6000); do
	cp plain.deb flip.deb && corrupt flip.deb $((hdr + 60 + off))
	rc=0
	"$U" flip.deb "$VMLINUX=out.flip" 2>flip.err || rc=$?
	n=$(wc -l <flip.err)
	{ [ $rc -eq 0 ] && [ "$n" -eq 0 ]; } || { [ $rc -eq 1 ] && [ "$n" -eq 1 ]; } ||
		{ cat flip.err >&2; fail "flipped byte $off: exit $rc, $n lines"; }
	[ $rc -eq 0 ] || no_output out.
	rm -f out.flip
done

# --- the wanted members
mkdir -p nov/boot && cp "root/$CONFIG" nov/boot/
(cd nov && tar --format=gnu --no-recursion -cf - ./ ./boot/ "./$CONFIG") | xz -c >nov.xz
mk_deb no-vmlinux.deb data.tar.xz nov.xz
bad no-vmlinux.deb "no member usr/lib/debug/boot/vmlinux-* in data.tar"
expect_fail "no member boot/config-9* in data.tar (and 1 more missing)" \
	"$U" no-vmlinux.deb "boot/config-9*=out.a" "x=out.b" "$CONFIG=out.c"
no_output out.
mkdir -p links/usr/lib/debug/boot links/boot
cp "root/$CONFIG" links/boot/
ln -s ../../../../boot/config-$REL "links/$VMLINUX"
(cd links && tar --format=gnu -cf - --no-recursion ./ ./boot/ "./$CONFIG" ./usr/ \
	./usr/lib/ ./usr/lib/debug/ ./usr/lib/debug/boot/ "./$VMLINUX") | xz -c >sym.xz
mk_deb symlink.deb data.tar.xz sym.xz
bad symlink.deb "member ./$VMLINUX is a symbolic link to ../../../../boot/config-$REL, not a regular file"
rm "links/$VMLINUX" && ln "links/$CONFIG" "links/$VMLINUX"
(cd links && tar --format=gnu -cf - --no-recursion ./ ./boot/ "./$CONFIG" ./usr/ \
	./usr/lib/ ./usr/lib/debug/ ./usr/lib/debug/boot/ "./$VMLINUX") | xz -c >hard.xz
mk_deb hardlink.deb data.tar.xz hard.xz
bad hardlink.deb "member ./$VMLINUX is a hard link to ./$CONFIG, not a regular file"
bad good.deb "member ./usr/lib/debug/boot/ is a directory" "usr/lib/debug/boot"

# --- outputs and usage
expect_fail "nodir/out: No such file or directory" "$U" good.deb "$VMLINUX=nodir/out"
# a write error (file size limit, SIGXFSZ ignored) names the output
expect_fail "out.big: File too large" bash -c "trap '' XFSZ; ulimit -f 100; \"\$0\" good.deb '$VMLINUX=out.big'" "$U"
no_output out.
if [ -w /dev/full ]; then
	expect_fail "/dev/full" "$U" good.deb "$CONFIG=/dev/full/x"
fi
expect_fail "bad MEMBER=OUTFILE 'nothing'" "$U" good.deb nothing
expect_fail "need PACKAGE.deb" "$U" good.deb
expect_fail "bad --threads" "$U" --threads x good.deb "a=b"
rc=0; "$U" good.deb nothing 2>/dev/null || rc=$?
assert_eq "usage exit status" 2 "$rc"
for f in *.deb *.ddeb; do "$U" "$f" "usr/lib/debug/boot/vmlinux-*=out.v" 2>&1 | sed "s|^|  |"; rm -f out.v; done >&2
exit 0
