#!/usr/bin/env bash
# A name that is not valid UTF-8 (the JSON writers cannot write it) is a
# problem of the image, named in one line with the entry it is in: not
# "Cannot allocate memory", "Input/output error" or a write failure of the
# output. One byte of a name is set to 0xff in one place of a fixture at a
# time: .debug_str (a DWARF function name: its DIE), .strtab (a symbol: its
# address), .BTF's strings (a type name: its type id, for every extractor
# that reads BTF), the .strtab name of a syscall table's entry.
. "$SRCDIR/tests/include/test-subr.sh"
need gcc; need pahole; need python3; need readelf

cat >k.c <<'C'
struct zzq_struct { int zzq_field; long other; };
struct zzq_struct zzq_var;
int zzq_func(int zzq_param) { return zzq_param + zzq_var.zzq_field; }
void _start(void) { for (;;) zzq_func(1); }
C
gcc -g -O2 -nostdlib -static -no-pie -o vmlinux k.c || fail "cannot build"
pahole -J vmlinux >/dev/null 2>&1 || fail "pahole -J"
"$BIN/depsurf-funcs" vmlinux -o ok.jsonl || fail "a good image failed"
grep -q '^{"name":"zzq_func",' ok.jsonl || fail "no group zzq_func"

# bad SRC SECTION NEEDLE OUT: OUT is SRC with the second byte of NEEDLE's
# first occurrence in SECTION's data set to 0xff
bad() {
	python3 - "$@" <<'PY'
import subprocess, sys
src, sec, needle, out = sys.argv[1], sys.argv[2], sys.argv[3].encode(), sys.argv[4]
b = bytearray(open(src, "rb").read())
for line in subprocess.run(["readelf", "-SW", src], capture_output=True, text=True).stdout.splitlines():
    f = line.split("]", 1)[1].split() if "]" in line else []
    if f and f[0] == sec:
        off, size = int(f[3], 16), int(f[4], 16)
        i = b.find(needle, off, off + size)
        assert i >= 0, "needle not in section"
        b[i + 1] = 0xff
        open(out, "wb").write(b)
        sys.exit(0)
sys.exit("no section " + sec)
PY
}
# no_blame FILE: none of the messages that blame the wrong thing
no_blame() {
	! grep -qE 'Cannot allocate memory|Input/output error|write failed|cannot write' "$1" ||
		fail "wrong blame: $(cat "$1")"
}

# --- a DWARF function name: the DIE it is at
bad vmlinux .debug_str zzq_func dwarf.elf || fail "patch .debug_str"
die=$(readelf --debug-dump=info vmlinux | awk '
	/DW_TAG_subprogram/ { o = $1; sub(/^<[0-9]+></, "", o); sub(/>:?$/, "", o) }
	/DW_AT_name/ && /: zzq_func$/ { print o; exit }')
[ -n "$die" ] || fail "no DIE of zzq_func"
expect_fail "depsurf-funcs: dwarf.elf: function name at DIE 0x$die is not valid UTF-8" \
	"$BIN/depsurf-funcs" dwarf.elf -o out.jsonl
no_blame "$T/.err"
[ ! -e out.jsonl ] && ! ls out.jsonl.tmp.* >/dev/null 2>&1 || fail "funcs: output left behind"

# --- a symbol name: its address in .symtab
bad vmlinux .strtab zzq_func sym.elf || fail "patch .strtab"
addr=$(readelf -sW vmlinux | awk '$8 == "zzq_func" { sub(/^0+/, "", $2); print $2 }')
expect_fail "depsurf-funcs: sym.elf: function name at address 0x$addr (.symtab) is not valid UTF-8" \
	"$BIN/depsurf-funcs" sym.elf -o out.jsonl
no_blame "$T/.err"

# --- a BTF type name: the type id, for every extractor that reads BTF
bad vmlinux .BTF zzq_struct btf.elf || fail "patch .BTF"
id=
if command -v bpftool >/dev/null 2>&1; then
	id=$(bpftool btf dump file vmlinux | sed -n "s/^\[\([0-9]*\)\] STRUCT 'zzq_struct'.*/\1/p")
	[ -n "$id" ] || fail "bpftool: no zzq_struct"
fi
for tool in types funcs tracepoints registers lsm_hooks kfuncs; do
	expect_fail "depsurf-$tool: btf.elf: cannot read BTF: type [$id" \
		"$BIN/depsurf-$tool" btf.elf -d out
	grep -qF "]: invalid BTF: a name that is not valid UTF-8" "$T/.err" ||
		fail "$tool: $(cat "$T/.err")"
	no_blame "$T/.err"
	[ ! -e out ] || [ -z "$(ls out)" ] || fail "$tool: output left behind"
done

# --- the entry symbol of a syscall table slot
. "$SRCDIR/tests/extract/tracepoints/fixture.sh"
build_fixture x86-64 tp.elf >/dev/null 2>&1 || fail "tracepoints fixture"
"$BIN/depsurf-syscalls" tp.elf -o sys.json || fail "syscalls on the good fixture"
grep -q '"entry":"__x64_sys_write"' sys.json || fail "fixture: no __x64_sys_write"
bad tp.elf .strtab __x64_sys_write tpsym.elf || fail "patch .strtab"
waddr=$(readelf -sW tp.elf | awk '$8 == "__x64_sys_write" { sub(/^0+/, "", $2); print $2 }')
expect_fail "depsurf-syscalls: tpsym.elf: sys_call_table[1]: name of the entry symbol at 0x$waddr (.symtab) is not valid UTF-8" \
	"$BIN/depsurf-syscalls" tpsym.elf -o out.json
no_blame "$T/.err"
[ ! -e out.json ] || fail "syscalls: output left behind"
echo "UTF-8 errors name the entry"
