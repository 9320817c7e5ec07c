#!/bin/sh
# Checks the build and test dependencies; installs the missing Debian
# packages when run as root, otherwise names them and fails.
#   tools/deps.sh            build + test dependencies
#   DEPS_CROSS=0 tools/deps.sh   skip the cross compilers (dataset-only hosts)
set -u

missing=""
add() { case " $missing " in *" $1 "*) ;; *) missing="$missing $1" ;; esac; }

# pkg-config module → Debian package
for pair in libelf:libelf-dev libdw:libdw-dev libbpf:libbpf-dev \
	jansson:libjansson-dev liblzma:liblzma-dev libzstd:libzstd-dev \
	zlib:zlib1g-dev sqlite3:libsqlite3-dev libcrypto:libssl-dev; do
	mod=${pair%%:*}
	pkg-config --exists "$mod" 2>/dev/null || add "${pair#*:}"
done
command -v pkg-config >/dev/null 2>&1 || add pkg-config
# command → Debian package (pahole 1.24 -J adds .BTF with llvm-objcopy)
for pair in gcc:gcc make:make curl:curl pahole:dwarves bpftool:bpftool \
	eu-readelf:elfutils sha256sum:coreutils ar:binutils xz:xz-utils \
	llvm-objcopy:llvm zstd:zstd objcopy:binutils dpkg-deb:dpkg jq:jq sqlite3:sqlite3 \
	gpgv:gpgv gpg:gpg timeout:coreutils gnuplot:gnuplot-nox; do
	command -v "${pair%%:*}" >/dev/null 2>&1 || add "${pair#*:}"
done
[ -x /usr/bin/time ] || add time
# make fuzz: clang and its libFuzzer runtime (libclang_rt.fuzzer-ARCH.a, in
# libclang-rt-N-dev, only a Recommends of clang-N)
if command -v clang >/dev/null 2>&1; then
	[ -f "$(clang -print-runtime-dir 2>/dev/null)/libclang_rt.fuzzer-$(uname -m).a" ] ||
		add "libclang-rt-$(clang -dumpversion | cut -d. -f1)-dev"
else
	add clang
	add libclang-rt-dev
fi
# tools/debian-kernels.sh checks the archive's InRelease against it (gpgv)
[ -r /usr/share/keyrings/debian-archive-keyring.gpg ] || add debian-archive-keyring
# objcopy must read every architecture's vmlinux (the btf stage of dataset.mk)
objcopy --help 2>/dev/null | grep -q 'elf64-s390' || add binutils-multiarch
[ -f /usr/include/x86_64-linux-gnu/asm/unistd_64.h ] || [ "$(uname -m)" != x86_64 ] || add linux-libc-dev
if [ "${DEPS_CROSS:-1}" = 1 ]; then
	for pair in aarch64-linux-gnu-gcc:gcc-aarch64-linux-gnu \
		arm-linux-gnueabihf-gcc:gcc-arm-linux-gnueabihf \
		s390x-linux-gnu-gcc:gcc-s390x-linux-gnu \
		i686-linux-gnu-gcc:gcc-i686-linux-gnu; do
		command -v "${pair%%:*}" >/dev/null 2>&1 || add "${pair#*:}"
	done
	# their C libraries are only Recommends of the compilers
	for pair in aarch64-linux-gnu:libc6-dev-arm64-cross \
		arm-linux-gnueabihf:libc6-dev-armhf-cross \
		s390x-linux-gnu:libc6-dev-s390x-cross i686-linux-gnu:libc6-dev-i386-cross; do
		[ -f "/usr/${pair%%:*}/include/stdio.h" ] || add "${pair#*:}"
	done
fi

[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "deps: installing$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends $missing >&2 && exit 0
	echo "deps: apt-get install$missing failed" >&2
	exit 1
fi
echo "deps: missing packages; install them with: sudo apt-get install$missing" >&2
exit 1
