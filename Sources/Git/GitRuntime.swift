import Clibgit2

/// Owns libgit2's global state: initialised when created, shut down when released. Create one
/// (in the composition root) before opening any repository, and keep it alive while they are used.
public final class GitRuntime: @unchecked Sendable {
    /// Initialises libgit2.
    public init() throws(GitError) {
        try check(git_libgit2_init(), "git_libgit2_init")
        // A split reads each object about once: libgit2's default 256 MB object cache only
        // raises peak memory.
        try check(carve_git_set_cache_max_size(16 << 20), "git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE)")
    }

    deinit {
        git_libgit2_shutdown()
    }
}
