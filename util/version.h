/* SPDX-License-Identifier: MIT */
/* The version of the depsurf tools, recorded in meta.json ("tool_version"). */
#ifndef DEPSURF_VERSION_H
#define DEPSURF_VERSION_H

#define DEPSURF_VERSION "0.1.0"

#endif
