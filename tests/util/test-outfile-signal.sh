#!/bin/bash
# A stage program killed mid-write (SIGTERM, SIGHUP: what timeout(1), make
# and a closed terminal send) leaves no OUTFILE.tmp.XXXXXX behind
# (util/outfile.c's registry): depsurf-unpack reading a package from a fifo
# that stalls after the start of the member.
. "$SRCDIR/tests/include/test-subr.sh"
need dpkg-deb
mkdir -p pkg/DEBIAN pkg/boot
printf 'Package: t\nVersion: 1\nArchitecture: amd64\nMaintainer: t <t@t>\nDescription: t\n' >pkg/DEBIAN/control
head -c 4000000 /dev/urandom >pkg/boot/big
dpkg-deb -Znone --root-owner-group -b pkg t.deb >/dev/null
for sig in TERM HUP; do
	rm -f fifo out out.tmp.*
	mkfifo fifo
	# the writer sends the first 2 MB, then holds the fifo open
	{ head -c 2000000 t.deb; exec sleep 60; } >fifo &
	writer=$!
	"$BIN/depsurf-unpack" fifo boot/big=out 2>err &
	pid=$!
	for _ in $(seq 100); do
		# the output is open (the member's bytes on their way)
		[ -n "$(find . -maxdepth 1 -name 'out.tmp.*')" ] && break
		sleep 0.1
	done
	[ -n "$(find . -maxdepth 1 -name 'out.tmp.*')" ] || { kill "$pid" "$writer"; fail "SIG$sig: no temp file being written"; }
	kill -"$sig" "$pid" || fail "SIG$sig: depsurf-unpack already gone: $(cat err)"
	wait "$pid" && fail "SIG$sig: depsurf-unpack exited 0"
	rc=$?
	kill "$writer" 2>/dev/null || true
	wait "$writer" 2>/dev/null || true
	assert_eq "SIG$sig: exit status" "$((128 + $(kill -l "$sig")))" "$rc"
	left=$(ls out.tmp.* 2>/dev/null || true)
	[ -z "$left" ] || fail "SIG$sig left $left"
	[ ! -e out ] || fail "SIG$sig: a partial output under the final name"
done
