#!/usr/bin/env bash
# Decoder memory limits: a few header bytes of data.tar.xz/.lzma/.zst name the
# dictionary (window) the decoder allocates up front. A hostile package asking
# for 4 GiB must fail with one line naming the size and the limit, before any
# allocation; the largest size that xz -9 / zstd --ultra -22 write still
# decodes. The headers are patched into real streams made at test time
# (patching a larger dictionary into a valid stream keeps it valid: the size
# only bounds how far back matches may reach).
. "$SRCDIR/tests/include/test-subr.sh"
. "$SRCDIR/tests/unpack/mkdeb.sh"
need ar; need xz; need zstd; need python3
U=$BIN/depsurf-unpack

mk_tree root
mk_data_tar root gnu "$T/data.tar"

# patch_xz IN OUT DICTBYTE: the LZMA2 dictionary byte of the first block
# header set to DICTBYTE (40 is 4 GiB - 1, 37 is 1.5 GiB, 28 is 64 MiB),
# the block header's CRC32 fixed
patch_xz() {
	python3 - "$@" <<'PY'
import struct, sys, zlib
b = bytearray(open(sys.argv[1], "rb").read())
o = 12                          # after the stream header
size = (b[o] + 1) * 4
flags = b[o + 1]
assert flags & 3 == 0, "one filter expected"
p = o + 2
def varint(p):
    while b[p] & 0x80:
        p += 1
    return p + 1
if flags & 0x40: p = varint(p)  # compressed size
if flags & 0x80: p = varint(p)  # uncompressed size
assert b[p] == 0x21 and b[p + 1] == 1, "LZMA2 expected"
b[p + 2] = int(sys.argv[3])
struct.pack_into("<I", b, o + size - 4, zlib.crc32(bytes(b[o:o + size - 4])))
open(sys.argv[2], "wb").write(b)
PY
}

# --- xz: the real package's need is --lzma2=dict=8MiB (xz -6)
xz -T1 --lzma2=dict=64KiB -c data.tar >small.xz
patch_xz small.xz dict64.xz 28
mk_deb dict64.deb data.tar.xz dict64.xz
"$U" dict64.deb "$VMLINUX=ok" && cmp ok "root/$VMLINUX" || fail "a 64 MiB xz dictionary refused"
rm -f ok
patch_xz small.xz dict96.xz 29
mk_deb dict96.deb data.tar.xz dict96.xz
expect_fail "dict96.deb: xz dictionary of 96 MiB exceeds the limit of 64 MiB" \
	"$U" dict96.deb "$VMLINUX=out.v"
no_output out.
patch_xz small.xz dict1536.xz 37
mk_deb dict1536.deb data.tar.xz dict1536.xz
expect_fail "dict1536.deb: xz dictionary of 1536 MiB exceeds the limit of 64 MiB" \
	"$U" dict1536.deb "$VMLINUX=out.v"
no_output out.
# also single-threaded (the limit is not the threading one)
expect_fail "xz dictionary of 1536 MiB exceeds the limit of 64 MiB" \
	"$U" --threads 1 dict1536.deb "$VMLINUX=out.v"
no_output out.
# the bare 13-byte-style header: stream header, block header, nothing else
head -c 24 dict1536.xz >hdr.xz
mk_deb hdr.deb data.tar.xz hdr.xz
expect_fail "hdr.deb: xz dictionary of 1536 MiB exceeds the limit of 64 MiB" \
	"$U" hdr.deb "$VMLINUX=out.v"

# --- lzma alone: the dictionary is bytes 1..4 of the 13-byte header
xz --format=lzma --lzma1=dict=64KiB -c data.tar >small.lzma
python3 - <<'PY'
import struct
b = bytearray(open("small.lzma", "rb").read())
for name, dict_size in (("dict64.lzma", 64 << 20), ("dict4g.lzma", 0xffffffff)):
    struct.pack_into("<I", b, 1, dict_size)
    open(name, "wb").write(b)
open("hdr.lzma", "wb").write(bytes(b[:13]))
PY
mk_deb lzma64.deb data.tar.lzma dict64.lzma
"$U" lzma64.deb "$VMLINUX=ok" && cmp ok "root/$VMLINUX" || fail "a 64 MiB lzma dictionary refused"
rm -f ok
mk_deb lzma4g.deb data.tar.lzma dict4g.lzma
expect_fail "lzma4g.deb: lzma dictionary of 4096 MiB exceeds the limit of 64 MiB" \
	"$U" lzma4g.deb "$VMLINUX=out.v"
no_output out.
mk_deb lzmahdr.deb data.tar.lzma hdr.lzma
expect_fail "lzmahdr.deb: lzma dictionary of 4096 MiB exceeds the limit of 64 MiB" \
	"$U" lzmahdr.deb "$VMLINUX=out.v"

# --- zstd: the window descriptor (byte 5 without a content size); the
# decoder's limit is 128 MiB (window log 27, zstd --ultra -22 and --long)
zstd -q --no-content-size -c data.tar >small.zst
# patch_zst OUT WINDOWLOG: the window descriptor set to 2^WINDOWLOG
patch_zst() {
	python3 - "$1" "$2" <<'PY'
import sys
b = bytearray(open("small.zst", "rb").read())
assert b[:4] == b"\x28\xb5\x2f\xfd" and not b[4] & 0x20, "a window descriptor expected"
b[5] = (int(sys.argv[2]) - 10) << 3
open(sys.argv[1], "wb").write(b)
PY
}
patch_zst w27.zst 27
mk_deb w27.ddeb data.tar.zst w27.zst
"$U" w27.ddeb "$VMLINUX=ok" && cmp ok "root/$VMLINUX" || fail "a 128 MiB zstd window refused"
rm -f ok
patch_zst w28.zst 28
mk_deb w28.ddeb data.tar.zst w28.zst
expect_fail "w28.ddeb: zstd window of 256 MiB exceeds the limit of 128 MiB" \
	"$U" w28.ddeb "$VMLINUX=out.v"
no_output out.
patch_zst w31.zst 31
head -c 6 w31.zst >hdr.zst
mk_deb w31.ddeb data.tar.zst hdr.zst
expect_fail "w31.ddeb: zstd window of 2048 MiB exceeds the limit of 128 MiB" \
	"$U" w31.ddeb "$VMLINUX=out.v"
no_output out.
echo "decoder limits enforced"
