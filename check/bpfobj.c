// SPDX-License-Identifier: MIT
/*
 * The BPF object reader (check/bpfobj.h): program sections, BTF, the CO-RE
 * records of .BTF.ext and the externs, from the ELF with libelf and libbpf.
 *
 * .BTF.ext (the kernel's Documentation/bpf/btf.rst, libbpf's btf.c
 * btf_ext_parse_hdr): a header
 *	u16 magic 0xeB9F; u8 version; u8 flags; u32 hdr_len;
 *	u32 func_info_off, func_info_len, line_info_off, line_info_len;
 *	u32 core_relo_off, core_relo_len	(when hdr_len >= 32)
 * with offsets from the end of the header; the CO-RE part is a u32 record
 * size, then per section {u32 sec_name_off; u32 num_info; records}, each
 * record a struct bpf_core_relo {u32 insn_off, type_id, access_str_off,
 * kind}. Every offset and length is checked against the section.
 */
#include "check/bpfobj.h"

#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef EM_BPF
#define EM_BPF 247
#endif
#define BTF_EXT_MAGIC 0xeB9F

struct priv {
	int fd;
	Elf *elf;
};

static const char *const relo_names[] = {
#define BPFOBJ_RELO_NAME(id, name) name,
	BPFOBJ_RELO_KINDS(BPFOBJ_RELO_NAME)
#undef BPFOBJ_RELO_NAME
};

const char *bpfobj_relo_kind_name(unsigned int kind)
{
	return kind < BPFOBJ_RELO_COUNT ? relo_names[kind] : "unknown";
}

static void *grow(void *v, size_t *cap, size_t n, size_t size)
{
	size_t ncap;
	void *p;

	if (n < *cap)
		return v;
	ncap = *cap ? *cap * 2 : 8;
	if (ncap > SIZE_MAX / size)
		return NULL;
	p = realloc(v, ncap * size);
	if (p)
		*cap = ncap;
	return p;
}

static uint32_t rd32(const uint8_t *p, bool swap)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return swap ? __builtin_bswap32(v) : v;
}

/* Parse the CO-RE records of .BTF.ext (@data, @size) into @o. */
static int parse_btf_ext(struct bpfobj *o, const uint8_t *data, size_t size, const char **why)
{
	size_t cap = 0, off, end, rec_size, i;
	uint32_t hdr_len, core_off, core_len;
	uint16_t magic;
	bool swap;

	*why = "malformed .BTF.ext";
	if (size < 24)
		return -EBADMSG;
	memcpy(&magic, data, 2);
	if (magic == BTF_EXT_MAGIC)
		swap = false;
	else if (magic == __builtin_bswap16(BTF_EXT_MAGIC))
		swap = true;
	else
		return *why = ".BTF.ext: bad magic", -EBADMSG;
	hdr_len = rd32(data + 4, swap);
	if (hdr_len < 24 || hdr_len > size)
		return *why = ".BTF.ext: header length out of the section", -EBADMSG;
	if (hdr_len < 32)
		return 0;	/* no CO-RE part */
	core_off = rd32(data + 24, swap);
	core_len = rd32(data + 28, swap);
	if (core_len == 0)
		return 0;
	if (core_off > size - hdr_len || core_len > size - hdr_len - core_off)
		return *why = ".BTF.ext: CO-RE relocations out of the section", -EBADMSG;
	off = hdr_len + core_off;
	end = off + core_len;
	if (end - off < 4)
		return *why = ".BTF.ext: CO-RE relocations: no record size", -EBADMSG;
	rec_size = rd32(data + off, swap);
	off += 4;
	if (rec_size < 16 || rec_size > 1024)
		return *why = ".BTF.ext: CO-RE record size is not 16..1024", -EBADMSG;
	while (off < end) {
		const char *sec;
		uint32_t name_off, num;
		size_t p;

		if (end - off < 8)
			return *why = ".BTF.ext: truncated CO-RE section header", -EBADMSG;
		name_off = rd32(data + off, swap);
		num = rd32(data + off + 4, swap);
		off += 8;
		if (num == 0 || num > (end - off) / rec_size)
			return *why = ".BTF.ext: CO-RE record count out of the section", -EBADMSG;
		sec = btf__name_by_offset(o->btf, name_off);
		if (!sec || !*sec)
			return *why = ".BTF.ext: CO-RE section name out of the BTF strings", -EBADMSG;
		for (p = 0; p < o->nprogs && strcmp(o->progs[p].sec, sec); p++)
			;
		for (i = 0; i < num; i++, off += rec_size) {
			struct bpfobj_relo *r;
			void *v = grow(o->relos, &cap, o->nrelos, sizeof(*o->relos));

			if (!v)
				return -ENOMEM;
			o->relos = v;
			r = &o->relos[o->nrelos];
			r->prog = p < o->nprogs ? p : SIZE_MAX;
			r->insn_off = rd32(data + off, swap);
			r->type_id = rd32(data + off + 4, swap);
			r->access = btf__name_by_offset(o->btf, rd32(data + off + 8, swap));
			r->kind = rd32(data + off + 12, swap);
			if (!r->access || !*r->access)
				return *why = ".BTF.ext: CO-RE access string out of the BTF strings",
					-EBADMSG;
			if (r->kind >= BPFOBJ_RELO_COUNT)
				return *why = ".BTF.ext: unknown CO-RE relocation kind", -EBADMSG;
			if (r->type_id == 0 || r->type_id >= btf__type_cnt(o->btf))
				return *why = ".BTF.ext: CO-RE type id out of the BTF", -EBADMSG;
			if (r->prog != SIZE_MAX && (r->insn_off % 8 ||
						    r->insn_off >= o->progs[r->prog].size))
				return *why = ".BTF.ext: CO-RE instruction offset out of its section",
					-EBADMSG;
			o->nrelos++;
		}
	}
	return 0;
}

/* The externs of DATASECs .kconfig and .ksyms. */
static int find_externs(struct bpfobj *o)
{
	size_t cap = 0;
	uint32_t id, n = btf__type_cnt(o->btf);

	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(o->btf, id);
		const struct btf_var_secinfo *vs;
		const char *sname = btf__name_by_offset(o->btf, t->name_off);
		unsigned short j;

		if (!btf_is_datasec(t) || !sname ||
		    (strcmp(sname, ".kconfig") && strcmp(sname, ".ksyms")))
			continue;
		vs = btf_var_secinfos(t);
		for (j = 0; j < btf_vlen(t); j++, vs++) {
			const struct btf_type *v = btf__type_by_id(o->btf, vs->type);
			struct bpfobj_extern *x;
			void *g;

			if (!v || (!btf_is_var(v) && !btf_is_func(v)))
				continue;
			g = grow(o->externs, &cap, o->nexterns, sizeof(*o->externs));
			if (!g)
				return -ENOMEM;
			o->externs = g;
			x = &o->externs[o->nexterns];
			x->name = btf__name_by_offset(o->btf, v->name_off);
			if (!x->name || !*x->name)
				continue;
			x->sec = sname[1] == 'k' && sname[2] == 'c' ? ".kconfig" : ".ksyms";
			x->is_func = btf_is_func(v);
			x->is_weak = 0;
			o->nexterns++;
		}
	}
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Mark the externs whose ELF symbol is an undefined STB_WEAK one (__weak;
 * libbpf's is_weak). BTF does not say it: an extern VAR or FUNC has the
 * same linkage either way. @symscn: the SHT_SYMTAB section, or NULL.
 */
static int mark_weak(struct bpfobj *o, Elf *elf, Elf_Scn *symscn, const char **why)
{
	Elf_Data *d;
	GElf_Shdr sh;
	const char **weak = NULL;
	size_t n = 0, cap = 0, i, nsyms;

	if (!symscn || !o->nexterns)
		return 0;
	if (!gelf_getshdr(symscn, &sh) || !sh.sh_entsize || !(d = elf_getdata(symscn, NULL)) ||
	    d->d_size != sh.sh_size)
		return *why = "truncated or malformed ELF (symbol table)", -EBADMSG;
	nsyms = sh.sh_size / sh.sh_entsize;
	for (i = 1; i < nsyms; i++) {
		GElf_Sym sym;
		const char *name;
		void *g;

		if (!gelf_getsym(d, (int)i, &sym))
			break;
		if (GELF_ST_BIND(sym.st_info) != STB_WEAK || sym.st_shndx != SHN_UNDEF ||
		    !(name = elf_strptr(elf, sh.sh_link, sym.st_name)) || !*name)
			continue;
		if (!(g = grow(weak, &cap, n, sizeof(*weak)))) {
			free(weak);
			return -ENOMEM;
		}
		weak = g;
		weak[n++] = name;
	}
	if (n) {
		qsort(weak, n, sizeof(*weak), cmp_str);
		for (i = 0; i < o->nexterns; i++)
			o->externs[i].is_weak = !!bsearch(&o->externs[i].name, weak, n,
							  sizeof(*weak), cmp_str);
	}
	free(weak);
	return 0;
}

int bpfobj_open(const char *path, struct bpfobj *o, const char **why)
{
	const uint8_t *ext = NULL;
	size_t ext_size = 0, shstrndx, cap = 0, nsec;
	struct priv *pv;
	Elf_Scn *scn = NULL, *symscn = NULL;
	GElf_Ehdr eh;
	const char *dummy;
	int err;

	if (!why)
		why = &dummy;
	*why = "";
	memset(o, 0, sizeof(*o));
	pv = calloc(1, sizeof(*pv));
	if (!pv)
		return -ENOMEM;
	o->priv = pv;
	pv->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (pv->fd < 0) {
		err = -errno;
		*why = strerror(errno);
		goto fail;
	}
	elf_version(EV_CURRENT);
	pv->elf = elf_begin(pv->fd, ELF_C_READ_MMAP, NULL);
	err = -ENOEXEC;
	*why = "not an ELF file";
	if (!pv->elf || elf_kind(pv->elf) != ELF_K_ELF || !gelf_getehdr(pv->elf, &eh))
		goto fail;
	*why = "not a BPF object (ELF machine is not BPF)";
	if (eh.e_machine != EM_BPF)
		goto fail;
	*why = "truncated or malformed ELF (section headers)";
	if (elf_getshdrnum(pv->elf, &nsec) || !nsec || elf_getshdrstrndx(pv->elf, &shstrndx) ||
	    !elf_getscn(pv->elf, nsec - 1))
		goto fail;
	err = -ENODATA;
	*why = "no BTF (.BTF section; compile with -g)";
	while ((scn = elf_nextscn(pv->elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *d;
		const char *name;

		if (!gelf_getshdr(scn, &sh) || !(name = elf_strptr(pv->elf, shstrndx, sh.sh_name))) {
			err = -EBADMSG;
			*why = "malformed ELF (section header)";
			goto fail;
		}
		if (sh.sh_type == SHT_NOBITS)
			continue;
		if (sh.sh_type == SHT_SYMTAB && !symscn)
			symscn = scn;
		if (!strcmp(name, ".BTF") || !strcmp(name, ".BTF.ext") ||
		    (sh.sh_type == SHT_PROGBITS && (sh.sh_flags & SHF_EXECINSTR) && sh.sh_size)) {
			d = elf_getdata(scn, NULL);
			if (!d || !d->d_buf || d->d_size != sh.sh_size) {
				err = -EBADMSG;
				*why = "truncated ELF (section data)";
				goto fail;
			}
			if (!strcmp(name, ".BTF")) {
				o->btf = btf__new(d->d_buf, d->d_size);
				if (!o->btf) {
					err = -EBADMSG;
					*why = "malformed .BTF";
					goto fail;
				}
			} else if (!strcmp(name, ".BTF.ext")) {
				ext = d->d_buf;
				ext_size = d->d_size;
			} else {
				void *g = grow(o->progs, &cap, o->nprogs, sizeof(*o->progs));

				if (!g || !(o->progs = g, o->progs[o->nprogs].sec = strdup(name))) {
					err = -ENOMEM;
					goto fail;
				}
				o->progs[o->nprogs].insns = d->d_buf;
				o->progs[o->nprogs++].size = d->d_size;
			}
		}
	}
	if (!o->btf) {
		err = -ENODATA;
		*why = "no BTF (.BTF section; compile with -g)";
		goto fail;
	}
	if (ext && (err = parse_btf_ext(o, ext, ext_size, why)))
		goto fail;
	if ((err = find_externs(o)) || (err = mark_weak(o, pv->elf, symscn, why)))
		goto fail;
	*why = "";
	return 0;
fail:
	if (err == -ENOMEM)
		*why = "out of memory";
	bpfobj_close(o);
	return err;
}

void bpfobj_close(struct bpfobj *o)
{
	struct priv *pv = o->priv;
	size_t i;

	btf__free(o->btf);
	for (i = 0; i < o->nprogs; i++)
		free(o->progs[i].sec);
	free(o->progs);
	free(o->relos);
	free(o->externs);
	if (pv) {
		if (pv->elf)
			elf_end(pv->elf);
		if (pv->fd >= 0)
			close(pv->fd);
		free(pv);
	}
	memset(o, 0, sizeof(*o));
}
