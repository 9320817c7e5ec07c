#!/bin/bash
# `make dataset` on a kernels.list that tries to run a command through each
# column the build pastes into Make or shell text: every form is refused
# before any stage runs, with "LIST:LINE: column: problem", and the command
# (an executable that creates $T/PWNED) never runs — not at Make parse time
# (a $(shell ...) release, whatever IMAGES= selects), not in a recipe.
. "$SRCDIR/tests/include/test-subr.sh"
printf '#!/bin/sh\ntouch %s/PWNED\n' "$T" >pwn && chmod +x pwn
S=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
u=file://$T/src
mkdir src && head -c 100 /dev/urandom >src/x.deb
X=$(sha256sum src/x.deb | cut -d' ' -f1)
good="good debian 1.0 amd64 test $X $u/x.deb - -"
ff=$(printf '\f')
M="make -C $SRCDIR --no-print-directory $(case $BIN in */san/bin) echo SAN=1 ;; esac) KERNELS=$T/inj.list DOWNLOAD_DIR=$T/dl WORK_DIR=$T/work DATASET_DIR=$T/ds"

n=0
inj() { # COLUMN LINE [MAKE ARGS]
	local col=$1 line=$2; shift 2
	n=$((n + 1))
	printf '%s\n' "# injection $n" "$good" "$line" >inj.list
	rm -rf PWNED work dl ds
	if $M dataset "$@" >run.log 2>&1; then
		cat run.log >&2; fail "injection $n accepted: $line"
	fi
	[ ! -e PWNED ] || { cat run.log >&2; fail "injection $n ran a command: $line"; }
	grep -q "inj.list:3: $col: " run.log || { cat run.log >&2; fail "injection $n: no 'inj.list:3: $col:' line"; }
	[ "$(grep -c 'inj.list' run.log)" = 1 ] || { cat run.log >&2; fail "injection $n: not one message"; }
	[ ! -d ds ] && [ ! -d dl ] || fail "injection $n: a stage ran"
}
# backticks in a URL whose download would still succeed
inj urls "bad debian 1.0 amd64 test - $u/\`$T/pwn\`/../x.deb - -"
inj urls "bad debian 1.0 amd64 test - $u/x\`$T/pwn\`.deb - -"
# a ';' in a URL (the fetch stage)
inj urls "bad debian 1.0 amd64 test - $u/x.deb;$T/pwn;/x.deb - -"
# a "'" in the release (the unpack stage's quoting)
inj release "bad debian 1.0'\`$T/pwn\`' amd64 test - $u/x.deb - -"
# $(shell ...) with a form feed (a blank to Make, not to the parser), in
# the release and the flavor: Make parse time, whatever IMAGES= says
inj release "bad debian \$(shell$ff$T/pwn) amd64 test - $u/x.deb - -" IMAGES=good
inj flavor "bad debian 1.0 amd64 \$(shell$ff$T/pwn) - $u/x.deb - -" IMAGES=good
inj distro "bad \$(shell$ff$T/pwn) 1.0 amd64 test - $u/x.deb - -" IMAGES=good
inj config_urls "bad debian 1.0 amd64 test - $u/x.deb - $u/\$(shell$ff$T/pwn)/c.deb" IMAGES=good
# a ':' in a package file name (was: a Make error naming no line)
inj urls "bad debian 1.0 amd64 test - $u/a:b.deb - -"
# a ${VAR} that is no archive base
inj urls "bad debian 1.0 amd64 test - \${SHELL}/x.deb - -"
