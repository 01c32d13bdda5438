#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Why the repository lock could not be taken.
public enum LockError: Error, Equatable, LocalizedError {
    case held(path: String, pid: Int32)
    case unwritable(path: String, errno: Int32)

    public var errorDescription: String? {
        switch self {
        case .held(let path, let pid):
            return "another carve (process \(pid)) is working on this repository: wait for it to finish; if no such process exists, delete \(path)"
        case .unwritable(let path, let code):
            return "cannot create the lock \(path) (\(String(cString: strerror(code)))): check that the repository is writable"
        }
    }
}

/// An exclusive lock on a repository for one Carve process: `carve.lock` in the git folder,
/// created atomically (O_EXCL) and holding the owner's process id. A lock whose process is gone
/// (killed, or the machine restarted) is stale and taken over.
public final class RepositoryLock {
    private let path: String
    /// Set once this process created the file: a refused lock is not ours to remove.
    private var owned = false
    /// True when the lock was left by a process that is gone (killed): what else that process
    /// left locked is stale too.
    public private(set) var tookOverStaleLock = false

    /// Takes the lock, or throws `LockError.held` naming the process that holds it.
    public init(gitDirectory: String) throws {
        path = (gitDirectory.hasSuffix("/") ? gitDirectory : gitDirectory + "/") + "carve.lock"
        for _ in 0..<3 {
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
            if fd >= 0 {
                let text = "\(getpid())\n"
                _ = text.withCString { write(fd, $0, strlen($0)) }
                close(fd)
                owned = true
                return
            }
            guard errno == EEXIST else { throw LockError.unwritable(path: path, errno: errno) }
            let owner = (try? String(contentsOfFile: path, encoding: .utf8))
                .flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            if let owner, owner > 0, kill(owner, 0) == 0 || errno == EPERM {
                throw LockError.held(path: path, pid: owner)
            }
            // Stale: its process is gone. Remove it and try again.
            unlink(path)
            tookOverStaleLock = true
        }
        throw LockError.held(path: path, pid: 0)
    }

    deinit {
        if owned { unlink(path) }
    }
}
