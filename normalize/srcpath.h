/* SPDX-License-Identifier: MIT */
/*
 * Source paths as every surface writes them (docs/schema-funcs.md): relative to the
 * kernel source tree, so that one function gets the same `file` on every
 * image and distro, whatever directory the kernel was built in.
 *
 * srcpath_normalize(path, comp_dir), in this order:
 *  1. lexical clean-up: "//" and "." components dropped, "dir/.." folded
 *     ("arch/x86/kernel/../../x86/xen/xen-head.S" → "arch/x86/xen/xen-head.S");
 *     ".." that cannot fold is dropped at the root of an absolute path; a
 *     relative path that still climbs ("../../include/x.h") is taken
 *     relative to comp_dir, as DWARF defines it, and cleaned again;
 *  2. a path under the compilation directory loses that prefix (comp_dir
 *     cleaned the same way, absolute or relative);
 *  3. an absolute path loses everything before the first kernel top-level
 *     directory (arch, block, certs, crypto, debian, drivers, fs, include,
 *     init, io_uring, ipc, kernel, lib, mm, net, rust, samples, scripts,
 *     security, sound, tools, usr, virt) that directly follows a component
 *     whose name starts with "linux" — Ubuntu's "/build/linux-Vk0tC7/" or
 *     "/build/linux-Vk0tC7/linux-5.4.0/", Debian's
 *     "/build/reproducible-path/linux-6.1.170/";
 *  4. a leading out-of-tree build directory "debian/build/<dir>/" is removed
 *     (Debian's "debian/build/build_amd64_none_amd64/", Ubuntu's
 *     "debian/build/build-generic/"): generated files then read
 *     "include/generated/autoconf.h" on every distro.
 * Anything else (a compiler header under /usr/lib/gcc, "<built-in>") is kept
 * as cleaned.
 */
#ifndef DEPSURF_SRCPATH_H
#define DEPSURF_SRCPATH_H

/* Malloc'ed normalized path; NULL with errno = ENOMEM. @comp_dir may be NULL. */
char *srcpath_normalize(const char *path, const char *comp_dir);

/*
 * @dir joined with @name ("dir/name"; @name alone when it is absolute or
 * @dir is NULL/empty), then normalized as above.
 */
char *srcpath_normalize2(const char *dir, const char *name,
			 const char *comp_dir);

#endif
