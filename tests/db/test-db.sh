#!/usr/bin/env bash
# depsurf-db, depsurf query and depsurf sql on a fixture dataset of three
# hand-written images (written below): exact query output, an unchanged
# dataset leaves the file alone, a changed image reloads only its own rows
# (a checksum of every table's rows per image), the incremental file is
# byte-identical to a fresh build, a failed load keeps the previous file,
# and a missing, old, truncated or foreign database gets one line naming it.
. "$SRCDIR/tests/include/test-subr.sh"
DB=$BIN/depsurf-db
DS=$BIN/depsurf

# mkimage ID RELEASE ARCH VARIANT: dataset image ds/ID; VARIANT old (5.10-like) or new
mkimage() {
	local d=ds/$1 rel=$2 arch=$3 v=$4
	mkdir -p "$d"
	cat >"$d/meta.json" <<EOJ
{"schema_version":"1.0","tool_version":"0.1.0","id":"$1","distro":"debian","release":"$rel","arch":"$arch","flavor":"$arch","package":{"url":"file:///x.deb","sha256":"-"},"build_id":"00","elf":{"class":"ELF64","endianness":"little","machine":"x86_64","e_machine":62},"compiler":["GCC: 12"],"dwarf_version":5,"dwarf_versions":[5],"btf_source":"embedded","counts":{}}
EOJ
	if [ "$v" = old ]; then
		cat >"$d/funcs.jsonl" <<'EOJ'
{"name":"blk_account_io_done","inline":"none","collision":"unique_global","transforms":[],"exact_symbol":true,"traceable":true,"kprobe_blacklisted":false,"proto":{"ret":"void","params":[{"name":"req","type":"struct request *"},{"name":"now","type":"u64"}],"source":"btf"},"defs":[{"file":"block/blk-core.c","line":1300,"cu":"block/blk-core.c","external":true,"declared_inline":false,"inlined":false,"inline_sites":0,"inline_callers":[],"call_sites":2,"call_callers":["block/blk-mq.c:__blk_mq_end_request"],"addr":"0xffffffff81000100"}],"symbols":[{"name":"blk_account_io_done","addr":"0xffffffff81000100","size":64,"bind":"global","section":".text"}]}
{"name":"blk_account_io_start","inline":"none","collision":"unique_global","transforms":[],"exact_symbol":true,"traceable":true,"kprobe_blacklisted":false,"proto":{"ret":"void","params":[{"name":"rq","type":"struct request *"}],"source":"btf"},"defs":[{"file":"block/blk-core.c","line":1280,"cu":"block/blk-core.c","external":true,"declared_inline":false,"inlined":false,"inline_sites":0,"inline_callers":[],"call_sites":3,"call_callers":["block/blk-mq.c:blk_mq_bio_to_request"],"addr":"0xffffffff81000000"}],"symbols":[{"name":"blk_account_io_start","addr":"0xffffffff81000000","size":96,"bind":"global","section":".text"}]}
{"name":"do_cb","inline":"none","collision":"unique_static","transforms":["isra"],"exact_symbol":false,"traceable":false,"kprobe_blacklisted":true,"proto":{"ret":"int","params":[{"name":"cb","type":"void (*)(int)"},{"name":"buf","type":"char[16]"},{"name":"","type":"..."}],"source":"dwarf"},"defs":[],"symbols":[{"name":"do_cb.isra.0","addr":"0xffffffff81000200","size":8,"bind":"local","section":".text"}]}
EOJ
		cat >"$d/structs.jsonl" <<'EOJ'
{"name":"task_struct","size":64,"members":[{"name":"thread_info","offset_bits":0,"bitfield_bits":0,"type":"struct thread_info"},{"name":"state","offset_bits":128,"bitfield_bits":0,"type":"volatile long int"},{"name":"stack","offset_bits":192,"bitfield_bits":0,"type":"void *"},{"name":"flags","offset_bits":256,"bitfield_bits":3,"type":"unsigned int"}]}
EOJ
		printf '%s\n' '{"event":"sched_switch","system":"sched","class":"sched_switch","fmt":"\"prev_comm=%s\", REC->prev_comm","fields":[{"name":"ent","offset_bits":0,"type":"struct trace_entry"},{"name":"prev_comm","offset_bits":64,"type":"char[16]"},{"name":"prev_state","offset_bits":192,"type":"long int"}],"args":[{"name":"preempt","type":"bool"},{"name":"prev","type":"struct task_struct *"}]}' >"$d/tracepoints.jsonl"
		printf '%s\n' '{"CONFIG_BPF":"y","CONFIG_DEBUG_INFO_BTF":null}' >"$d/config.json"
		: >"$d/kfuncs.jsonl"
	else
		cat >"$d/funcs.jsonl" <<'EOJ'
{"name":"blk_account_io_done","inline":"none","collision":"unique_global","transforms":[],"exact_symbol":true,"traceable":false,"kprobe_blacklisted":false,"proto":{"ret":"void","params":[{"name":"req","type":"struct request *"},{"name":"now","type":"u64"}],"source":"btf"},"defs":[{"file":"block/blk-mq.c","line":900,"cu":"block/blk-mq.c","external":true,"declared_inline":false,"inlined":false,"inline_sites":0,"inline_callers":[],"call_sites":4,"call_callers":["block/blk-mq.c:__blk_mq_end_request"],"addr":"0xffffffff81000100"}],"symbols":[{"name":"blk_account_io_done","addr":"0xffffffff81000100","size":64,"bind":"global","section":".text"}]}
{"name":"blk_account_io_start","inline":"full","collision":"unique_static","transforms":[],"exact_symbol":false,"traceable":false,"kprobe_blacklisted":false,"proto":{"ret":"void","params":[{"name":"req","type":"struct request *"}],"source":"dwarf"},"defs":[{"file":"block/blk-mq.c","line":1000,"cu":"block/blk-mq.c","external":false,"declared_inline":true,"inlined":true,"inline_sites":3,"inline_callers":["block/blk-mq.c:blk_execute_rq","block/blk-mq.c:blk_mq_submit_bio"],"call_sites":0,"call_callers":[],"addr":null},{"file":"block/blk-mq.c","line":1000,"cu":"block/blk-mq-sched.c","external":false,"declared_inline":true,"inlined":true,"inline_sites":1,"inline_callers":["block/blk-mq.c:blk_execute_rq"],"call_sites":0,"call_callers":[],"addr":null}],"symbols":[]}
EOJ
		cat >"$d/structs.jsonl" <<'EOJ'
{"name":"task_struct","size":72,"members":[{"name":"thread_info","offset_bits":0,"bitfield_bits":0,"type":"struct thread_info"},{"name":"__state","offset_bits":192,"bitfield_bits":0,"type":"unsigned int"},{"name":"stack","offset_bits":256,"bitfield_bits":0,"type":"void *"},{"name":"exit_state","offset_bits":320,"bitfield_bits":0,"type":"int"}]}
EOJ
		printf '%s\n' '{"event":"sched_switch","system":"sched","class":"sched_switch","fmt":"\"prev_comm=%s prev_state=%d\", REC->prev_comm, REC->prev_state","fields":[{"name":"ent","offset_bits":0,"type":"struct trace_entry"},{"name":"prev_comm","offset_bits":64,"type":"char[16]"},{"name":"prev_state","offset_bits":192,"type":"long int"}],"args":[{"name":"preempt","type":"bool"},{"name":"prev","type":"struct task_struct *"},{"name":"prev_state","type":"unsigned int"}]}' >"$d/tracepoints.jsonl"
		printf '%s\n' '{"CONFIG_BPF":"y","CONFIG_DEBUG_INFO_BTF":"y"}' >"$d/config.json"
		printf '%s\n' '{"name":"bpf_obj_new_impl","proto":{"ret":"void *","params":[{"name":"local_type_id__k","type":"u64"},{"name":"meta__ign","type":"void *"}]},"sets":["generic_btf_ids"],"flags":["KF_ACQUIRE","KF_RET_NULL"],"decl_tag":false}' >"$d/kfuncs.jsonl"
	fi
	printf '%s\n' '{"name":"task_ptr","size":8,"members":[{"name":"p","offset_bits":0,"bitfield_bits":0,"type":"struct task_struct *"}]}' >"$d/unions.jsonl"
	printf '%s\n' '{"name":"rpm_status","size":4,"values":[{"name":"RPM_INVALID","value":-1},{"name":"RPM_ACTIVE","value":0}]}' \
		'{"name":"wide","size":8,"values":[{"name":"W_MAX","value":"18446744073709551615"}]}' >"$d/enums.jsonl"
	printf '%s\n' '{"sys_call_table":[{"nr":0,"name":"read","entry":"__x64_sys_read","available":true},{"nr":1,"name":"write","entry":"__x64_sys_write","available":true},{"nr":2,"name":"ni_syscall","entry":null,"available":false}]}' >"$d/syscalls.json"
	printf '%s\n' '{"arch":"'"$arch"'","pt_regs":{"size":16,"members":[{"name":"di","offset_bits":0,"bitfield_bits":0,"type":"long unsigned int"},{"name":"ax","offset_bits":64,"bitfield_bits":0,"type":"long unsigned int"}]},"args":["di"],"ret":"ax","syscall_wrapper":true,"syscall_args":["di"],"offsets":{"di":0,"ax":8}}' >"$d/registers.json"
	printf '%s\n' '{"name":"file_open","proto":{"ret":"int","params":[{"name":"file","type":"struct file *"}]},"proto_source":"bpf_lsm","bpf_lsm":true}' >"$d/lsm_hooks.jsonl"
}
mkimage fix-5.10-amd64 5.10.0-32-amd64 amd64 old
mkimage fix-6.1-amd64 6.1.0-47-amd64 amd64 new
mkimage fix-6.1-arm64 6.1.0-47-arm64 arm64 new

"$DB" --stat-cache db.stat -q ds || fail "depsurf-db failed"
[ -f ds/depsurf.sqlite ] || fail "no ds/depsurf.sqlite"
[ ! -e ds/depsurf.sqlite.new ] && [ ! -e ds/depsurf.sqlite.tmp ] || fail "temporary files left"
q() { "$DS" query --dataset ds "$@"; }

q func blk_account_io_start >out.txt
cat >exp.txt <<'EOT'
func blk_account_io_start
  fix-5.10-amd64  none      void blk_account_io_start(struct request *rq); symbol, traceable; 0 inline, 3 call sites
  fix-6.1-amd64   full      void blk_account_io_start(struct request *req); no exact symbol, not traceable; 4 inline, 0 call sites; inlined into block/blk-mq.c:blk_execute_rq, block/blk-mq.c:blk_mq_submit_bio
  fix-6.1-arm64   full      void blk_account_io_start(struct request *req); no exact symbol, not traceable; 4 inline, 0 call sites; inlined into block/blk-mq.c:blk_execute_rq, block/blk-mq.c:blk_mq_submit_bio
EOT
diff -u exp.txt out.txt || fail "query func"

q --images 'fix-6.1-*,fix-5.10-amd64' func 'blk_account_io_*' >out.txt
cat >exp.txt <<'EOT'
func blk_account_io_done
  fix-5.10-amd64  none      void blk_account_io_done(struct request *req, u64 now); symbol, traceable; 0 inline, 2 call sites
  fix-6.1-amd64   none      void blk_account_io_done(struct request *req, u64 now); symbol, not traceable; 0 inline, 4 call sites
  fix-6.1-arm64   none      void blk_account_io_done(struct request *req, u64 now); symbol, not traceable; 0 inline, 4 call sites
func blk_account_io_start
  fix-5.10-amd64  none      void blk_account_io_start(struct request *rq); symbol, traceable; 0 inline, 3 call sites
  fix-6.1-amd64   full      void blk_account_io_start(struct request *req); no exact symbol, not traceable; 4 inline, 0 call sites; inlined into block/blk-mq.c:blk_execute_rq, block/blk-mq.c:blk_mq_submit_bio
  fix-6.1-arm64   full      void blk_account_io_start(struct request *req); no exact symbol, not traceable; 4 inline, 0 call sites; inlined into block/blk-mq.c:blk_execute_rq, block/blk-mq.c:blk_mq_submit_bio
EOT
diff -u exp.txt out.txt || fail "query func glob"

{
	q --images fix-5.10-amd64 func do_cb
	q field task_struct::state
	q field task_struct::flags
	q --images fix-6.1-amd64 field task_struct::exit_stat
	q field nosuch::x
	q --images fix-6.1-amd64 struct 'task_*'
	q tracepoint sched_switch
	q --images fix-6.1-arm64 syscall ni_syscall
	q syscall read
	q lsm file_open
	q kfunc bpf_obj_new_impl
	q config DEBUG_INFO_BTF
	q config 'CONFIG_NOPE*'
} >out.txt
cat >exp.txt <<'EOT'
func do_cb
  fix-5.10-amd64  none      int do_cb(void (*cb)(int), char buf[16], ...); no exact symbol, not traceable, kprobe-blacklisted, symbols ["isra"]; 0 inline, 0 call sites
field task_struct::state
  fix-5.10-amd64  present   offset 16, volatile long int
  fix-6.1-amd64   absent    hint: __state (offset 24, unsigned int; similar name)
  fix-6.1-arm64   absent    hint: __state (offset 24, unsigned int; similar name)
field task_struct::flags
  fix-5.10-amd64  present   bit offset 256, 3 bits, unsigned int
  fix-6.1-amd64   absent    hint: stack (offset 32, void *; same offset)
  fix-6.1-arm64   absent    hint: stack (offset 32, void *; same offset)
field task_struct::exit_stat
  fix-6.1-amd64  absent    (struct task_struct present, no similar member)
field nosuch::x
  fix-5.10-amd64  absent    (no struct or union nosuch)
  fix-6.1-amd64   absent    (no struct or union nosuch)
  fix-6.1-arm64   absent    (no struct or union nosuch)
struct task_ptr
  fix-6.1-amd64  present   union, 8 bytes, 1 members
struct task_struct
  fix-6.1-amd64  present   struct, 72 bytes, 4 members
tracepoint sched:sched_switch
  fix-5.10-amd64  present   class sched_switch; fields: char[16] prev_comm, long int prev_state; args: bool preempt, struct task_struct *prev
  fix-6.1-amd64   present   class sched_switch; fields: char[16] prev_comm, long int prev_state; args: bool preempt, struct task_struct *prev, unsigned int prev_state
  fix-6.1-arm64   present   class sched_switch; fields: char[16] prev_comm, long int prev_state; args: bool preempt, struct task_struct *prev, unsigned int prev_state
syscall ni_syscall
  fix-6.1-arm64  unavailable nr 2 in sys_call_table, entry (none) (not available)
syscall read
  fix-5.10-amd64  present   nr 0 in sys_call_table, entry __x64_sys_read
  fix-6.1-amd64   present   nr 0 in sys_call_table, entry __x64_sys_read
  fix-6.1-arm64   present   nr 0 in sys_call_table, entry __x64_sys_read
lsm file_open
  fix-5.10-amd64  present   int file_open(struct file *file); bpf_lsm_ hook: lsm/ attachable
  fix-6.1-amd64   present   int file_open(struct file *file); bpf_lsm_ hook: lsm/ attachable
  fix-6.1-arm64   present   int file_open(struct file *file); bpf_lsm_ hook: lsm/ attachable
kfunc bpf_obj_new_impl
  fix-5.10-amd64  absent    
  fix-6.1-amd64   present   void *bpf_obj_new_impl(u64 local_type_id__k, void *meta__ign); sets generic_btf_ids; flags KF_ACQUIRE|KF_RET_NULL
  fix-6.1-arm64   present   void *bpf_obj_new_impl(u64 local_type_id__k, void *meta__ign); sets generic_btf_ids; flags KF_ACQUIRE|KF_RET_NULL
config CONFIG_DEBUG_INFO_BTF
  fix-5.10-amd64  not set   # CONFIG_DEBUG_INFO_BTF is not set
  fix-6.1-amd64   set       CONFIG_DEBUG_INFO_BTF=y
  fix-6.1-arm64   set       CONFIG_DEBUG_INFO_BTF=y
config CONFIG_NOPE*: no match in any image
EOT
diff -u exp.txt out.txt || fail "query kinds"

"$DS" -j query --dataset ds --images fix-6.1-amd64 field task_struct::state >out.json
cat >exp.json <<'EOT'
[{"kind":"field","name":"task_struct::state","images":[{"image":"fix-6.1-amd64","hints":[{"name":"__state","offset_bits":192,"bitfield_bits":0,"type":"unsigned int","same_offset":false,"similar_name":true}],"status":"absent"}]}]
EOT
diff -u exp.json out.json || fail "query --json"

# sql: TSV with a header, JSON, big enum values kept as text
"$DS" sql --dataset ds "SELECT i.id, v.name, v.value FROM enum_values v JOIN images i USING (image) WHERE i.id = 'fix-6.1-amd64' ORDER BY v.enum, v.pos" >out.txt
printf 'id\tname\tvalue\nfix-6.1-amd64\tRPM_INVALID\t-1\nfix-6.1-amd64\tRPM_ACTIVE\t0\nfix-6.1-amd64\tW_MAX\t18446744073709551615\n' >exp.txt
diff -u exp.txt out.txt || fail "sql tsv"
"$DS" -j sql --db ds/depsurf.sqlite "SELECT id, arch FROM images ORDER BY id LIMIT 2" >out.json
echo '[{"id":"fix-5.10-amd64","arch":"amd64"},{"id":"fix-6.1-amd64","arch":"amd64"}]' >exp.json
diff -u exp.json out.json || fail "sql --json"

# queries never write
cp ds/depsurf.sqlite before.sqlite
expect_fail "read-only" "$DS" sql --dataset ds "DELETE FROM images"
expect_fail "read-only" "$DS" sql --dataset ds "PRAGMA user_version = 7"
"$DS" sql --dataset ds "SELECT count(*) FROM functions" >/dev/null
cmp before.sqlite ds/depsurf.sqlite || fail "a query changed the database"

# per image, a checksum of every table's rows
sums() {
	local id t
	for id in fix-5.10-amd64 fix-6.1-amd64 fix-6.1-arm64; do
		for t in images functions func_defs func_symbols structs members enums enum_values \
			tracepoints tp_fields tp_args syscalls lsm_hooks kfuncs registers config; do
			"$DS" sql --dataset ds "SELECT * FROM $t WHERE image = (SELECT image FROM images WHERE id = '$id') ORDER BY 1, 2, 3"
		done | md5sum | sed "s/ .*/ $id/"
	done
}
sums >sums0

# the shared bodies (db/intern.c): every refs is the number of its uses
check_refs() {
	local bad
	bad=$(sqlite3 "$1" "
SELECT 'function_bodies', id, refs FROM function_bodies b
 WHERE refs <> (SELECT count(*) FROM function_rows WHERE body = b.id)
UNION ALL SELECT 'def_bodies', id, refs FROM def_bodies b
 WHERE refs <> (SELECT count(*) FROM func_def_rows WHERE body = b.id)
UNION ALL SELECT 'caller_lists', id, refs FROM caller_lists c
 WHERE refs <> (SELECT count(*) FROM def_bodies WHERE inline_callers = c.id)
             + (SELECT count(*) FROM def_bodies WHERE call_callers = c.id)
UNION ALL SELECT 'dangling def', r.func, r.pos FROM func_def_rows r
 WHERE NOT EXISTS (SELECT 1 FROM def_bodies WHERE id = r.body)")
	[ -z "$bad" ] || fail "$1: refs that are not the uses ($2): $bad"
}
check_refs ds/depsurf.sqlite "first build"

# unchanged dataset (even touched): the file is left as it is
touch ds/fix-6.1-amd64/*.jsonl
"$DB" --stat-cache db.stat ds 2>log || fail "rebuild failed"
grep -q '3 images, 0 changed' log || { cat log; fail "unchanged dataset reloaded"; }
cmp before.sqlite ds/depsurf.sqlite || fail "unchanged dataset changed the file"
# the fingerprint cache (db/statcache.h): one line an image, never in the dataset
[ "$(wc -l <db.stat)" = 3 ] || fail "no stat cache: $(cat db.stat)"
[ -z "$(ls ds | grep -v -e '^fix-' -e '^depsurf.sqlite$')" ] || fail "left in the dataset: $(ls ds)"
# a garbled cache is only a cache: hashed again, nothing reloaded
printf 'garbage\nfix-6.1-amd64 st:0 x\n\0\n' >db.stat
"$DB" --stat-cache db.stat ds 2>log || fail "build with a garbled cache failed"
grep -q '3 images, 0 changed' log || { cat log; fail "garbled cache reloaded"; }
cmp before.sqlite ds/depsurf.sqlite || fail "garbled cache changed the file"

# a fresh build elsewhere is byte-identical
"$DB" -q -o fresh.sqlite ds || fail "fresh build failed"
cmp fresh.sqlite ds/depsurf.sqlite || fail "fresh build differs"

# one image changes: only its rows change, and the file equals a fresh build
# (rewritten in place: same inode and size, mtime put back; the ctime in
# the stat cache still sees it)
cp -p ds/fix-6.1-amd64/funcs.jsonl stamp
sed 's/"call_sites":4,/"call_sites":5,/' stamp >edited
cat edited >ds/fix-6.1-amd64/funcs.jsonl
touch -r stamp ds/fix-6.1-amd64/funcs.jsonl
"$DB" --stat-cache db.stat ds 2>log || fail "incremental build failed"
grep -q 'fix-6.1-amd64: reloaded' log && grep -q '3 images, 1 changed' log || { cat log; fail "not one image reloaded"; }
sums >sums1
diff sums0 sums1 | grep -c '^>' | grep -qx 1 || fail "other images' rows changed: $(diff sums0 sums1)"
diff sums0 sums1 | grep -q '^> .* fix-6.1-amd64$' || fail "the changed image's rows did not change"
check_refs ds/depsurf.sqlite "after a reload"
"$DB" -q -r -o fresh2.sqlite ds || fail "fresh build failed"
cmp fresh2.sqlite ds/depsurf.sqlite || fail "incremental build differs from a fresh one"
"$DS" query --dataset ds --images fix-6.1-amd64 func blk_account_io_done | grep -q '5 call sites' ||
	fail "changed row not seen"

# an image removed from the dataset: its rows go
mv ds/fix-6.1-arm64 gone
"$DB" --stat-cache db.stat ds 2>log || fail "build after removal failed"
grep -q 'fix-6.1-arm64: gone' log || { cat log; fail "removal not reported"; }
assert_eq "images after removal" "2" "$("$DS" sql --dataset ds 'SELECT count(*) FROM images' | tail -1)"
check_refs ds/depsurf.sqlite "after a removal"
mv gone ds/fix-6.1-arm64
"$DB" --stat-cache db.stat -q ds || fail "build after restore failed"
cmp fresh2.sqlite ds/depsurf.sqlite || fail "restored dataset differs from the fresh build"

# a bad image: one line naming the file and line, the database unchanged
cp ds/depsurf.sqlite before.sqlite
cp ds/fix-6.1-amd64/structs.jsonl structs.save
echo '{"name":"aaa","size":1,"members":[' >>ds/fix-6.1-amd64/structs.jsonl
expect_fail "ds/fix-6.1-amd64/structs.jsonl:2" "$DB" -q ds
cmp before.sqlite ds/depsurf.sqlite || fail "a failed load changed the database"
cp structs.save ds/fix-6.1-amd64/structs.jsonl

# bad databases: one line naming the file and what to run
expect_fail "nodir/depsurf.sqlite: no such database; run: make db DATASET_DIR=nodir" \
	"$DS" query --dataset nodir func x
head -c 5000 ds/depsurf.sqlite >trunc.sqlite
expect_fail "trunc.sqlite: corrupt database" "$DS" query --db trunc.sqlite func x
expect_fail "trunc.sqlite: corrupt database" "$DS" sql --db trunc.sqlite "SELECT 1"
echo "not a database at all, but long enough to hold an SQLite header of 100 bytes......................." >junk.sqlite
expect_fail "junk.sqlite: not an SQLite database" "$DS" sql --db junk.sqlite "SELECT 1"
cp ds/depsurf.sqlite old.sqlite
printf '\0\0\0\0' | dd of=old.sqlite bs=1 seek=60 conv=notrunc status=none
expect_fail "old.sqlite: database schema version 0, this depsurf reads 3; run: make db" \
	"$DS" query --db old.sqlite func x
# an old-schema database is rebuilt by depsurf-db
cp old.sqlite ds/depsurf.sqlite
"$DB" --stat-cache db.stat -q ds || fail "rebuild over an old schema failed"
cmp fresh2.sqlite ds/depsurf.sqlite || fail "rebuild over an old schema differs"

# the working copy (--work; make passes WORK_DIR/.db.work): seeded from the
# database, images reloaded there without a journal, and the database
# written from it is byte-identical to a fresh build
"$DB" -q --work work.db ds || fail "seeding the working copy failed"
[ -s work.db ] || fail "no working copy"
cmp fresh2.sqlite ds/depsurf.sqlite || fail "database written from a new working copy differs"
sed 's/"call_sites":5,/"call_sites":6,/' ds/fix-6.1-amd64/funcs.jsonl >edited
cat edited >ds/fix-6.1-amd64/funcs.jsonl
"$DB" --work work.db ds 2>log || fail "update through the working copy failed"
grep -q 'fix-6.1-amd64: reloaded' log && grep -q '3 images, 1 changed' log || { cat log; fail "not one image reloaded through the working copy"; }
"$DB" -q -r -o fresh3.sqlite ds || fail "fresh build failed"
cmp fresh3.sqlite ds/depsurf.sqlite || fail "database written from the working copy differs from a fresh one"
cmp fresh2.sqlite fresh3.sqlite >/dev/null && fail "the change did not reach the database"
"$DS" query --dataset ds --images fix-6.1-amd64 func blk_account_io_done | grep -q '6 call sites' ||
	fail "changed row not seen through the working copy"
# entry by entry (db/load.c merge_jsonl): an entry removed (the first),
# one added (the last), all of a surface gone, a document changed; then all
# put back. Each time the database equals a fresh build.
d=ds/fix-6.1-amd64
cp -r "$d" saved-image
sed 1d saved-image/funcs.jsonl >"$d/funcs.jsonl"
sed -n 2p saved-image/funcs.jsonl | sed 's/"blk_account_io_start"/"zz_added"/; s/blk_account_io_start(/zz_added(/' >>"$d/funcs.jsonl"
: >"$d/tracepoints.jsonl"
printf '%s\n' '{"CONFIG_BPF":"m"}' >"$d/config.json"
"$DB" -q --work work.db ds || fail "entry-level update failed"
"$DB" -q -r -o fresh5.sqlite ds || fail "fresh build failed"
cmp fresh5.sqlite ds/depsurf.sqlite || fail "entry-level update differs from a fresh build"
check_refs work.db "after entry-level changes"
assert_eq "entries after entry-level changes" "zz_added|0|m" \
	"$("$DS" sql --dataset ds "SELECT (SELECT group_concat(name) FROM functions f JOIN images i USING (image) WHERE i.id = 'fix-6.1-amd64' AND name LIKE 'zz%'), (SELECT count(*) FROM tracepoints t JOIN images i USING (image) WHERE i.id = 'fix-6.1-amd64'), (SELECT value FROM config c JOIN images i USING (image) WHERE i.id = 'fix-6.1-amd64')" | tail -1 | tr '\t' '|')"
rm -r "$d" && cp -r saved-image "$d"
"$DB" -q --work work.db ds || fail "entry-level restore failed"
cmp fresh3.sqlite ds/depsurf.sqlite || fail "entry-level restore differs from the fresh build"
check_refs work.db "after the entry-level restore"

# an unchanged dataset leaves the database alone
cp -p ds/depsurf.sqlite before.sqlite
"$DB" --work work.db ds 2>log || fail "unchanged run with a working copy failed"
grep -q '3 images, 0 changed' log || { cat log; fail "unchanged dataset reloaded through the working copy"; }
[ ds/depsurf.sqlite -ot before.sqlite ] || [ ! ds/depsurf.sqlite -nt before.sqlite ] || fail "unchanged dataset rewrote the database"
# a run that died midway leaves user_version 0: the next run does not trust
# the copy (here also given a bogus row) and starts again from the database
sqlite3 work.db "PRAGMA user_version = 0; UPDATE function_bodies SET inline = 'bogus'"
"$DB" -q --work work.db ds || fail "run after a dead one failed"
"$DB" -q --work work.db --rebuild -o rebuilt.sqlite ds || fail "rebuild of the working copy failed"
cmp fresh3.sqlite rebuilt.sqlite || fail "working copy rebuilt with --rebuild differs"
sed 's/"call_sites":6,/"call_sites":7,/' ds/fix-6.1-amd64/funcs.jsonl >edited
cat edited >ds/fix-6.1-amd64/funcs.jsonl
"$DB" -q --work work.db ds || fail "update after a dead run failed"
assert_eq "rows from a dead working copy" "0" \
	"$("$DS" sql --dataset ds "SELECT count(*) FROM functions WHERE inline = 'bogus'" | tail -1)"
"$DB" -q -r -o fresh4.sqlite ds || fail "fresh build failed"
cmp fresh4.sqlite ds/depsurf.sqlite || fail "database after a dead run differs from a fresh one"
check_refs work.db "in the working copy"
# a database removed or replaced behind the working copy's back is written again
rm ds/depsurf.sqlite
"$DB" -q --work work.db ds || fail "run without a database failed"
cmp fresh4.sqlite ds/depsurf.sqlite || fail "database written again differs"

# usage errors: exit 2 and the cause
usage() {
	local frag=$1 rc=0; shift
	"$@" >/dev/null 2>err.txt || rc=$?
	[ $rc -eq 2 ] && grep -qF -- "$frag" err.txt || { cat err.txt; fail "expected usage error $frag (rc $rc): $*"; }
}
usage "unknown kind 'fun'" "$DS" query --dataset ds fun x
usage "is not STRUCT::FIELD" "$DS" query --dataset ds field task_struct
usage "no such table: nosuch" "$DS" sql --dataset ds "SELECT * FROM nosuch"
usage "one statement expected" "$DS" sql --dataset ds "SELECT 1; SELECT 2"
exit 0
