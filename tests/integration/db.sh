#!/usr/bin/env bash
# The dataset database against the JSON it was built from, by a second
# road (Python's json and sqlite3 modules, not our C): for every surface
# kind, SAMPLES (default 1000) random (image, entry) pairs of the JSON files
# rebuilt from the database rows and compared whole; every image's meta.json
# and registers.json; each table's row count per image against meta.json's
# counts. The dataset is DATASET, else the parent of DS_DIR; the database
# DB, else DATASET/depsurf.sqlite, built into the test's temp dir when absent.
#   DATASET=dataset BIN=build/opt/bin tests/integration/db.sh
#   DS_DIR=dataset/debian-6.1.0-47-amd64 BIN=build/opt/bin tests/integration/db.sh
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$SRCDIR/tests/include/test-subr.sh"
need python3
if [ -z "${DATASET:-}" ]; then
	: "${DS_DIR:?DATASET or DS_DIR must name the dataset}"
	DATASET=$(dirname "$DS_DIR")
fi
DB=${DB:-$DATASET/depsurf.sqlite}
if [ ! -f "$DB" ]; then
	"$BIN/depsurf-db" -q -o "$T/depsurf.sqlite" "$DATASET" || fail "depsurf-db failed"
	DB=$T/depsurf.sqlite
fi
python3 - "$DATASET" "$DB" "${SAMPLES:-1000}" "${SEED:-1}" <<'EOPY' || fail "database and JSON differ"
import json, os, random, sqlite3, sys

dataset, dbpath, samples, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rnd = random.Random(seed)
db = sqlite3.connect("file:%s?mode=ro" % dbpath, uri=True)
db.row_factory = sqlite3.Row
images = {r["id"]: r for r in db.execute("SELECT * FROM images")}
ids = sorted(d for d in os.listdir(dataset) if os.path.isfile(os.path.join(dataset, d, "meta.json")))
bad = 0

def fail(msg):
    global bad
    bad += 1
    if bad <= 20:
        print("MISMATCH", msg)

if sorted(images) != ids:
    fail("image ids: db %s, dataset %s" % (sorted(images), ids))
key = {i: images[i]["image"] for i in ids if i in images}
B = lambda v: bool(v)
J = lambda s: None if s is None else json.loads(s)

def rows(sql, *args):
    return db.execute(sql, args).fetchall()

def members(tbl, cols, where, args):
    return [{c: r[c] for c in cols} for r in rows("SELECT * FROM %s WHERE %s ORDER BY pos" % (tbl, where), *args)]

def func(img, name):
    r = rows("SELECT * FROM functions WHERE name = ? AND image = ?", name, img)
    if len(r) != 1: return None
    r = r[0]
    defs = []
    for d in rows("SELECT * FROM func_defs WHERE func = ? AND image = ? ORDER BY pos", name, img):
        defs.append({"file": d["file"], "line": d["line"], "cu": d["cu"], "external": B(d["external"]),
                     "declared_inline": B(d["declared_inline"]), "inlined": B(d["inlined"]),
                     "inline_sites": d["inline_sites"], "inline_callers": J(d["inline_callers"]),
                     "call_sites": d["call_sites"], "call_callers": J(d["call_callers"]), "addr": d["addr"]})
    syms = members("func_symbols", ["name", "addr", "size", "bind", "section"], "func = ? AND image = ?", (name, img))
    proto = None
    if r["proto"] is not None:
        proto = {"ret": None, "params": J(r["params"]), "source": r["proto_source"]}
    o = {"name": name, "inline": r["inline"], "collision": r["collision"], "transforms": J(r["transforms"]),
         "exact_symbol": B(r["exact_symbol"]), "traceable": B(r["traceable"]),
         "kprobe_blacklisted": B(r["kprobe_blacklisted"]), "proto": proto, "defs": defs, "symbols": syms}
    if r["n_defs"] != len(defs) or r["n_symbols"] != len(syms): return None
    if r["inline_sites"] != sum(d["inline_sites"] for d in defs): return None
    return o, r["proto"]

def check_proto(where, text, name, proto):
    # the C text names the function and every parameter, and starts with ret
    if proto is None:
        if text is not None: fail("%s: proto text %r without proto" % (where, text))
        return
    if text is None or not text.startswith(proto["ret"].rstrip(" *")) or (name + "(") not in text:
        fail("%s: proto text %r for %r" % (where, text, proto))
        return
    for p in proto["params"]:
        if p["name"] and p["name"] not in text: fail("%s: param %s not in %r" % (where, p["name"], text))

def cmp(where, want, got):
    if want != got:
        fail("%s:\n  json %s\n  db   %s" % (where, json.dumps(want, sort_keys=True)[:600], json.dumps(got, sort_keys=True)[:600]))

lines_cache = {}
def lines(i, f):
    k = (i, f)
    if k not in lines_cache:
        p = os.path.join(dataset, i, f)
        lines_cache.clear()
        lines_cache[k] = open(p, "rb").read().splitlines() if os.path.exists(p) else []
    return lines_cache[k]

def sample_jsonl(f, check):
    # SAMPLES pairs: images drawn at random, then lines; one file in memory at a time
    picks = {}
    for _ in range(samples):
        i = rnd.choice(ids)
        picks[i] = picks.get(i, 0) + 1
    n = 0
    for i in sorted(picks):
        L = lines(i, f)
        if not L: continue
        for ln in rnd.sample(range(len(L)), min(picks[i], len(L))):
            check(i, key[i], json.loads(L[ln]))
            n += 1
    print("%-18s %5d entries compared" % (f, n))

def c_func(i, img, o):
    got = func(img, o["name"])
    if got is None: return fail("%s funcs %s: rows missing or inconsistent" % (i, o["name"]))
    g, text = got
    if o["proto"] is not None and g["proto"] is not None: g["proto"]["ret"] = o["proto"]["ret"]
    cmp("%s funcs %s" % (i, o["name"]), o, g)
    check_proto("%s funcs" % i, text, o["name"], o["proto"])

def c_type(kind):
    def c(i, img, o):
        r = rows("SELECT * FROM structs WHERE name = ? AND kind = ? AND image = ?", o["name"], kind, img)
        if len(r) != 1: return fail("%s %s %s: %d rows" % (i, kind, o["name"], len(r)))
        m = members("members", ["name", "offset_bits", "bitfield_bits", "type"],
                    "struct = ? AND kind = ? AND image = ?", (o["name"], kind, img))
        g = {"name": o["name"], "module": r[0]["module"], "size": r[0]["size"], "members": m}
        if r[0]["duplicates"]: g["duplicates"] = r[0]["duplicates"]
        cmp("%s %s %s" % (i, kind, o["name"]), o, g)
    return c

def c_enum(i, img, o):
    r = rows("SELECT * FROM enums WHERE name = ? AND image = ?", o["name"], img)
    if len(r) != 1: return fail("%s enum %s: %d rows" % (i, o["name"], len(r)))
    v = members("enum_values", ["name", "value"], "enum = ? AND image = ?", (o["name"], img))
    g = {"name": o["name"], "module": r[0]["module"], "size": r[0]["size"], "values": v}
    if r[0]["duplicates"]: g["duplicates"] = r[0]["duplicates"]
    cmp("%s enum %s" % (i, o["name"]), o, g)

def c_tp(i, img, o):
    k = (o["event"], o["system"], o["class"], img)
    r = rows("SELECT * FROM tracepoints WHERE event = ? AND system = ? AND class = ? AND image = ?", *k)
    if len(r) != 1: return fail("%s tracepoint %s: %d rows" % (i, o["event"], len(r)))
    w = "event = ? AND system = ? AND class = ? AND image = ?"
    g = {"event": o["event"], "module": r[0]["module"], "system": o["system"], "class": o["class"], "fmt": r[0]["fmt"],
         "fields": members("tp_fields", ["name", "offset_bits", "type"], w, k),
         "args": members("tp_args", ["name", "type"], w, k)}
    cmp("%s tracepoint %s" % (i, o["event"]), o, g)

def c_lsm(i, img, o):
    r = rows("SELECT * FROM lsm_hooks WHERE name = ? AND image = ?", o["name"], img)
    if len(r) != 1: return fail("%s lsm %s: %d rows" % (i, o["name"], len(r)))
    r = r[0]
    proto = None if r["params"] is None else {"ret": (o["proto"] or {}).get("ret"), "params": J(r["params"])}
    cmp("%s lsm %s" % (i, o["name"]), o, {"name": o["name"], "proto": proto,
        "proto_source": r["proto_source"], "bpf_lsm": B(r["bpf_lsm"])})
    check_proto("%s lsm" % i, r["proto"], o["name"], o["proto"])

def c_kfunc(i, img, o):
    r = rows("SELECT * FROM kfuncs WHERE name = ? AND image = ?", o["name"], img)
    if len(r) != 1: return fail("%s kfunc %s: %d rows" % (i, o["name"], len(r)))
    r = r[0]
    proto = None if r["params"] is None else {"ret": (o["proto"] or {}).get("ret"), "params": J(r["params"])}
    cmp("%s kfunc %s" % (i, o["name"]), o, {"name": o["name"], "proto": proto, "sets": J(r["sets"]),
        "flags": J(r["flags"]), "decl_tag": B(r["decl_tag"])})
    check_proto("%s kfunc" % i, r["proto"], o["name"], o["proto"])

for f, c in [("funcs.jsonl", c_func), ("structs.jsonl", c_type("struct")), ("unions.jsonl", c_type("union")),
             ("enums.jsonl", c_enum), ("tracepoints.jsonl", c_tp), ("lsm_hooks.jsonl", c_lsm),
             ("kfuncs.jsonl", c_kfunc)]:
    sample_jsonl(f, c)

# whole documents: config and syscall samples, meta and registers whole
docs = {i: {f: json.load(open(os.path.join(dataset, i, f))) for f in
            ("meta.json", "config.json", "syscalls.json", "registers.json")
            if os.path.exists(os.path.join(dataset, i, f))} for i in ids}
n = 0
for _ in range(samples):
    i = rnd.choice(ids)
    cfg = docs[i].get("config.json", {})
    if not cfg: continue
    name = rnd.choice(sorted(cfg))
    r = rows("SELECT value FROM config WHERE name = ? AND image = ?", name, key[i])
    cmp("%s config %s" % (i, name), [cfg[name]], [x["value"] for x in r])
    n += 1
print("%-18s %5d entries compared" % ("config.json", n))
n = 0
for _ in range(samples):
    i = rnd.choice(ids)
    sc = docs[i].get("syscalls.json", {})
    if not sc: continue
    tbl = rnd.choice(sorted(sc))
    if not sc[tbl]: continue
    e = rnd.choice(sc[tbl])
    r = rows("SELECT * FROM syscalls WHERE name = ? AND image = ? AND tbl = ? AND nr = ?", e["name"], key[i], tbl, e["nr"])
    cmp("%s syscall %s" % (i, e["name"]), [e], [{"nr": x["nr"], "name": x["name"], "entry": x["entry"],
        "available": B(x["available"])} for x in r])
    n += 1
print("%-18s %5d entries compared" % ("syscalls.json", n))
for i in ids:
    m, im = docs[i]["meta.json"], images[i]
    got = {"id": im["id"], "distro": im["distro"], "release": im["release"], "arch": im["arch"],
           "flavor": im["flavor"], "package": {"url": im["package_url"], "sha256": im["package_sha256"]},
           "build_id": im["build_id"], "compiler": J(im["compiler"]), "dwarf_version": im["dwarf_version"],
           "btf_source": im["btf_source"], "schema_version": im["schema_version"],
           "tool_version": im["tool_version"], "counts": J(im["counts"]),
           "elf": {"class": im["elf_class"], "endianness": im["elf_endianness"],
                   "machine": im["elf_machine"], "e_machine": im["e_machine"]}}
    cmp("%s meta" % i, {k: m.get(k) for k in got}, got)
    reg = docs[i].get("registers.json")
    if reg:
        r = rows("SELECT * FROM registers WHERE image = ?", key[i])
        if len(r) != 1:
            fail("%s registers: %d rows" % (i, len(r)))
        else:
            r = r[0]
            cmp("%s registers" % i, reg, {"arch": r["arch"], "pt_regs": {"size": r["pt_regs_size"],
                "members": J(r["pt_regs"])}, "args": J(r["args"]), "ret": r["ret"],
                "syscall_wrapper": B(r["syscall_wrapper"]), "syscall_args": J(r["syscall_args"]),
                "offsets": J(r["offsets"])})
    # row counts against meta.json's counts
    c = m.get("counts", {})
    for kind, sql in [("funcs", "SELECT count(*) FROM functions WHERE image = ?"),
                      ("structs", "SELECT count(*) FROM structs WHERE kind = 'struct' AND image = ?"),
                      ("unions", "SELECT count(*) FROM structs WHERE kind = 'union' AND image = ?"),
                      ("enums", "SELECT count(*) FROM enums WHERE image = ?"),
                      ("tracepoints", "SELECT count(*) FROM tracepoints WHERE image = ?"),
                      ("lsm_hooks", "SELECT count(*) FROM lsm_hooks WHERE image = ?"),
                      ("kfuncs", "SELECT count(*) FROM kfuncs WHERE image = ?"),
                      ("config", "SELECT count(*) FROM config WHERE image = ?")]:
        if kind not in c: continue
        got = rows(sql, key[i])[0][0]
        # kfuncs.jsonl may be written empty while meta counted them: compare with the file
        want = c[kind]
        if kind == "kfuncs":
            want = sum(1 for _ in open(os.path.join(dataset, i, "kfuncs.jsonl"), "rb"))
        if got != want: fail("%s count %s: db %d, dataset %d" % (i, kind, got, want))
    for tbl, cnt in (c.get("syscalls") or {}).items():
        got = rows("SELECT count(*) FROM syscalls WHERE tbl = ? AND image = ?", tbl, key[i])[0][0]
        if got != cnt: fail("%s count syscalls %s: db %d, meta %d" % (i, tbl, got, cnt))
print("%d images: meta, registers and row counts compared; %d mismatches" % (len(ids), bad))
sys.exit(1 if bad else 0)
EOPY
