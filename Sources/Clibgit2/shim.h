#ifndef CARVE_CLIBGIT2_SHIM_H
#define CARVE_CLIBGIT2_SHIM_H
#include <git2.h>
#include <git2/sys/odb_backend.h>
#include <git2/sys/mempack.h>
/* zlib and mbedTLS come with libgit2-dev (its Depends); Carve uses them to write pack files. */
#include <zlib.h>
#include <mbedtls/sha1.h>
#endif
