#!/usr/bin/env bash
# Integration check of depsurf-tracepoints and depsurf-syscalls on a real
# image. Env: IMG_DIR (vmlinux, config, optionally vmlinux.btf), BIN (tools).
#   - tracepoint events == the names with both an event_<name> and a
#     __tracepoint_<name> symbol (eu-readelf -s), up to TP_SLACK differences;
#     every event has a system, a fmt, a class, fields and named args
#     (names from DWARF when BTF lacks the probe FUNCs, then checked
#     against a pahole BTF that has them); sched_switch's
#     args are its TP_PROTO of that release;
#   - on images with BTF: sched_switch fields == bpftool's view of
#     struct trace_event_raw_sched_switch; block_rq_issue is in system block;
#   - every syscall table slot that is available agrees with the uapi
#     <asm/unistd.h> of its ABI (numbers taken through the (cross) compiler's
#     preprocessor), up to the kernel-internal names listed in ALIASES.
# Exit 0 pass, 77 skip (no image), 1 fail.
set -eu
export LC_ALL=C
: "${IMG_DIR:?IMG_DIR must name an image directory (vmlinux, config)}"
: "${BIN:?BIN must point at the built tools}"
V=$IMG_DIR/vmlinux
[ -r "$V" ] || { echo "SKIP: no $V"; exit 77; }
for c in jq eu-readelf bpftool pahole; do
	command -v $c >/dev/null || { echo "SKIP: $c not installed"; exit 77; }
done
T=$(mktemp -d "${TMPDIR:-/tmp}/depsurf-int-events.XXXXXX")
trap 'rm -rf "$T"' EXIT
TP_SLACK=${TP_SLACK:-5}
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
info() { echo "  $*"; }

# ---------------------------------------------------------------- BTF
if eu-readelf -S "$V" | grep -q ' \.BTF '; then
	BTF_OPT=() BTF=$V
elif [ -r "$IMG_DIR/vmlinux.btf" ]; then
	BTF_OPT=(--btf "$IMG_DIR/vmlinux.btf") BTF=$IMG_DIR/vmlinux.btf
else
	info "no .BTF: pahole --btf_encode_detached"
	pahole --btf_encode_detached="$T/vmlinux.btf" "$V" >/dev/null
	BTF_OPT=(--btf "$T/vmlinux.btf") BTF=$T/vmlinux.btf
fi

# ---------------------------------------------------------- tracepoints
"$BIN/depsurf-tracepoints" "${BTF_OPT[@]}" "$V" -o "$T/tp.jsonl"
eu-readelf -s "$V" | awk '$4 != "SECTION" && $4 != "FILE" {print $8}' | sort -u >"$T/syms"
sed -n 's/^event_//p' "$T/syms" | sort >"$T/ev"
sed -n 's/^__tracepoint_//p' "$T/syms" | sort >"$T/tps"
comm -12 "$T/ev" "$T/tps" >"$T/ref"
jq -r .event "$T/tp.jsonl" | sort >"$T/ours"
n_ours=$(wc -l <"$T/ours") n_ref=$(wc -l <"$T/ref")
n_diff=$(comm -3 "$T/ours" "$T/ref" | wc -l)
info "tracepoints: $n_ours events, $n_ref event_ ∩ __tracepoint_ symbols, $n_diff differ"
[ "$n_diff" -le "$TP_SLACK" ] || fail "tracepoint names differ: $(comm -3 "$T/ours" "$T/ref" | head -20 | tr -s '\t\n' '  ')"
[ "$n_ours" -gt 100 ] || fail "only $n_ours tracepoints"
# the file's own order (not $T/ours, which sort made): bytewise by event
jq -r .event "$T/tp.jsonl" >"$T/order"
sort -c "$T/order" 2>"$T/order.err" || fail "tracepoints.jsonl not sorted by event: $(cat "$T/order.err")"
bad=$(jq -r 'select(.system == "" or .class == "" or .fmt == "" or (.fmt | test("^\"") | not)
	or .fields == [] or .args == []) | .event' "$T/tp.jsonl" | head -5 | tr '\n' ' ')
[ -z "$bad" ] || fail "events with an empty system/class/fmt/fields/args: $bad"
# Argument names come from the class's probe FUNC, or from its DWARF when
# BTF has none (pahole <= 1.21 skipped the notrace probes: Debian 11's 5.10).
bpftool btf dump file "$BTF" >"$T/btf.txt"
if ! grep -q "FUNC 'trace_event_raw_event_" "$T/btf.txt"; then
	# two roads: pahole >= 1.22 encodes the probes; its BTF must name the
	# args exactly as our DWARF reading did
	info "BTF has no trace_event_raw_event_* FUNCs: arg names from DWARF"
	pahole --btf_gen_floats --lang_exclude=rust \
		--btf_encode_detached="$T/pahole.btf" "$V" >/dev/null
	if bpftool btf dump file "$T/pahole.btf" | grep -q "FUNC 'trace_event_raw_event_"; then
		"$BIN/depsurf-tracepoints" --btf "$T/pahole.btf" "$V" -o "$T/tp-pahole.jsonl"
		if cmp -s <(jq -c '[.event, .args]' "$T/tp.jsonl") \
			<(jq -c '[.event, .args]' "$T/tp-pahole.jsonl"); then
			info "args from DWARF == args with pahole's BTF (probe FUNCs)"
		else
			fail "args from DWARF differ from pahole's BTF: $(diff <(jq -c '[.event, .args]' "$T/tp.jsonl") <(jq -c '[.event, .args]' "$T/tp-pahole.jsonl") | head -4 | tr '\n' ' ')"
		fi
	fi
fi
bad=$(jq -r 'select(.args | any(.name == "")) | .event' "$T/tp.jsonl" | head -5 | tr '\n' ' ')
[ -z "$bad" ] || fail "events with unnamed args: $bad"
# sched_switch's TP_PROTO: (bool preempt, struct task_struct *prev,
# struct task_struct *next) since 4.4, `unsigned int prev_state` added in 5.18
release=$(sed -n 's/^# Linux\/[^ ]* \([0-9]*\.[0-9]*\)[^ ]* Kernel Configuration.*/\1/p' \
	"$IMG_DIR/config" 2>/dev/null | head -1)
ss=$(jq -r 'select(.event == "sched_switch") | [.args[] | "\(.name): \(.type)"] | join(", ")' "$T/tp.jsonl")
vge() { [ "$(printf '%s\n' "$1" "$2" | sort -V | head -1)" = "$2" ]; }
if [ -z "$release" ] || ! vge "$release" 4.4; then
	info "sched_switch args (${release:-release unknown}): $ss"
else
	exp="preempt: bool, prev: struct task_struct *, next: struct task_struct *"
	vge "$release" 5.18 && exp="$exp, prev_state: unsigned int"
	[ "$ss" = "$exp" ] || fail "sched_switch args of $release: '$ss', expected '$exp'"
	info "sched_switch args ($release): $ss"
fi
sys=$(jq -r 'select(.event == "block_rq_issue") | .system' "$T/tp.jsonl")
[ "$sys" = block ] || fail "block_rq_issue: system '$sys', expected block"

# sched_switch fields: names and offsets as bpftool prints the record struct
awk '/^\[[0-9]+\] STRUCT .trace_event_raw_sched_switch. /{on=1; next}
	on && /^\[/ {exit}
	on {gsub(/'"'"'/, "", $1); sub(/bits_offset=/, "", $3); print $1, $3}' \
	"$T/btf.txt" >"$T/ss.bpftool"
jq -r 'select(.event == "sched_switch") | .fields[] | "\(.name) \(.offset_bits)"' \
	"$T/tp.jsonl" >"$T/ss.ours"
if [ -s "$T/ss.bpftool" ] && cmp -s "$T/ss.bpftool" "$T/ss.ours"; then
	info "sched_switch: $(wc -l <"$T/ss.ours") fields equal bpftool's trace_event_raw_sched_switch"
else
	fail "sched_switch fields differ from bpftool: $(diff "$T/ss.bpftool" "$T/ss.ours" | head -10 | tr '\n' ' ')"
fi
t=$(jq -r 'select(.event == "sched_switch") | .fields[] | select(.name == "prev_comm") | .type' "$T/tp.jsonl")
[ "$t" = "char[16]" ] || fail "sched_switch.prev_comm type '$t'"

# ------------------------------------------------------------- syscalls
"$BIN/depsurf-syscalls" "$V" -o "$T/sc.json"

# uapi_nrs CC...: "nr name" for every __NR_name of <asm/unistd.h> under CC
uapi_nrs() {
	echo '#include <asm/unistd.h>' | "$@" -E -dM - 2>/dev/null |
		awk '$1 == "#define" && $2 ~ /^__NR_/ && $2 !~ /^__NR_(syscalls|SYSCALL_BASE|OABI_SYSCALL_BASE)$/ {print substr($2, 6)}' |
		sort -u >"$T/nr.names"
	{ echo '#include <asm/unistd.h>'; sed 's/.*/@@ & __NR_&/' "$T/nr.names"; } |
		"$@" -E -P - 2>/dev/null | grep '^@@' | while read -r _ name expr; do
			case $expr in *[!-0-9a-fA-FxX+\ \(\)]*) continue ;; esac
			echo "$(( expr )) $name"
		done | sort -n
}

# The kernel's name for a slot (its entry symbol minus the ABI prefix) is not
# always the uapi one: sys_newstat serves __NR_stat, compat tables use
# lchown16, time32, rt_sigtimedwait_time64, ... Both sides agree when equal
# after canon() strips those markers, or when listed in ALIASES ("uapi:kernel").
ALIASES="umount2:umount oldstat:stat oldfstat:fstat oldlstat:lstat
_llseek:llseek _newselect:select preadv2:preadv64v2 pwritev2:pwritev64v2
oldolduname:olduname ugetrlimit:getrlimit mmap2:mmap_pgoff fadvise64:fadvise64_64"
CANON='function canon(s) {
	sub(/^_+/, "", s)
	sub(/^(ia32_|x32_|arm64_|aarch32_|s390_|arm_)/, "", s)
	sub(/^(new|old_|old)/, "", s)
	sub(/(16|_time32|_time64|32|64)$/, "", s)
	return s
}'

# check_table TABLE BIAS CC...: available slots of TABLE against CC's uapi
# (uapi number = slot + BIAS)
check_table() {
	table=$1 bias=$2; shift 2
	jq -e --arg t "$table" 'has($t)' "$T/sc.json" >/dev/null || return 0
	if ! command -v "$1" >/dev/null; then info "$table: $1 missing, not checked"; return 0; fi
	uapi_nrs "$@" >"$T/uapi.$table"
	[ -s "$T/uapi.$table" ] || { fail "$table: no uapi numbers from $*"; return 0; }
	jq -r --arg t "$table" '.[$t][] | "\(.nr) \(.name) \(.available)"' "$T/sc.json" >"$T/ours.$table"
	awk -v bias="$bias" -v aliases="$ALIASES" "$CANON"'
		BEGIN { n = split(aliases, a, /[ \n]+/); for (i = 1; i <= n; i++) { split(a[i], p, ":"); al[p[1] ":" p[2]] = 1 } }
		NR == FNR { uapi[$1] = uapi[$1] " " $2; next }
		$3 != "true" { na++; next }
		!(($1 + bias) in uapi) { newer++; next }
		{
			u = uapi[$1 + bias]; ok = 0; m = split(u, names, " ")
			for (i = 1; i <= m; i++) if (names[i] == $2 || canon(names[i]) == canon($2) || ((names[i] ":" $2) in al)) ok = 1
			if (ok) good++; else { bad++; if (bad <= 10) printf "%s(%d): uapi%s, kernel %s\n", tbl, $1, u, $2 > "/dev/stderr" }
		}
		END { printf "%d %d %d %d\n", good, bad, na, newer }' tbl="$table" "$T/uapi.$table" "$T/ours.$table" >"$T/res.$table" 2>"$T/bad.$table"
	read -r good bad na newer <"$T/res.$table"
	info "$table: $good slots agree with uapi, ${bad:-0} differ, $na not available, ${newer:-0} newer than the uapi headers"
	[ "${bad:-0}" -eq 0 ] || fail "$table: $(tr '\n' ';' <"$T/bad.$table")"
	[ "${good:-0}" -gt 200 ] || fail "$table: only ${good:-0} slots agree"
}

machine=$(eu-readelf -h "$V" | awk -F: '/Machine:/ {gsub(/^ +/, "", $2); print $2}')
case $machine in
*x86-64*)
	check_table sys_call_table 0 gcc
	check_table ia32_sys_call_table 0 i686-linux-gnu-gcc
	check_table x32_sys_call_table $((0x40000000)) gcc -mx32 -I/usr/include/x86_64-linux-gnu ;;
*80386*)
	check_table sys_call_table 0 i686-linux-gnu-gcc ;;
*AARCH64*)
	check_table sys_call_table 0 aarch64-linux-gnu-gcc
	check_table compat_sys_call_table 0 arm-linux-gnueabihf-gcc ;;
ARM*)
	check_table sys_call_table 0 arm-linux-gnueabihf-gcc ;;
*S/390*)
	check_table sys_call_table 0 s390x-linux-gnu-gcc
	check_table sys_call_table_emu 0 s390x-linux-gnu-gcc -m31 ;;
*)
	info "syscalls: no uapi check for $machine" ;;
esac

[ $failures -eq 0 ] || { echo "events: $failures check(s) failed" >&2; exit 1; }
echo "events: all checks passed ($IMG_DIR)"
