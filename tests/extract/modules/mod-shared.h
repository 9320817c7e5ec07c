/* SPDX-License-Identifier: MIT */
/* A header both fixture modules include: its struct is in both split BTFs. */
struct list_head {
	struct list_head *next, *prev;
};

struct shared_hdr {
	unsigned int magic;
	unsigned short version;
	struct list_head link;
};
