#!/usr/bin/env python3
"""Corrupt a raw BTF file on purpose, for the bad-input tests.

    btfpatch.py IN OUT OP...

IN is raw BTF (`objcopy --dump-section .BTF=IN vmlinux`), little or big
endian. Each OP edits one 32-bit field:

    name=T:V        name_off of type T
    type=T:V        type (or size) field of type T
    kind=T:K        the kind of type T (BTF_KIND_* number), vlen kept
    mname=T:I:V     name_off of member/param/enumerator I of type T
    mtype=T:I:V     type of member/param I of type T

T is a type id, KIND:NAME (struct:pt_regs, typedef:u32) or KIND:* (the
first type of that kind); V is a number, a T, or "big" (an offset past any
string section). Prints nothing; exits 1 when T is not found.
"""
import struct
import sys

KINDS = {"int": 1, "ptr": 2, "array": 3, "struct": 4, "union": 5, "enum": 6,
         "fwd": 7, "typedef": 8, "volatile": 9, "const": 10, "restrict": 11,
         "func": 12, "func_proto": 13, "var": 14, "datasec": 15, "float": 16,
         "decl_tag": 17, "type_tag": 18, "enum64": 19}


def main():
    src, dst, ops = sys.argv[1], sys.argv[2], sys.argv[3:]
    b = bytearray(open(src, "rb").read())
    e = "<" if b[0:2] == b"\x9f\xeb" else ">"
    hdr_len, type_off, type_len, str_off, str_len = struct.unpack_from(e + "5I", b, 4)
    tbase, sbase = hdr_len + type_off, hdr_len + str_off
    types = [None]  # id -> (offset, kind, vlen, name)
    off = tbase
    while off < tbase + type_len:
        name_off, info, _ = struct.unpack_from(e + "3I", b, off)
        kind, vlen = (info >> 24) & 0x1f, info & 0xffff
        end = b.index(b"\0", sbase + name_off) if name_off < str_len else sbase
        types.append((off, kind, vlen, b[sbase + name_off:end].decode(errors="replace")))
        off += 12
        off += {1: 4, 3: 12, 4: 12 * vlen, 5: 12 * vlen, 6: 8 * vlen, 13: 8 * vlen,
                14: 4, 15: 12 * vlen, 17: 4, 19: 12 * vlen}.get(kind, 0)

    def tid(spec):
        if spec == "big":
            return str_len + 0x1000
        if spec.isdigit():
            return int(spec)
        k, n = spec.split(":", 1)
        for i, t in enumerate(types[1:], 1):
            if t[1] == KINDS[k] and (n == "*" or t[3] == n):
                return i
        sys.exit("btfpatch: no type " + spec)

    def put(o, v):
        struct.pack_into(e + "I", b, o, v)

    def take(a):  # the first T of the list a: (id, rest)
        n = 2 if a[0] in KINDS else 1
        return tid(":".join(a[:n])), a[n:]

    for op in ops:
        what, arg = op.split("=", 1)
        i, rest = take(arg.split(":"))
        t = types[i]
        if what in ("mname", "mtype"):
            esz = 8 if t[1] in (6, 13) else 12
            o = t[0] + 12 + int(rest[0]) * esz + (0 if what == "mname" else 4)
            put(o, take(rest[1:])[0])
        elif what == "name":
            put(t[0], take(rest)[0])
        elif what == "type":
            put(t[0] + 8, take(rest)[0])
        elif what == "kind":
            info = struct.unpack_from(e + "I", b, t[0] + 4)[0]
            put(t[0] + 4, (info & ~(0x1f << 24)) | (int(rest[0]) << 24))
        else:
            sys.exit("btfpatch: bad op " + op)
    open(dst, "wb").write(b)


main()
