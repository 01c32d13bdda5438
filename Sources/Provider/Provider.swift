import Foundation
import Git
import Model
import Pipeline
import Verify

/// Errors of opening a repository, for a person to read.
public enum ProviderError: Error, LocalizedError, Equatable {
    case notARepository(String)
    case missingPath(String)
    case noManifest(String)
    case noToolchain
    case manifestFailed(String, String)
    case revisionManifestFailed(String)

    public var errorDescription: String? {
        switch self {
        case .notARepository(let p):
            return "'\(p)' is not inside a git repository: pass --repo with the path of a repository (or run carve from inside one)"
        case .missingPath(let p):
            return "'\(p)' does not exist: pass --repo with the path of an existing repository"
        case .noManifest(let p):
            return "there is no Package.swift in '\(p)': pass --repo with the root of a Swift package"
        case .noToolchain:
            return "`swift` is not on PATH: Carve reads package manifests with the Swift toolchain; install it or add it to PATH"
        case .revisionManifestFailed(let why):
            return "the Package.swift of the revision being split does not evaluate (\(why)): fix it and commit, until `swift package dump-package` succeeds"
        case .manifestFailed(let p, let why):
            return "the Package.swift in '\(p)' does not evaluate (\(why)): fix it until `swift package dump-package` succeeds"
        }
    }
}

/// The composition root: creates the infrastructure (libgit2 runtime, repositories) and wires the
/// use cases. Nothing else in Carve creates infrastructure.
public final class Provider {
    private let runtime: GitRuntime

    /// Initialises libgit2.
    public init() throws {
        runtime = try GitRuntime()
    }

    /// The split use case on the repository at `path`.
    public func splitUseCase(repositoryPath path: String) throws -> SplitUseCase {
        let repository = try openRepository(path)
        return SplitUseCase(
            repository: try GitSplitRepository(repository: repository),
            runner: GitSplitRunner(repository: repository, openHelper: { [runtime] in try Repository(path: path, runtime: runtime) }),
            caches: GitSplitCacheStorage(repository: repository)
        )
    }

    /// The publish use case on the repository at `path`; credentials for the remotes come from
    /// `environment` (`CARVE_TOKEN`, `CARVE_TOKEN_USER`, `CARVE_SSH_KEY`, `CARVE_SSH_PASSPHRASE`).
    public func publishUseCase(repositoryPath path: String, environment: [String: String], timeout: Double = 300) throws -> PublishUseCase {
        let repository = try openRepository(path)
        let splitRepository = try GitSplitRepository(repository: repository)
        let splitter = SplitUseCase(
            repository: splitRepository,
            runner: GitSplitRunner(repository: repository, openHelper: { [runtime] in try Repository(path: path, runtime: runtime) }),
            caches: GitSplitCacheStorage(repository: repository)
        )
        let credentials = RemoteCredentials(
            token: environment["CARVE_TOKEN"].flatMap { $0.isEmpty ? nil : $0 },
            tokenUser: environment["CARVE_TOKEN_USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "x-access-token",
            sshKey: environment["CARVE_SSH_KEY"].flatMap { $0.isEmpty ? nil : $0 },
            sshPassphrase: environment["CARVE_SSH_PASSPHRASE"]
        )
        return PublishUseCase(splitter: splitter, repository: splitRepository, transport: GitPublishTransport(repository: repository, runtime: runtime, credentials: credentials, timeout: timeout))
    }

    /// The extract use case on the repository at `path`.
    public func extractUseCase(repositoryPath path: String) throws -> ExtractUseCase {
        let repository = try openRepository(path)
        let runner = ProcessRunner()
        let openHelper = { [runtime] in try Repository(path: path, runtime: runtime) }
        return ExtractUseCase(
            repository: try GitSplitRepository(repository: repository, openHelper: openHelper),
            runner: GitSplitRunner(repository: repository, openHelper: openHelper),
            manifests: SwiftPackageManifests(runner: runner),
            workspace: FileWorkspace(),
            verifier: SwiftPackageVerifier(builder: PackageBuilder(runner: runner))
        )
    }

    /// The graph use case (package descriptions read with the toolchain).
    public func graphUseCase() -> GraphUseCase {
        GraphUseCase(manifests: SwiftPackageManifests(runner: ProcessRunner()), listing: FileWorkspace.packageFolders(under:))
    }

    /// The check use case on the working tree at `root`, or on revision `revision` of the
    /// repository there.
    public func checkUseCase(root: String, revision: String?) throws -> CheckUseCase {
        let source: CheckSource
        if let revision {
            source = RevisionCheckSource(repository: try GitSplitRepository(repository: try openRepository(root)), revision: revision)
        } else {
            guard FileManager.default.fileExists(atPath: root) else { throw ProviderError.missingPath(root) }
            source = WorkingTreeCheckSource(root: root)
        }
        return CheckUseCase(source: source, manifests: SwiftPackageManifests(runner: ProcessRunner()))
    }

    private func openRepository(_ path: String) throws -> Repository {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ProviderError.missingPath(path)
        }
        let opened: Result<Repository, GitError> = Result { () throws(GitError) in try Repository(path: path, runtime: runtime) }
        switch opened {
        case .success(let repository):
            return repository
        case .failure(let error) where error.isNotFound:
            throw ProviderError.notARepository(path)
        case .failure(let error):
            throw error
        }
    }
}
