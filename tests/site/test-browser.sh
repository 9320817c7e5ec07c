#!/usr/bin/env bash
# The fixture site (tests/site/fixture.sh) in a real browser: headless
# Chromium loads pages from file://, the DOM after the scripts ran is
# checked (the blk_account_io_start cell of k61 shows F, the search box
# finds vfs_fsync and links its page), no page logs to the console (the
# detector is shown to catch a script error first), screenshots are PNG
# files, and no link of the site is broken. Skips without chromium.
. "$SRCDIR/tests/include/test-subr.sh"
need python3
command -v chromium >/dev/null 2>&1 || skip "chromium not installed (tools/deps.sh installs it)"
. "$SRCDIR/tests/site/fixture.sh"
S=$T/site

# browse OUT ERR ARGS... URL: headless chromium, its log on ERR
browse() {
	local out=$1 err=$2
	shift 2
	timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run \
		--user-data-dir="$T/profile" --enable-logging=stderr --v=0 \
		--virtual-time-budget=5000 "$@" >"$out" 2>"$err" ||
		{ tail -5 "$err" >&2; fail "chromium: $*"; }
}
# console ERR: the console messages of a page (Chromium logs them as CONSOLE)
console() { grep -E ':CONSOLE(\([0-9]+\))?\]|Uncaught' "$1" || true; }

# the detector sees a script error
printf '<!DOCTYPE html><html><body><script>no_such_function();</script></body></html>\n' >"$T/bad.html"
browse bad.dom bad.err --dump-dom "file://$T/bad.html"
[ -n "$(console bad.err)" ] || fail "a script error is not seen in the log"

# the cell of blk_account_io_start on k61
browse b.dom b.err --dump-dom "file://$S/d/func/blk_account_io_start.html"
cell=$(python3 - b.dom <<'PY'
import html.parser, sys
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(); self.inside = False; self.text = None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "td" and a.get("data-image") == "k61" and self.text is None:
            self.inside = True; self.text = ""
    def handle_endtag(self, tag):
        if tag == "td": self.inside = False
    def handle_data(self, d):
        if self.inside: self.text += d
p = P(); p.feed(open(sys.argv[1], encoding="utf-8").read()); print(p.text or "")
PY
)
case $cell in F*) ;; *) fail "blk_account_io_start on k61 shows '$cell', not F" ;; esac
[ -z "$(console b.err)" ] || { console b.err >&2; fail "console messages on the function page"; }

# the search finds vfs_fsync (the script ran: the list is not in the HTML file)
grep -q vfs_fsync "$S/search.html" && fail "search.html holds the result before any script ran"
browse s.dom s.err --dump-dom "file://$S/search.html?q=vfs_fsync"
grep -q '<li><span class="kind">func </span><a href="d/func/vfs_fsync.html">vfs_fsync</a></li>' s.dom ||
	fail "the search does not find vfs_fsync"
grep -q '<p id="status">1 match</p>' s.dom || fail "the search status line"
[ -z "$(console s.err)" ] || { console s.err >&2; fail "console messages on the search page"; }
browse s2.dom s2.err --dump-dom "file://$S/search.html?q=%5Ebpf_iter"
grep -q '<code>bpf_iter_task</code> no page (not changed in any pair): <span class="presence"><span class="o" title="k510: present" data-image="k510">✓</span><span class="o" title="k61: present" data-image="k61">✓</span></span>' s2.dom ||
	fail "a name without a page: its presence per image"
browse s3.dom s3.err --dump-dom "file://$S/search.html?q=sched_wakeup"
grep -q '<span class="e" title="k510: absent" data-image="k510">∅</span><span class="o" title="k61: present" data-image="k61">✓</span>' s3.dom ||
	fail "sched_wakeup: absent on k510, present on k61"

# every page type renders without console messages; screenshots
for p in index.html k/func.html k/func-b.html p/biolatency.html d/field/request-3A-3Arq_disk.html; do
	png=$(echo "$p" | tr '/' '_').png
	browse shot.out shot.err --window-size=1200,900 --screenshot="$T/$png" "file://$S/$p"
	[ -z "$(console shot.err)" ] || { console shot.err >&2; fail "console messages on $p"; }
	[ "$(head -c 8 "$T/$png" | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a ] ||
		fail "$p: the screenshot is not a PNG"
	[ "$(stat -c %s "$T/$png")" -gt 5000 ] || fail "$p: the screenshot is blank"
done

python3 "$SRCDIR/tests/site/linkcheck.py" "$S" >links.out || { cat links.out >&2; fail "broken links"; }
echo "browser: ok ($(cat links.out))"
