import Clibgit2

/// Owns libgit2's global state: initialised when created, shut down when released. Create one
/// (in the composition root) before opening any repository, and keep it alive while they are used.
public final class GitRuntime: @unchecked Sendable {
    /// Initialises libgit2.
    public init() throws(GitError) {
        try check(git_libgit2_init(), "git_libgit2_init")
    }

    deinit {
        git_libgit2_shutdown()
    }
}
