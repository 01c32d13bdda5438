import Clibgit2
import Foundation

/// A libgit2 call that failed, with libgit2's own message.
public struct GitError: Error, LocalizedError, Equatable {
    /// The libgit2 function that failed.
    public var function: String
    /// libgit2's error code (negative).
    public var code: Int32
    /// libgit2's message, read right after the call.
    public var message: String

    public var errorDescription: String? { "\(message) (\(function))" }

    /// True when libgit2 said the object or reference does not exist.
    public var isNotFound: Bool { code == GIT_ENOTFOUND.rawValue }
}

/// The one error funnel: turns a negative libgit2 return code into a `GitError`, reading the
/// thread-local `git_error_last()` at once.
@discardableResult
func check(_ code: Int32, _ function: String) throws(GitError) -> Int32 {
    guard code < 0 else { return code }
    var message = "unknown error"
    if let last = git_error_last(), let text = last.pointee.message {
        message = String(cString: text)
    }
    throw GitError(function: function, code: code, message: message)
}
