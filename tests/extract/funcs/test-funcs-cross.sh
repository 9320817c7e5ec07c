#!/usr/bin/env bash
# depsurf-funcs on the mini kernel of tests/extract/funcs/fixture.sh cross-compiled
# for 32-bit ARM (Thumb), i386, big-endian s390x and relocatable arm64: the
# same facts as on x86-64 (test-funcs.sh).
# Every cross compiler is required: tools/deps.sh (run by make check)
# installs them, so a missing one fails. A host that declined them with
# DEPS_CROSS=0 gets a skip naming the builds that were not run.
. "$SRCDIR/tests/include/test-subr.sh"
. "$SRCDIR/tests/extract/funcs/fixture.sh"

ran=
for cc in arm-linux-gnueabihf-gcc i686-linux-gnu-gcc s390x-linux-gnu-gcc; do
	need_cross "$cc" || continue
	build_fixture "$T/vm-$cc" "$cc"
	"$F" "$T/vm-$cc" -o "$T/f-$cc.jsonl" || fail "depsurf-funcs failed ($cc)"
	check_facts "$T/f-$cc.jsonl" "$T/vm-$cc"
	has "$T/f-$cc.jsonl" b_entry '"traceable":false'	# not in FTRACE()
	ran="$ran ${cc%%-*}"
done
# --- arm64 relocatable (static PIE, --no-apply-dynamic-relocs like the
# kernel): the table words are 0 in the file, the values in .rela.dyn
if need_cross aarch64-linux-gnu-gcc; then
	(cd "$S/debian/build/build_x" &&
	 aarch64-linux-gnu-gcc -g -O2 -fpie -static-pie -nostdlib \
		-Wl,--no-apply-dynamic-relocs -I"$S/include" \
		-Wl,-T,"$FIX/fixture.ld" -o "$T/vm-arm64" \
		"$S/kernel/a.c" "$S/kernel/b.c") || fail "cannot build arm64 PIE"
	"$F" --progress "$T/vm-arm64" -o "$T/f-arm64.jsonl" 2>"$T/arm64.err" ||
		fail "depsurf-funcs failed (arm64)"
	grep -q 'ftrace sites (__mcount_loc, via .rela.dyn)' "$T/arm64.err" ||
		fail "arm64: table not read through .rela.dyn: $(cat "$T/arm64.err")"
	check_facts "$T/f-arm64.jsonl" "$T/vm-arm64"
	ran="$ran arm64-pie"
fi
[ -z "$not_run" ] || skip "DEPS_CROSS=0, not run:$not_run (passed:${ran:- none})"
echo "fixture facts hold for:$ran"
