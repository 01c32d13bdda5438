#ifndef CARVE_CLIBGIT2_SHIM_H
#define CARVE_CLIBGIT2_SHIM_H
#include <git2.h>
#include <git2/sys/odb_backend.h>
#include <git2/sys/mempack.h>
/* zlib and mbedTLS come with libgit2-dev (its Depends); Carve uses them to write pack files. */
#include <zlib.h>
#include <mbedtls/sha1.h>

/* git_libgit2_opts is variadic, which Swift cannot call: one wrapper per option used. */
static inline int carve_git_set_cache_max_size(size_t bytes) {
    return git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)bytes);
}
static inline int carve_git_enable_caching(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_CACHING, enabled);
}
static inline int carve_git_set_mwindow_size(size_t bytes) {
    return git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, bytes);
}
static inline int carve_git_set_mwindow_mapped_limit(size_t bytes) {
    return git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, bytes);
}
#endif
