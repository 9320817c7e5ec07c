#!/usr/bin/env bash
# depsurf-btf on mini kernels: the embedded .BTF is kept when it has ENUM64
# (pahole >= 1.24 encoded it), else pahole's BTF from DWARF is written, the
# same bytes as running pahole by hand; btf-source says which; a failing
# pahole or an image with neither BTF nor DWARF is one line, nothing left.
. "$SRCDIR/tests/include/test-subr.sh"
. "$SRCDIR/tests/extract/types/fixture.sh"
need gcc
need pahole
need bpftool
enum64() { bpftool btf dump file "$1" | grep -c '^\[[0-9]*\] ENUM64 ' || true; }

mini_kernel gcc mini.elf
[ "$(enum64 mini.elf)" -gt 0 ] || fail "fixture has no ENUM64"
"$BIN/depsurf-btf" mini.elf -d emb || fail "embedded: failed"
assert_eq "embedded source" embedded "$(cat emb/btf-source)"
objcopy --dump-section .BTF=section.btf mini.elf mini.copy
cmp -s section.btf emb/vmlinux.btf || fail "embedded: not the .BTF section's bytes"

# .BTF without ENUM64 (as pahole < 1.24 wrote it) and no .BTF: pahole's
printf 'enum small { A, B }; enum small s; void mini_start(void) { for (;;); }\n' >old.c
gcc -g -O2 -nostdlib -static -Wl,-e,mini_start -o old.elf old.c && pahole -J old.elf ||
	fail "could not build old.elf"
[ "$(enum64 old.elf)" -eq 0 ] || fail "old.elf has ENUM64"
objcopy --remove-section .BTF mini.elf nobtf.elf
for img in old nobtf; do
	"$BIN/depsurf-btf" $img.elf -d $img || fail "$img: failed"
	assert_eq "$img source" pahole "$(cat $img/btf-source)"
	pahole --btf_gen_floats --lang_exclude=rust --btf_encode_detached=$img.ref $img.elf >/dev/null
	cmp -s $img.ref $img/vmlinux.btf || fail "$img: not pahole's BTF"
done

expect_fail "nobtf.elf: /bin/false failed (status 1)" "$BIN/depsurf-btf" --pahole /bin/false nobtf.elf -d bad
[ -z "$(ls bad)" ] || fail "left behind: $(ls bad)"
expect_fail "no-such-pahole: cannot run" "$BIN/depsurf-btf" --pahole no-such-pahole nobtf.elf -d bad
strip --strip-debug nobtf.elf -o bare.elf
expect_fail "bare.elf: no usable .BTF and nothing to generate it from" "$BIN/depsurf-btf" bare.elf -d bad
[ -z "$(ls bad)" ] || fail "left behind: $(ls bad)"

# a stage timeout: timeout --foreground (dataset.mk) signals depsurf-btf
# only; pahole, its child, must stop with it and its temp file go
cat >slow-pahole <<'EOS'
#!/bin/sh
echo $$ >"$PIDFILE"
for a; do case $a in --btf_encode_detached=*) echo partial >"${a#*=}" ;; esac; done
exec sleep 60
EOS
chmod +x slow-pahole
mkdir -p slow
rc=0
PIDFILE=$PWD/pahole.pid timeout --foreground 2 "$BIN/depsurf-btf" --pahole ./slow-pahole nobtf.elf -d slow \
	2>/dev/null || rc=$?
[ $rc = 124 ] || fail "timed-out depsurf-btf: status $rc, expected 124"
[ -s pahole.pid ] || fail "the slow pahole never ran"
sleep 0.5
# gone, or a zombie that no parent reaps any more (a container's init may not)
st=$(ps -o stat= -p "$(cat pahole.pid)" || true)
case $st in "" | Z*) ;; *) kill "$(cat pahole.pid)"; fail "pahole outlived the stage timeout ($st)" ;; esac
[ -z "$(ls slow)" ] || fail "left behind after the timeout: $(ls slow)"
exit 0
