-- SPDX-License-Identifier: MIT
-- The depsurf database (docs/schema-sqlite.md): every surface of every image
-- of a dataset, one table per surface kind. depsurf-db runs this file, which
-- the build embeds into the binary (db/db.mk), on a new database.
--
-- Every table but images is WITHOUT ROWID with a primary key that starts
-- with the entry's name and then the image, so the b-trees (and the file
-- that VACUUM INTO writes) depend only on the rows, never on the order they
-- were inserted in, and a lookup by name over all images is one key range.
-- `image` is images.image, a hash of the image id (stable across rebuilds).
-- Booleans are 0/1; lists are JSON arrays (text); offsets are in bits.
PRAGMA user_version = 2;
PRAGMA application_id = 1684369523;	-- 'deps'

CREATE TABLE schema_version (
	version INTEGER NOT NULL,		-- = PRAGMA user_version
	dataset_schema TEXT NOT NULL,		-- the meta.json schema_version it reads
	tool_version TEXT NOT NULL
);
INSERT INTO schema_version VALUES (2, '1.0', '0.1.0');

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

CREATE TABLE functions (
	name TEXT NOT NULL, image INTEGER NOT NULL,
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
	call_sites INTEGER NOT NULL,		-- summed over defs
	PRIMARY KEY (name, image)
) WITHOUT ROWID;

CREATE TABLE func_defs (
	func TEXT NOT NULL, image INTEGER NOT NULL, pos INTEGER NOT NULL,
	file TEXT, line INTEGER, cu TEXT,
	external INTEGER NOT NULL, declared_inline INTEGER NOT NULL, inlined INTEGER NOT NULL,
	inline_sites INTEGER NOT NULL, inline_callers TEXT NOT NULL,	-- JSON array
	call_sites INTEGER NOT NULL, call_callers TEXT NOT NULL,	-- JSON array
	addr TEXT,
	PRIMARY KEY (func, image, pos)
) WITHOUT ROWID;

CREATE TABLE func_symbols (
	func TEXT NOT NULL, image INTEGER NOT NULL, pos INTEGER NOT NULL,
	name TEXT NOT NULL, addr TEXT, size INTEGER, bind TEXT, section TEXT,
	PRIMARY KEY (func, image, pos)
) WITHOUT ROWID;

CREATE TABLE structs (			-- structs.jsonl and unions.jsonl
	name TEXT NOT NULL, kind TEXT NOT NULL,	-- struct | union
	image INTEGER NOT NULL,
	size INTEGER NOT NULL, n_members INTEGER NOT NULL,
	duplicates INTEGER NOT NULL,		-- other definitions BTF had (0: none)
	module TEXT NOT NULL,			-- vmlinux, or the module defining it
	PRIMARY KEY (name, kind, image)
) WITHOUT ROWID;

CREATE TABLE members (
	struct TEXT NOT NULL, kind TEXT NOT NULL, image INTEGER NOT NULL,
	pos INTEGER NOT NULL,
	name TEXT NOT NULL,			-- '' for an anonymous member
	offset_bits INTEGER NOT NULL, bitfield_bits INTEGER NOT NULL,
	type TEXT NOT NULL,
	PRIMARY KEY (struct, kind, image, pos)
) WITHOUT ROWID;

CREATE TABLE enums (
	name TEXT NOT NULL, image INTEGER NOT NULL,
	size INTEGER NOT NULL, n_values INTEGER NOT NULL,
	duplicates INTEGER NOT NULL,		-- other definitions BTF had (0: none)
	module TEXT NOT NULL,			-- vmlinux, or the module defining it
	PRIMARY KEY (name, image)
) WITHOUT ROWID;

CREATE TABLE enum_values (
	enum TEXT NOT NULL, image INTEGER NOT NULL, pos INTEGER NOT NULL,
	name TEXT NOT NULL,
	value NOT NULL,				-- integer; decimal text above 2^63-1
	PRIMARY KEY (enum, image, pos)
) WITHOUT ROWID;

CREATE TABLE tracepoints (
	event TEXT NOT NULL, system TEXT NOT NULL, class TEXT NOT NULL,
	image INTEGER NOT NULL,
	fmt TEXT,
	n_fields INTEGER NOT NULL, n_args INTEGER NOT NULL,
	module TEXT NOT NULL,			-- vmlinux, or the module defining it
	PRIMARY KEY (event, system, class, image)
) WITHOUT ROWID;

CREATE TABLE tp_fields (		-- the record: trace_event_raw_<class>
	event TEXT NOT NULL, system TEXT NOT NULL, class TEXT NOT NULL,
	image INTEGER NOT NULL, pos INTEGER NOT NULL,
	name TEXT NOT NULL, offset_bits INTEGER NOT NULL, type TEXT NOT NULL,
	PRIMARY KEY (event, system, class, image, pos)
) WITHOUT ROWID;

CREATE TABLE tp_args (			-- the probe arguments (raw_tp, tp_btf)
	event TEXT NOT NULL, system TEXT NOT NULL, class TEXT NOT NULL,
	image INTEGER NOT NULL, pos INTEGER NOT NULL,
	name TEXT NOT NULL, type TEXT NOT NULL,
	PRIMARY KEY (event, system, class, image, pos)
) WITHOUT ROWID;

CREATE TABLE syscalls (
	name TEXT NOT NULL, image INTEGER NOT NULL,
	tbl TEXT NOT NULL,			-- sys_call_table, compat_sys_call_table, ...
	nr INTEGER NOT NULL,
	entry TEXT, available INTEGER NOT NULL,
	PRIMARY KEY (name, image, tbl, nr)
) WITHOUT ROWID;

CREATE TABLE lsm_hooks (
	name TEXT NOT NULL, image INTEGER NOT NULL,
	proto TEXT, params TEXT, proto_source TEXT, bpf_lsm INTEGER NOT NULL,
	PRIMARY KEY (name, image)
) WITHOUT ROWID;

CREATE TABLE kfuncs (
	name TEXT NOT NULL, image INTEGER NOT NULL,
	proto TEXT, params TEXT,
	sets TEXT NOT NULL, flags TEXT NOT NULL,	-- JSON arrays
	decl_tag INTEGER NOT NULL,
	PRIMARY KEY (name, image)
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
	PRIMARY KEY (name, image)
) WITHOUT ROWID;
