#!/usr/bin/env python3
"""Corrupt an ELF file in place on purpose, for the bad-input tests.

    elfpatch.py FILE OP...

    symsize=NAME:V     st_size of .symtab symbol NAME
    symvalue=NAME:V    st_value of .symtab symbol NAME
    shsize=SEC:V       sh_size of section SEC
    shlink=SEC:V       sh_link of section SEC
    shstrndx=V         e_shstrndx
    bytes=SEC:OFF:HEX  overwrite the bytes of section SEC's data at OFF with HEX

ELF32/ELF64, either byte order. V is a number (0x... accepted) or
SYM+N / SEC+N (the symbol's value, the section's address, plus N).
"""
import struct
import sys


def main():
    path, ops = sys.argv[1], sys.argv[2:]
    b = bytearray(open(path, "rb").read())
    is64, e = b[4] == 2, "<" if b[5] == 1 else ">"
    if is64:
        shoff, = struct.unpack_from(e + "Q", b, 0x28)
        shentsize, shnum, shstrndx = struct.unpack_from(e + "3H", b, 0x3a)
        shfmt, symfmt = e + "IIQQQQIIQQ", e + "IBBHQQ"
    else:
        shoff, = struct.unpack_from(e + "I", b, 0x20)
        shentsize, shnum, shstrndx = struct.unpack_from(e + "3H", b, 0x2e)
        shfmt, symfmt = e + "10I", e + "IIIBBH"
    shdrs = [list(struct.unpack_from(shfmt, b, shoff + i * shentsize)) for i in range(shnum)]

    def cstr(off):
        return b[off:b.index(b"\0", off)].decode()

    names = [cstr(shdrs[shstrndx][4] + s[0]) for s in shdrs]
    sec = {n: i for i, n in reversed(list(enumerate(names)))}
    symtab = shdrs[sec[".symtab"]]
    strtab = shdrs[symtab[6]]
    syms = {}
    esz = struct.calcsize(symfmt)
    for k in range(symtab[5] // esz):
        o = symtab[4] + k * esz
        v = struct.unpack_from(symfmt, b, o)
        nm = cstr(strtab[4] + v[0])
        if nm and nm not in syms:
            syms[nm] = (o, v)

    def val(s):
        base, _, add = s.partition("+")
        n = int(add, 0) if add else 0
        if base in syms:
            return syms[base][1][1 if is64 else 1] + n
        if base in sec:
            return shdrs[sec[base]][3] + n
        return int(base, 0) + n

    for op in ops:
        what, arg = op.split("=", 1)
        if what == "shstrndx":
            struct.pack_into(e + "H", b, 0x3e if is64 else 0x32, val(arg))
            continue
        name, v = arg.split(":", 1)
        if what == "bytes":
            off, hx = v.split(":", 1)
            data = bytes.fromhex(hx)
            i = sec[name]
            at = shdrs[i][4] + int(off, 0)
            if int(off, 0) + len(data) > shdrs[i][5]:
                sys.exit("elfpatch: bytes beyond section " + name)
            b[at:at + len(data)] = data
            continue
        v = val(v)
        if what in ("symsize", "symvalue"):
            o, s = syms[name]
            s = list(s)
            if is64:
                s[5 if what == "symsize" else 4] = v
            else:
                s[2 if what == "symsize" else 1] = v
            struct.pack_into(symfmt, b, o, *s)
        elif what in ("shsize", "shlink"):
            i = sec[name]
            shdrs[i][5 if what == "shsize" else 6] = v
            struct.pack_into(shfmt, b, shoff + i * shentsize, *shdrs[i])
        else:
            sys.exit("elfpatch: bad op " + op)
    open(path, "wb").write(b)


main()
