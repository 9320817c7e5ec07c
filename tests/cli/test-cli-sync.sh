#!/usr/bin/env bash
# The commands and options of depsurf agree in its three descriptions:
# `depsurf --help` / `depsurf CMD --help`, the man page (docs/depsurf.1) and
# the bash completion (cli/depsurf.bash-completion), after the kernel's
# test_bpftool_synctypes.py. Each source is reduced to lines
#   commands: c1 c2 ...
#   global: -x --xx ...
#   CMD: -y --yy ...
# (sorted), and the three must be identical. Then the check is shown to
# catch drift: an option added to only one of them must fail it.
. "$SRCDIR/tests/include/test-subr.sh"

MAN=$SRCDIR/docs/depsurf.1
COMP=$SRCDIR/cli/depsurf.bash-completion

words() { tr ' ' '\n' | sed '/^$/d' | sort -u | tr '\n' ' ' | sed 's/ $//'; }

# The option names of an "Options:" section of a help text on stdin.
help_opts() {
	sed -n '/^Options:/,/^$/p' | grep -oE '^ +(-[A-Za-z], )?--?[A-Za-z][-A-Za-z]*' |
		tr ',' ' ' | words
}

from_help() {
	local bin=$1 cmds c
	cmds=$("$bin" --help | sed -n '/^Commands/,/^$/p' | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p' | words)
	echo "commands: $cmds"
	echo "global: $("$bin" --help | help_opts)"
	for c in $cmds; do
		echo "$c: $("$bin" "$c" --help | help_opts)"
	done
}

# Options of a man page part: every .BR/.B line naming options (\-x, \-\-xx).
man_opts() {
	grep -E '^\.BR? \\-' | sed 's/\\-/-/g' | grep -oE '(^| )--?[A-Za-z][-A-Za-z]*' | words
}

from_man() {
	local man=$1 cmds c
	cmds=$(sed -n 's/^\.SS "depsurf \([a-z][a-z-]*\).*/\1/p' "$man" | words)
	echo "commands: $cmds"
	echo "global: $(sed -n '/^\.SH OPTIONS/,/^\.SH /p' "$man" | man_opts)"
	for c in $cmds; do
		echo "$c: $(sed -n "/^\\.SS \"depsurf $c[\" ]/,/^\\.S[SH] /p" "$man" | sed '1d' | man_opts)"
	done
}

from_completion() {
	local comp=$1 c
	echo "commands: $(sed -n "s/^[[:space:]]*local commands='\(.*\)'/\1/p" "$comp" | words)"
	echo "global: $(sed -n "s/^[[:space:]]*local global_opts='\(.*\)'/\1/p" "$comp" | words)"
	sed -n "s/^[[:space:]]*\[\([a-z][a-z-]*\)\]='\(.*\)'/\1 \2/p" "$comp" | sort |
		while read -r c opts; do echo "$c: $(echo "$opts" | words)"; done
}

# sync BIN MAN COMPLETION: 0 when the three agree, else the diffs on stderr.
sync() {
	from_help "$1" | sort >help.txt
	from_man "$2" | sort >man.txt
	from_completion "$3" | sort >comp.txt
	local ok=0
	diff -u --label help --label man help.txt man.txt >&2 || ok=1
	diff -u --label help --label completion help.txt comp.txt >&2 || ok=1
	return $ok
}

sync "$BIN/depsurf" "$MAN" "$COMP" || fail "help, man page and completion disagree (diff above)"
cat help.txt
# the extraction found something in each: every command has at least --help
grep -q '^commands: .*surfaces' help.txt || fail "no commands extracted"
grep -q '^global: .*--json' help.txt || fail "no global options extracted"
grep -q '^surfaces: .*--from-meta' help.txt || fail "no command options extracted"
for c in $(sed -n 's/^commands: //p' help.txt); do
	grep -q "^$c: .*--help" help.txt || fail "$c: no --help"
done

# drift in any one of the three is caught
sed "s/\[surfaces\]='/[surfaces]='--frob /" "$COMP" >comp-extra
! sync "$BIN/depsurf" "$MAN" comp-extra 2>/dev/null || fail "an option only in the completion was not caught"
sed "s/^\.SH EXIT STATUS/.TP\n.BR \\\\-\\\\-frob\n&/" "$MAN" >man-extra
grep -q -- '-frob' man-extra || fail "could not add an option to the man page copy"
! sync "$BIN/depsurf" man-extra "$COMP" 2>/dev/null || fail "an option only in the man page was not caught"
cat >depsurf-extra <<EOS
#!/bin/sh
"$BIN/depsurf" "\$@" | sed 's/^  -h, --help /      --frob\n&/'
EOS
chmod +x depsurf-extra
./depsurf-extra surfaces --help | grep -q -- --frob || fail "could not add an option to the help"
! sync ./depsurf-extra "$MAN" "$COMP" 2>/dev/null || fail "an option only in the help was not caught"
sed "s/^\(local commands='\)/\1frob /; s/^\([[:space:]]*local commands='\)/\1frob /" "$COMP" >comp-cmd
! sync "$BIN/depsurf" "$MAN" comp-cmd 2>/dev/null || fail "a command only in the completion was not caught"
exit 0
