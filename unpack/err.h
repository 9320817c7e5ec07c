/* SPDX-License-Identifier: MIT */
/*
 * Error codes of the unpack readers, beyond errno (after libbpf's
 * LIBBPF_ERRNO__*): each layer (ar, decompressor, tar, extraction) returns
 * -UNPACK_ERRNO__X so the boundary can say precisely what was wrong and where;
 * deb_strerror() (deb.h) turns one into a message.
 */
#ifndef DEPSURF_UNPACK_ERR_H
#define DEPSURF_UNPACK_ERR_H

enum unpack_errno {
	UNPACK_ERRNO__START = 4000,
	UNPACK_ERRNO__NOTAR = UNPACK_ERRNO__START, /* not an ar archive */
	UNPACK_ERRNO__ARSHORT,	/* the file ends inside the magic or a member header */
	UNPACK_ERRNO__ARHDR,	/* malformed ar member header */
	UNPACK_ERRNO__ARTRUNC,	/* the file ends inside a member's data */
	UNPACK_ERRNO__NOTDEB,	/* first member is not debian-binary */
	UNPACK_ERRNO__NODATA,	/* no data.tar* member */
	UNPACK_ERRNO__COMPR,	/* data.tar compressed with something unsupported */
	UNPACK_ERRNO__DECOMP,	/* decoder error (detail: decomp_strerror) */
	UNPACK_ERRNO__TARTRUNC,	/* data.tar ends inside a header or a member */
	UNPACK_ERRNO__TARSUM,	/* tar header checksum mismatch */
	UNPACK_ERRNO__TARHDR,	/* malformed numeric field in a tar header */
	UNPACK_ERRNO__TAREXT,	/* malformed or oversized long-name/pax header */
	UNPACK_ERRNO__NOTREG,	/* a wanted member is not a regular file */
	UNPACK_ERRNO__NOMEMBER,	/* a wanted member is absent */
	UNPACK_ERRNO__WRITE,	/* writing an output failed (errno in the want) */
	UNPACK_ERRNO__SINK,	/* the deb_sink failed (errno in d->sink_err) */
	UNPACK_ERRNO__END,
};

#endif
