#!/usr/bin/env bash
# depsurf-unpack --sha256 SUM: the sum is that of the bytes unpacked, hashed
# while they are read (the rest of the package read to its end for it), so a
# package whose bytes are not the checked ones -- changed after a check, or
# fed through a pipe -- fails with one line naming both sums and writes
# nothing, even when it would unpack; a package with the sum unpacks as
# without the option. A stream that is not a package is not read forever.
. "$SRCDIR/tests/include/test-subr.sh"
. "$SRCDIR/tests/unpack/mkdeb.sh"
need ar; need xz; need sha256sum
U=$BIN/depsurf-unpack

mk_tree root
mk_data_tar root gnu "$T/data.tar"
xz -T1 --block-size=65536 -c data.tar >data.tar.xz
mk_deb good.deb data.tar.xz
# room after the wanted member: a tail the unpacker would not need to read
size=$(stat -c %s good.deb)
G=$(sha256sum good.deb | cut -d' ' -f1)
up=$(echo "$G" | tr a-f A-F)

# the right sum (any case): unpacked as without --sha256
"$U" --sha256 "$G" good.deb "$VMLINUX=out.vmlinux" || fail "good.deb with its sum failed"
cmp -s out.vmlinux "root/$VMLINUX" || fail "unpacked vmlinux differs"
"$U" --sha256 "$up" good.deb "$CONFIG=out.config" || fail "an uppercase sum was refused"
cmp -s out.config "root/$CONFIG" || fail "unpacked config differs"
rm -f out.*
# from a pipe: the rest is read to the end for the sum
cat good.deb | "$U" --sha256 "$G" /dev/stdin "$CONFIG=out.pipe" || fail "good.deb from a pipe failed"
cmp -s out.pipe "root/$CONFIG" || fail "config from a pipe differs"
rm -f out.*

# changed: one byte of debian-binary's ar date (the package still unpacks,
# and without --sha256 nothing notices)
chg() { # OUT OFFSET BYTE
	cp good.deb "$1"
	printf '%s' "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}
chg date.deb 24 9
B=$(sha256sum date.deb | cut -d' ' -f1)
[ "$B" != "$G" ] || fail "chg changed nothing"
"$U" date.deb "$VMLINUX=plain.vmlinux" || fail "the changed package should unpack without --sha256"
rm -f plain.vmlinux
msg="depsurf-unpack: date.deb: sha256 mismatch: expected $G, got $B"
expect_fail "$msg" "$U" --sha256 "$G" date.deb "$VMLINUX=out.vmlinux" "$CONFIG=out.config"
assert_eq "the one line" "$msg" "$(cat "$T/.err")"
no_output out.

# changed in the last byte, far past the wanted members: read for the sum
chg last.deb $((size - 1)) x
B=$(sha256sum last.deb | cut -d' ' -f1)
[ "$B" != "$G" ] || fail "the last byte was already x"
expect_fail "depsurf-unpack: last.deb: sha256 mismatch: expected $G, got $B" \
	"$U" --sha256 "$G" last.deb "$CONFIG=out.config"
no_output out.

# changed inside data.tar.xz: the mismatch is the reason, not the decoder's
chg data.deb $((size - 2000)) x
B=$(sha256sum data.deb | cut -d' ' -f1)
expect_fail "depsurf-unpack: data.deb: sha256 mismatch: expected $G, got $B" \
	"$U" --sha256 "$G" data.deb "$VMLINUX=out.vmlinux"
no_output out.

# the bytes of a pipe are the bytes read: a FIFO fed the changed package
mkfifo fifo
cat date.deb >fifo &
B=$(sha256sum date.deb | cut -d' ' -f1)
expect_fail "depsurf-unpack: fifo: sha256 mismatch: expected $G, got $B" \
	"$U" --sha256 "$G" fifo "$VMLINUX=out.vmlinux"
wait
no_output out.

# a file replaced between the check and the read: the check passes on the
# good file, the unpacker gets the other one (its name, new bytes)
cp good.deb pkg.deb
[ "$(sha256sum pkg.deb | cut -d' ' -f1)" = "$G" ] || fail "the check"
cp date.deb pkg.new && mv pkg.new pkg.deb
expect_fail "depsurf-unpack: pkg.deb: sha256 mismatch: expected $G, got $B" \
	"$U" --sha256 "$G" pkg.deb "$VMLINUX=out.vmlinux"
no_output out.

# an endless stream that is no package: its own error, soon (timeout)
expect_fail "depsurf-unpack: /dev/zero: not an ar archive" \
	timeout 20 "$U" --sha256 "$G" /dev/zero "$VMLINUX=out.vmlinux"
no_output out.
# a bad sum argument is a usage error
for bad in "" xyz "${G}0" "${G%?}g"; do
	set +e
	"$U" --sha256 "$bad" good.deb "$VMLINUX=out.vmlinux" 2>err
	rc=$?
	set -e
	[ "$rc" = 2 ] || fail "--sha256 '$bad': exit $rc, not 2"
	grep -qF "bad --sha256" err || fail "--sha256 '$bad': $(cat err)"
done
no_output out.
