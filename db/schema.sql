-- SPDX-License-Identifier: MIT
-- The depsurf database (docs/schema-sqlite.md): every surface of every image
-- of a dataset, one table per surface kind. depsurf-db runs this file, which
-- the build embeds into the binary (db/db.mk), on a new database.
--
-- Every table of an image's rows is WITHOUT ROWID with a primary key that
-- starts with the image, then the entry's name: the b-trees (and the file
-- that VACUUM INTO writes) depend only on the rows, never on the order they
-- were inserted in, and one image's rows are one key range, so reloading
-- an image deletes and inserts in one place (depsurf-db). A lookup by name
-- over all images is a skip-scan of the key (one seek per image): the
-- sqlite_stat1 rows at the end tell the planner that.
-- The facts of functions and their definitions that most images share are
-- stored once (function_bodies, def_bodies, caller_lists: content-addressed,
-- `id` a hash of the values, `refs` the rows that use it); the views
-- functions and func_defs join them back.
-- `image` is images.image, a hash of the image id (stable across rebuilds).
-- Booleans are 0/1; lists are JSON arrays (text); offsets are in bits.
PRAGMA user_version = 3;
-- 64 KiB pages: a third fewer bytes to write than 4 KiB ones for the same
-- rows, and VACUUM INTO (how the file is always written) twice as fast.
PRAGMA page_size = 65536;
PRAGMA application_id = 1684369523;	-- 'deps'

CREATE TABLE schema_version (
	version INTEGER NOT NULL,		-- = PRAGMA user_version
	dataset_schema TEXT NOT NULL,		-- the meta.json schema_version it reads
	tool_version TEXT NOT NULL
);
INSERT INTO schema_version VALUES (3, '1.0', '0.1.0');

CREATE TABLE images (
	image INTEGER PRIMARY KEY,		-- FNV-1a of id, 31 bits
	id TEXT NOT NULL UNIQUE,
	distro TEXT, release TEXT, arch TEXT, flavor TEXT,
	package_url TEXT, package_sha256 TEXT, build_id TEXT,
	elf_class TEXT, elf_endianness TEXT, elf_machine TEXT, e_machine INTEGER,
	compiler TEXT,				-- JSON array
	dwarf_version INTEGER, btf_source TEXT,
	schema_version TEXT, tool_version TEXT,
	counts TEXT,				-- meta.json counts, JSON
	fingerprint TEXT NOT NULL		-- of the image's surface files
);

-- A body: the values of a row that do not depend on the image, stored
-- once; id and chk are two independent 64-bit hashes of those values
-- (db/intern.c), refs how many rows use it (a body at 0 is deleted).
CREATE TABLE function_bodies (
	id INTEGER PRIMARY KEY, chk INTEGER NOT NULL, refs INTEGER NOT NULL,
	inline TEXT NOT NULL,			-- none | selective | full
	collision TEXT NOT NULL,
	transforms TEXT NOT NULL,		-- JSON array
	exact_symbol INTEGER NOT NULL, traceable INTEGER NOT NULL,
	kprobe_blacklisted INTEGER NOT NULL,
	proto TEXT,				-- C text, NULL without a prototype
	proto_source TEXT,			-- btf | dwarf
	params TEXT,				-- JSON [{"name","type"}]
	n_defs INTEGER NOT NULL, n_symbols INTEGER NOT NULL,
	inline_sites INTEGER NOT NULL,		-- summed over defs
	call_sites INTEGER NOT NULL		-- summed over defs
);

CREATE TABLE function_rows (
	image INTEGER NOT NULL, name TEXT NOT NULL,
	body INTEGER NOT NULL,			-- function_bodies.id
	PRIMARY KEY (image, name)
) WITHOUT ROWID;

CREATE VIEW functions AS
SELECT r.name, r.image, b.inline, b.collision, b.transforms, b.exact_symbol, b.traceable,
       b.kprobe_blacklisted, b.proto, b.proto_source, b.params, b.n_defs, b.n_symbols,
       b.inline_sites, b.call_sites
FROM function_rows r JOIN function_bodies b ON b.id = r.body;

CREATE TABLE caller_lists (		-- a JSON array of "file:function"
	id INTEGER PRIMARY KEY, chk INTEGER NOT NULL, refs INTEGER NOT NULL,
	callers TEXT NOT NULL
);

CREATE TABLE def_bodies (
	id INTEGER PRIMARY KEY, chk INTEGER NOT NULL, refs INTEGER NOT NULL,
	file TEXT, line INTEGER, cu TEXT,
	external INTEGER NOT NULL, declared_inline INTEGER NOT NULL, inlined INTEGER NOT NULL,
	inline_sites INTEGER NOT NULL, inline_callers INTEGER NOT NULL,	-- caller_lists.id
	call_sites INTEGER NOT NULL, call_callers INTEGER NOT NULL	-- caller_lists.id
);

CREATE TABLE func_def_rows (
	image INTEGER NOT NULL, func TEXT NOT NULL, pos INTEGER NOT NULL,
	body INTEGER NOT NULL,			-- def_bodies.id
	addr TEXT,
	PRIMARY KEY (image, func, pos)
) WITHOUT ROWID;

CREATE VIEW func_defs AS
SELECT r.func, r.image, r.pos, b.file, b.line, b.cu, b.external, b.declared_inline, b.inlined,
       b.inline_sites, ic.callers AS inline_callers, b.call_sites, cc.callers AS call_callers,
       r.addr
FROM func_def_rows r JOIN def_bodies b ON b.id = r.body
     JOIN caller_lists ic ON ic.id = b.inline_callers
     JOIN caller_lists cc ON cc.id = b.call_callers;

CREATE TABLE func_symbols (
	func TEXT NOT NULL, image INTEGER NOT NULL, pos INTEGER NOT NULL,
	name TEXT NOT NULL, addr TEXT, size INTEGER, bind TEXT, section TEXT,
	PRIMARY KEY (image, func, pos)
) WITHOUT ROWID;

CREATE TABLE structs (			-- structs.jsonl and unions.jsonl
	name TEXT NOT NULL, kind TEXT NOT NULL,	-- struct | union
	image INTEGER NOT NULL,
	size INTEGER NOT NULL, n_members INTEGER NOT NULL,
	duplicates INTEGER NOT NULL,		-- other definitions BTF had (0: none)
	module TEXT NOT NULL,			-- vmlinux, or the module defining it
	PRIMARY KEY (image, name, kind)
) WITHOUT ROWID;

CREATE TABLE members (
	struct TEXT NOT NULL, kind TEXT NOT NULL, image INTEGER NOT NULL,
	pos INTEGER NOT NULL,
	name TEXT NOT NULL,			-- '' for an anonymous member
	offset_bits INTEGER NOT NULL, bitfield_bits INTEGER NOT NULL,
	type TEXT NOT NULL,
	PRIMARY KEY (image, struct, kind, pos)
) WITHOUT ROWID;

CREATE TABLE enums (
	name TEXT NOT NULL, image INTEGER NOT NULL,
	size INTEGER NOT NULL, n_values INTEGER NOT NULL,
	duplicates INTEGER NOT NULL,		-- other definitions BTF had (0: none)
	module TEXT NOT NULL,			-- vmlinux, or the module defining it
	PRIMARY KEY (image, name)
) WITHOUT ROWID;

CREATE TABLE enum_values (
	enum TEXT NOT NULL, image INTEGER NOT NULL, pos INTEGER NOT NULL,
	name TEXT NOT NULL,
	value NOT NULL,				-- integer; decimal text above 2^63-1
	PRIMARY KEY (image, enum, pos)
) WITHOUT ROWID;

CREATE TABLE tracepoints (
	event TEXT NOT NULL, system TEXT NOT NULL, class TEXT NOT NULL,
	image INTEGER NOT NULL,
	fmt TEXT,
	n_fields INTEGER NOT NULL, n_args INTEGER NOT NULL,
	module TEXT NOT NULL,			-- vmlinux, or the module defining it
	PRIMARY KEY (image, event, system, class)
) WITHOUT ROWID;

CREATE TABLE tp_fields (		-- the record: trace_event_raw_<class>
	event TEXT NOT NULL, system TEXT NOT NULL, class TEXT NOT NULL,
	image INTEGER NOT NULL, pos INTEGER NOT NULL,
	name TEXT NOT NULL, offset_bits INTEGER NOT NULL, type TEXT NOT NULL,
	PRIMARY KEY (image, event, system, class, pos)
) WITHOUT ROWID;

CREATE TABLE tp_args (			-- the probe arguments (raw_tp, tp_btf)
	event TEXT NOT NULL, system TEXT NOT NULL, class TEXT NOT NULL,
	image INTEGER NOT NULL, pos INTEGER NOT NULL,
	name TEXT NOT NULL, type TEXT NOT NULL,
	PRIMARY KEY (image, event, system, class, pos)
) WITHOUT ROWID;

CREATE TABLE syscalls (
	name TEXT NOT NULL, image INTEGER NOT NULL,
	tbl TEXT NOT NULL,			-- sys_call_table, compat_sys_call_table, ...
	nr INTEGER NOT NULL,
	entry TEXT, available INTEGER NOT NULL,
	PRIMARY KEY (image, name, tbl, nr)
) WITHOUT ROWID;

CREATE TABLE lsm_hooks (
	name TEXT NOT NULL, image INTEGER NOT NULL,
	proto TEXT, params TEXT, proto_source TEXT, bpf_lsm INTEGER NOT NULL,
	PRIMARY KEY (image, name)
) WITHOUT ROWID;

CREATE TABLE kfuncs (
	name TEXT NOT NULL, image INTEGER NOT NULL,
	proto TEXT, params TEXT,
	sets TEXT NOT NULL, flags TEXT NOT NULL,	-- JSON arrays
	decl_tag INTEGER NOT NULL,
	PRIMARY KEY (image, name)
) WITHOUT ROWID;

CREATE TABLE registers (
	image INTEGER PRIMARY KEY,
	arch TEXT NOT NULL, pt_regs_size INTEGER,
	args TEXT NOT NULL, ret TEXT, syscall_wrapper INTEGER NOT NULL,
	syscall_args TEXT NOT NULL, offsets TEXT NOT NULL,	-- JSON
	pt_regs TEXT					-- JSON members
);

CREATE TABLE config (
	name TEXT NOT NULL, image INTEGER NOT NULL,
	value TEXT,				-- NULL: "is not set"
	PRIMARY KEY (image, name)
) WITHOUT ROWID;

-- Planner hints, not measurements (constant, so the file stays a function
-- of the rows): each table holds about 40,000 rows of each of 25 images and
-- a name is nearly unique within an image, so `WHERE name = ?` without an
-- image is a skip-scan of the (image, name, ...) key, one seek per image,
-- rather than a scan. ANALYZE sqlite_schema creates sqlite_stat1.
ANALYZE sqlite_schema;
INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES
	('function_rows', 'function_rows', '1000000 40000 1'),
	('func_def_rows', 'func_def_rows', '1000000 40000 2 1'),
	('func_symbols', 'func_symbols', '1000000 40000 2 1'),
	('structs', 'structs', '1000000 40000 1 1'),
	('members', 'members', '1000000 40000 10 10 1'),
	('enums', 'enums', '1000000 40000 1'),
	('enum_values', 'enum_values', '1000000 40000 10 1'),
	('tracepoints', 'tracepoints', '1000000 40000 1 1 1'),
	('tp_fields', 'tp_fields', '1000000 40000 10 10 10 1'),
	('tp_args', 'tp_args', '1000000 40000 5 5 5 1'),
	('syscalls', 'syscalls', '1000000 40000 2 1 1'),
	('lsm_hooks', 'lsm_hooks', '1000000 40000 1'),
	('kfuncs', 'kfuncs', '1000000 40000 1'),
	('config', 'config', '1000000 40000 1');
