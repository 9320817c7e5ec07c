#!/usr/bin/env bash
# lsm_hooks.jsonl against bpftool's BTF dump of the same image: the hook
# names are the members of its hook table (security_hook_heads, or
# lsm_static_calls_table from 6.9); each hook with bpf_lsm:true has a FUNC
# bpf_lsm_<hook> whose parameter names and count match the line's.
#   IMG_DIR=work/<id> DS_DIR=dataset/<id> tests/integration/lsm_hooks.sh
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$SRCDIR/tests/include/test-subr.sh"
: "${IMG_DIR:?}" "${DS_DIR:?}"
need bpftool
need jq
L=$DS_DIR/lsm_hooks.jsonl
[ -f "$L" ] || fail "$L missing"
bpftool btf dump file "$IMG_DIR/vmlinux.btf" >dump.txt || fail "bpftool btf dump failed"
table=security_hook_heads
grep -q "^\[[0-9]*\] STRUCT 'lsm_static_calls_table' " dump.txt && table=lsm_static_calls_table
# the members of the table: the lines after its header up to the next type
awk -v t="'$table'" '$1 ~ /^\[/ { f = ($2 == "STRUCT" && $3 == t); next } f { gsub("\047", "", $1); print $1 }' \
	dump.txt | sort >bpftool-hooks.txt
jq -r .name "$L" >ours.txt
[ -s bpftool-hooks.txt ] || fail "bpftool shows no $table"
sort -c ours.txt || fail "lsm_hooks.jsonl is not sorted by name"
diff -u bpftool-hooks.txt ours.txt || fail "hook names differ from $table's members"
# bpf_lsm_<hook> FUNC → its FUNC_PROTO's parameter names, from the raw dump
awk '$2 == "FUNC" && $3 ~ /^.bpf_lsm_/ { name = $3; gsub("\047|bpf_lsm_", "", name);
	sub("type_id=", "", $4); fn[$4] = fn[$4] " " name }
     $2 == "FUNC_PROTO" { cur = $1; gsub("[][]", "", cur); next }
     cur != "" && $1 ~ /^\047/ { p = $1; gsub("\047", "", p); params[cur] = params[cur] " " p; next }
     $1 ~ /^\[/ { cur = "" }
     END { for (id in fn) { n = split(fn[id], names, " "); for (i = 1; i <= n; i++) print names[i] ":" params[id] } }' \
	dump.txt | sort >bpftool-params.txt
jq -r 'select(.bpf_lsm) | .name + ":" + ([.proto.params[] | " " + .name] | join(""))' "$L" | sort >our-params.txt
n_ours=$(wc -l <our-params.txt)
n_same=$(comm -12 bpftool-params.txt our-params.txt | wc -l)
[ "$n_ours" -gt 0 ] || fail "no hook has bpf_lsm_<hook>"
[ "$n_same" -eq "$n_ours" ] || { comm -13 bpftool-params.txt our-params.txt | head >&2; fail "$((n_ours - n_same)) bpf_lsm prototypes differ"; }
echo "lsm hooks: $(wc -l <ours.txt) ($table), $n_ours with bpf_lsm_<hook>, parameter names equal to bpftool's"
