import Clibgit2

/// Owns libgit2's global state: initialised when created, shut down when released. Create one
/// (in the composition root) before opening any repository, and keep it alive while they are used.
public final class GitRuntime: @unchecked Sendable {
    /// Initialises libgit2.
    public init() throws(GitError) {
        try check(git_libgit2_init(), "git_libgit2_init")
        // A split reads each object about once (and remembers what it needs itself): libgit2's
        // object cache only costs memory (256 MB by default) and, once full, time evicting.
        try check(carve_git_enable_caching(0), "git_libgit2_opts(GIT_OPT_ENABLE_CACHING)")
    }

    deinit {
        git_libgit2_shutdown()
    }
}
