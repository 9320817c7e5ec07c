#!/usr/bin/env bash
# depsurf site on the fixture of tests/site/fixture.sh: the pages that must
# be there, the facts they show (the F of blk_account_io_start on k61, its
# inline callers, the changes of the pair, the program's verdicts and way
# out), a page for every item the pair document lists, byte-identical
# output across runs, no broken link, and hostile inputs (one line naming
# the file, exit 1, the old site left as it was).
. "$SRCDIR/tests/include/test-subr.sh"
need python3
. "$SRCDIR/tests/site/fixture.sh"
S=$T/site

for f in index.html style.css search.html search.js search-index.js k/func.html \
	k/struct.html k/tracepoint.html k/syscall.html k/lsm.html k/kfunc.html \
	d/func/blk_account_io_start.html d/func/vfs_fsync.html p/biolatency.html p/fsslower.html; do
	[ -s "$S/$f" ] || fail "no $f"
done
grep -q '^site: .*: [0-9]* files, [0-9]* dependency pages, 2 programs' "$T/site.err" ||
	fail "summary line: $(cat "$T/site.err")"

# the cell of blk_account_io_start on k61: F (fully inlined), red, changed
B=$S/d/func/blk_account_io_start.html
grep -q '<td class="e" data-image="k61">FΔ</td>' "$B" ||
	fail "blk_account_io_start on k61 is not F"
grep -q '<td class="o" data-image="k510">✓</td>' "$B" ||
	fail "blk_account_io_start on k510 is not ok"
grep -q '<code>block/blk-mq.c:blk_mq_submit_bio</code>, <code>block/blk-mq.c:blk_execute_rq</code>' "$B" ||
	fail "inline callers of blk_account_io_start"
grep -q '^<pre>void blk_account_io_start(struct request \*rq)</pre>$' "$B" ||
	fail "the prototype of blk_account_io_start"
grep -q '^<p class="in">In every image:</p>$' "$B" || fail "one prototype for both images"
grep -q '<h3>Changed between <code>k510</code> and <code>k61</code></h3>' "$B" || fail "no change heading"
grep -q '<span class="ck">inline</span>: <code>none</code> → <code>full</code> <span class="cq error">error</span>' "$B" ||
	fail "the inline change"
# the matrix row in the index page of letter b
grep -q 'href="../d/func/blk_account_io_start.html">blk_account_io_start</a></th><td class="o">✓</td><td class="e">FΔ</td></tr>' \
	"$S/k/func-b.html" || fail "matrix row of blk_account_io_start"

# every item changed in the pair document has a page; one only added has none
n=0
for kind in funcs:func structs:struct unions:union enums:enum tracepoints:tracepoint \
	syscalls:syscall lsm_hooks:lsm kfuncs:kfunc; do
	while read -r name; do
		[ -n "$name" ] || continue
		slug=$(printf '%s' "$name" | python3 -c 'import sys,re; print(re.sub(r"[^A-Za-z0-9_]", lambda m: "-%02X" % ord(m.group()), sys.stdin.read()))')
		[ -f "$S/d/${kind#*:}/$slug.html" ] || fail "no page for ${kind#*:} $name of the pair"
		n=$((n + 1))
	done < <(jq -r ".kinds.${kind%%:*} | (.changed_items // [])[] | .name" \
		"$T/ds/diff/k510__k61.json")
done
[ $n -ge 3 ] || fail "the pair lists only $n changed items"
jq -e '.kinds.funcs.added_items == ["sched_wakeup"]' "$T/ds/diff/k510__k61.json" >/dev/null ||
	fail "the fixture pair no longer adds sched_wakeup"
[ ! -e "$S/d/func/sched_wakeup.html" ] || fail "an item only added has a page"

# every dependency page is a row of exactly one index page of its kind
for dir in "$S"/d/*/; do
	kind=$(basename "$dir")
	pages=$(ls "$dir" | wc -l)
	rows=$(cat "$S"/k/"$kind"-*.html | grep -c '^<tr><th class="dep">') || true
	assert_eq "index rows of $kind" "$pages" "$rows"
done
[ -f "$S/k/func-upper-a.html" ] && [ -f "$S/k/func-a.html" ] || fail "the buckets A and a"
grep -q '>A_upper</a>' "$S/k/func-upper-a.html" && grep -q '>a_lower</a>' "$S/k/func-a.html" ||
	fail "A_upper and a_lower in their buckets"

# the program page: verdicts, the dependency matrix, the way out
P=$S/p/biolatency.html
grep -q '<td class="e" data-image="k61">FAIL: 1 errors, 1 handled</td>' "$P" || fail "biolatency verdict on k61"
grep -q '<td class="o" data-image="k510">ok: 0 errors, 1 handled</td>' "$P" || fail "biolatency verdict on k510"
grep -q 'way out: attach to the callers it is inlined into: blk_mq_submit_bio, blk_execute_rq' "$P" ||
	fail "biolatency way out"
grep -q 'href="../d/field/request-3A-3Arq_disk.html">field:request::rq_disk</a>' "$P" ||
	fail "a field dependency links to its page"
grep -q '<a href="p/biolatency.html">biolatency.bpf.o</a>' "$S/index.html" || fail "home links the program"

# the search index: every name of the database, a page flag
grep -q '^\["vfs_fsync",1\]' "$S/search-index.js" || fail "vfs_fsync not searchable with its page"
# page-less names carry the columns holding them (hex, column 0 the low bit):
# bpf_iter_task on both (3), sched_wakeup added on k61 (2)
grep -q '^\["bpf_iter_task",0,"3"\]' "$S/search-index.js" || fail "an unchanged function in the search"
grep -q '^\["sched_wakeup",0,"2"\]' "$S/search-index.js" || fail "an added function in the search"
grep -q '^var DEPSURF_IMAGES = \["k510","k61"\];$' "$S/search-index.js" || fail "the columns of the search"

python3 "$SRCDIR/tests/site/linkcheck.py" "$S" >links.out || { cat links.out >&2; fail "broken links"; }

# deterministic: a second run into another folder gives the same bytes;
# a run over an existing site replaces it as a whole
"$D" site -d "$T/ds" -c "$T/biolatency.json" -c "$T/fsslower.json" -o "$T/site2" 2>/dev/null ||
	fail "second run"
diff -r "$S" "$T/site2" >/dev/null || fail "two runs differ"
touch "$T/site2/stale.html"
"$D" site -d "$T/ds" -c "$T/biolatency.json" -c "$T/fsslower.json" -o "$T/site2" 2>/dev/null ||
	fail "run over an existing site"
[ ! -e "$T/site2/stale.html" ] || fail "the old site was not replaced"
diff -r "$S" "$T/site2" >/dev/null || fail "the replaced site differs"
ls -d "$T"/site2.* 2>/dev/null && fail "a temp folder was left"

# hostile inputs: one line naming the file, exit 1, the site untouched
printf '{"objects": [' >bad.json
expect_fail bad.json "$D" site -d "$T/ds" -c bad.json -o "$T/site2"
printf '{"x": 1}\n' >notcheck.json
expect_fail notcheck.json "$D" site -d "$T/ds" -c notcheck.json -o "$T/site2"
cp -r "$T/ds" "$T/ds2"
printf '{"kinds":' >"$T/ds2/diff/k510__k61.json"
expect_fail k510__k61.json "$D" site -d "$T/ds2" -o "$T/site2"
rm -f "$T/ds2/depsurf.sqlite"
expect_fail depsurf.sqlite "$D" site -d "$T/ds2" -o "$T/site2"
diff -r "$S" "$T/site2" >/dev/null || fail "a failed run changed the site"
ls -d "$T"/site2.* 2>/dev/null && fail "a failed run left a temp folder"
rc=0
"$D" site -d "$T/ds" >/dev/null 2>&1 || rc=$?
assert_eq "exit without -o" 2 $rc
echo "site: ok ($(cat links.out))"
