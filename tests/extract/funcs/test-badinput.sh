#!/usr/bin/env bash
# Bad input: one clear line naming the file, a non-zero exit, no output.
. "$SRCDIR/tests/include/test-subr.sh"
need gcc
F=$BIN/depsurf-funcs

cat >k.c <<'C'
int g(int x) { return x + 1; }
void _start(void) { for (;;) g(1); }
C
gcc -g -O2 -nostdlib -static -no-pie -o vmlinux k.c || fail "cannot build"
"$F" vmlinux -o ok.jsonl || fail "a good image failed"
grep -q '^{"name":"g",' ok.jsonl || fail "no group g"

# expect_bad FRAGMENT INPUT: fails with one line, leaves no output
expect_bad() {
	rm -f out.jsonl
	expect_fail "$2: $1" "$F" "$2" -o out.jsonl
	[ ! -e out.jsonl ] || fail "$2: output left behind"
	ls out.jsonl.tmp.* >/dev/null 2>&1 && fail "$2: temp file left behind"
	return 0
}

echo "not an ELF file at all" >text
expect_bad "not an ELF file" text
expect_bad "No such file or directory" missing
mkdir adir
expect_bad "Is a directory" adir
cp vmlinux stripped && strip stripped
expect_bad "no .symtab section" stripped
cp vmlinux nodebug && strip -g nodebug
expect_bad "no DWARF (.debug_info)" nodebug
size=$(stat -c %s vmlinux)
head -c $((size / 2)) vmlinux >truncated
expect_bad "truncated or corrupt ELF file" truncated
head -c 40 vmlinux >tiny
expect_bad "truncated or corrupt ELF file" tiny
: >empty
expect_bad "not an ELF file" empty
# a corrupt .debug_info: its bytes zeroed
cp vmlinux corrupt
sect() { readelf -SW corrupt | sed -n 's/^ *\[ *[0-9]*\] *//p' | awk -v f="$1" '$1 == ".debug_info" { print $f }'; }
off=$(sect 4)
len=$(sect 5)
[ -n "$off" ] || fail "no .debug_info in the fixture"
dd if=/dev/zero of=corrupt bs=1 seek=$((0x$off + 4)) count=$((0x$len - 4)) \
	conv=notrunc status=none
"$F" corrupt -o out.jsonl 2>err && fail "corrupt DWARF accepted"
[ "$(wc -l <err)" -eq 1 ] || { cat err >&2; fail "corrupt: not one line"; }
grep -q '^depsurf-funcs: corrupt: ' err || fail "corrupt: $(cat err)"
[ ! -e out.jsonl ] || fail "corrupt: output left behind"
# a kprobe blacklist running past its section (__stop_ moved far away)
cat >kbl.c <<'C'
extern char __start_kprobe_blacklist[], __stop_kprobe_blacklist[];
char *volatile bounds[2];
int g(int x) { return x + 1; }
void *const kbl[] __attribute__((section("kprobe_blacklist"), used)) = { (void *)g };
void _start(void)
{
	bounds[0] = __start_kprobe_blacklist;
	bounds[1] = __stop_kprobe_blacklist;
	for (;;) g(1);
}
C
gcc -g -O2 -nostdlib -static -no-pie -o kbl kbl.c || fail "cannot build kbl"
"$F" kbl -o kbl.jsonl || fail "a good kprobe blacklist failed"
grep -q '^{"name":"g",.*"kprobe_blacklisted":true' kbl.jsonl ||
	fail "kbl: g not blacklisted"
gcc -g -O2 -nostdlib -static -no-pie -o badtable kbl.c \
	-Wl,--defsym=__stop_kprobe_blacklist=0x7fff0000 || fail "cannot build badtable"
expect_bad "corrupt symbol or address table" badtable
# --btf naming a bad file
expect_fail "text: cannot read BTF" "$F" --btf text vmlinux -o out.jsonl
[ ! -e out.jsonl ] || fail "bad --btf: output left behind"
# an output that cannot be written
expect_fail "nodir/out.jsonl" "$F" vmlinux -o nodir/out.jsonl
# usage errors
"$F" >/dev/null 2>&1 && fail "no arguments accepted"
"$F" --help | grep -q '^Usage: depsurf-funcs' || fail "--help"
echo "bad inputs rejected"
