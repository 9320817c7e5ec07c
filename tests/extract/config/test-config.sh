#!/usr/bin/env bash
# depsurf-config: a config excerpt in Debian's shape → config.json; each
# malformed line named FILE:LINE with nothing written.
. "$SRCDIR/tests/include/test-subr.sh"
need jq

cat >config <<'CFG'
#
# Automatically generated file; DO NOT EDIT.
# Linux/x86 6.1.170 Kernel Configuration
#
CONFIG_CC_VERSION_TEXT="gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0"
CONFIG_CC_IS_GCC=y
CONFIG_GCC_VERSION=120200
CONFIG_LOCALVERSION=""
# CONFIG_LOCALVERSION_AUTO is not set
CONFIG_DEFAULT_HOSTNAME="(none)"

#
# General setup
#
CONFIG_BPF=y
CONFIG_EXT4_FS=m
CONFIG_PHYSICAL_START=0x1000000
CONFIG_NR_CPUS=-1
CONFIG_CMDLINE="console=\"ttyS0\" path=C:\\x"
# CONFIG_KASAN is not set
# end of General setup
CFG
"$BIN/depsurf-config" config -o config.json || fail "depsurf-config failed"
assert_eq "keys = CONFIG_ lines" "$(grep -c CONFIG_ config)" "$(jq length config.json)"
assert_eq "keys sorted" "$(jq -r 'keys[]' config.json)" "$(jq -r 'keys_unsorted[]' config.json)"
jq_eq() { assert_eq "$1" "$2" "$(jq -c "$3" config.json)"; }
jq_eq "tristate" '["y","m"]' '[.CONFIG_BPF, .CONFIG_EXT4_FS]'
jq_eq "numbers stay text" '["120200","0x1000000","-1"]' '[.CONFIG_GCC_VERSION, .CONFIG_PHYSICAL_START, .CONFIG_NR_CPUS]'
jq_eq "strings unquoted" '["gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0","","(none)"]' \
	'[.CONFIG_CC_VERSION_TEXT, .CONFIG_LOCALVERSION, .CONFIG_DEFAULT_HOSTNAME]'
jq_eq "escapes" '"console=\"ttyS0\" path=C:\\x"' .CONFIG_CMDLINE
jq_eq "not set" '[null,null]' '[.CONFIG_KASAN, .CONFIG_LOCALVERSION_AUTO]'
jq_eq "null is not absent" true 'has("CONFIG_KASAN")'
"$BIN/depsurf-config" config -o again.json && cmp -s config.json again.json || fail "not deterministic"

# malformed: exactly one line "depsurf-config: FILE:LINE: problem", no output
bad() {
	printf "$2" >bad.config
	expect_fail "bad.config:$1: $3" "$BIN/depsurf-config" bad.config -o bad.json
	[ ! -e bad.json ] || fail "bad.json left behind"
}
bad 2 'CONFIG_A=y\nCONFIG_B\n' "neither CONFIG_NAME=value nor a comment"
bad 3 'CONFIG_A=y\n# x\nCONFIG_B="abc\n' "unterminated string value"
bad 1 'CONFIG_A=\n' "empty value"
bad 1 'CONFIG_A=y n\n' "unquoted value"
bad 1 'CONFIG_A="x" y\n' "text after the closing quote"
bad 3 'CONFIG_A=y\nCONFIG_B=y\n# CONFIG_A is not set\n' "option set a second time (first at line 1)"
bad 2 'CONFIG_A=y\nCONFIG_B="\377"\n' "value is not valid UTF-8"
bad 1 'hello\n' "neither"
: >empty.config
expect_fail "empty.config: no CONFIG_ options" "$BIN/depsurf-config" empty.config -o bad.json
expect_fail "missing: No such file" "$BIN/depsurf-config" missing -o bad.json
expect_fail "nodir/x.json: cannot create" "$BIN/depsurf-config" config -o nodir/x.json
[ ! -e bad.json ] || fail "bad.json left behind"
exit 0
