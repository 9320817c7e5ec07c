# Sourced by tests/unpack/test-*.sh: builds tiny .deb/.ddeb fixtures at test
# time with ar, tar, xz, zstd and gzip (the tool under test uses none of them).
#
#   mk_tree DIR                 the package's files (see below)
#   mk_data_tar DIR FORMAT OUT  data.tar in a fixed order (FORMAT: gnu, pax, ustar)
#   mk_deb OUT DATA_MEMBER [FILE]  ar archive: debian-binary, control.tar.xz and
#                               FILE (default: ./DATA_MEMBER) stored as DATA_MEMBER
#
# The wanted members are in the middle of data.tar, never first or last.

REL=1.2.3
VMLINUX=usr/lib/debug/boot/vmlinux-$REL
CONFIG=boot/config-$REL
# > 100 bytes with a 120-byte last component: GNU needs ././@LongLink, pax a
# path= record, ustar cannot store it
LONG1=usr/lib/debug/.build-id/$(printf 'd%.0s' $(seq 40))/$(printf 'n%.0s' $(seq 120)).debug
# > 100 bytes but splittable into ustar prefix (<= 155) + name (<= 100)
LONG2=usr/lib/debug/$(printf 'p%.0s' $(seq 90))/vmlinux-$REL-long.debug

mk_tree() {
	d=$1
	mkdir -p "$d/boot" "$d/usr/lib/debug/boot" "$d/usr/share/doc/linux-image-$REL" \
		"$d/${LONG1%/*}" "$d/${LONG2%/*}" "$d/lib/modules/$REL"
	printf 'CONFIG_BPF=y\nCONFIG_DEBUG_INFO_BTF=y\n# CONFIG_X is not set\n' >"$d/$CONFIG"
	echo "not the config" >"$d/boot/System.map-$REL"
	# ~700 KB, half compressible: spans several 64 KiB xz blocks
	{ seq 1 50000; head -c 300000 /dev/urandom; seq 50000 70000; } >"$d/$VMLINUX"
	head -c 70001 /dev/urandom >"$d/$LONG1"
	seq 1 999 >"$d/$LONG2"
	echo "changelog" >"$d/usr/share/doc/linux-image-$REL/changelog"
	echo "module" >"$d/lib/modules/$REL/modules.order"
}

mk_data_tar() {
	d=$1 fmt=$2 out=$3
	long1=./$LONG1
	[ "$fmt" = ustar ] && long1=
	(cd "$d" && tar --format="$fmt" --owner=0 --group=0 --numeric-owner \
		--mtime=@1700000000 --no-recursion -cf "$out" \
		./ ./boot/ "./boot/System.map-$REL" "./$CONFIG" ./lib/ ./lib/modules/ \
		"./lib/modules/$REL/" "./lib/modules/$REL/modules.order" ./usr/ ./usr/lib/ \
		./usr/lib/debug/ ./usr/lib/debug/boot/ "./$VMLINUX" $long1 "./$LONG2" \
		./usr/share/ ./usr/share/doc/ "./usr/share/doc/linux-image-$REL/" \
		"./usr/share/doc/linux-image-$REL/changelog")
}

mk_deb() {
	out=$1 member=$2 file=${3:-./$2}
	case $out in /*) ;; *) out=$PWD/$out ;; esac
	b=$(mktemp -d "$T/deb.XXXXXX")
	printf '2.0\n' >"$b/debian-binary"
	printf 'Package: linux-image-%s-dbg\nVersion: %s\n' "$REL" "$REL" >"$b/control"
	(cd "$b" && tar -cf - ./control | xz -c >control.tar.xz)
	cp "$file" "$b/$member"
	rm -f "$out"
	(cd "$b" && ar rc "$out" debian-binary control.tar.xz "$member")
	rm -rf "$b"
}

# no_output PREFIX: nothing named PREFIX* (final or temporary) may exist
no_output() {
	for f in "$1"*; do
		[ -e "$f" ] && fail "output left behind: $f"
	done
	return 0
}
