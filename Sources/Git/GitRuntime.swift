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
        // Pack files are read through mmap windows (1 GB each, up to 8 GB mapped by default):
        // a walk of a 350 MB pack keeps every page it touched resident, per repository handle.
        // Smaller windows under a limit are unmapped least recently used first; the pages stay
        // in the page cache, so mapping one again costs page faults, not reads.
        try check(carve_git_set_mwindow_size(Self.windowSize), "git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE)")
        try check(carve_git_set_mwindow_mapped_limit(Self.mappedLimit), "git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT)")
    }

    /// The size of one mmap window on a pack file.
    static let windowSize = 32 << 20
    /// The most pack data mapped at once, over every repository handle of the process.
    static let mappedLimit = 96 << 20

    deinit {
        git_libgit2_shutdown()
    }
}
