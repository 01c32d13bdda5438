import Clibgit2
import Foundation
import Model

/// What a remote may ask for, read from the environment by the composition root: a token for
/// http(s) (basic authentication) and an ssh key or the agent for ssh. Never printed, never put in a
/// URL.
public struct RemoteCredentials: Sendable {
    /// The token, sent as the password of basic authentication.
    public var token: String?
    /// The user name sent with the token (GitHub accepts any; GitLab wants `oauth2`).
    public var tokenUser: String
    /// An ssh private key: a path, or the key itself (`-----BEGIN ...`).
    public var sshKey: String?
    /// The passphrase of `sshKey`.
    public var sshPassphrase: String?

    /// Describes the credentials.
    public init(token: String? = nil, tokenUser: String = "x-access-token", sshKey: String? = nil, sshPassphrase: String? = nil) {
        self.token = token
        self.tokenUser = tokenUser
        self.sshKey = sshKey
        self.sshPassphrase = sshPassphrase
    }

    /// The secrets, to be scrubbed from any message.
    var secrets: [String] { [token, sshPassphrase].compactMap { $0 }.filter { $0.count >= 4 } }
}

/// One reference a remote advertises.
public struct RemoteReference: Sendable, Equatable {
    /// Its full name (`refs/heads/main`).
    public var name: String
    /// Its target (for an annotated tag: the tag object).
    public var target: ObjectID
}

/// A remote operation that failed, with libgit2's message (the credentials scrubbed out).
public struct RemoteError: Error, LocalizedError, Equatable {
    /// What failed, for a person.
    public var message: String
    /// True when the server refused the credentials.
    public var isAuthentication: Bool

    public var errorDescription: String? {
        isAuthentication ? message : message + " (check the URL, and that the host is reachable; a rerun completes what is missing)"
    }
}

/// The state the libgit2 callbacks of one remote operation share (through their payload).
private final class CallbackState {
    let credentials: RemoteCredentials
    var userpassAttempts = 0
    var sshAttempts = 0
    var authenticationFailed = false
    /// Refs the server refused, with its reason.
    var rejected: [String: String] = [:]

    init(credentials: RemoteCredentials) {
        self.credentials = credentials
    }
}

private func credentialCallback(
    _ out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>?,
    _ url: UnsafePointer<CChar>?,
    _ userFromURL: UnsafePointer<CChar>?,
    _ allowed: UInt32,
    _ payload: UnsafeMutableRawPointer?
) -> Int32 {
    guard let payload else { return GIT_PASSTHROUGH.rawValue }
    let state = Unmanaged<CallbackState>.fromOpaque(payload).takeUnretainedValue()
    let user = userFromURL.map { String(cString: $0) }
    if allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT.rawValue != 0 {
        guard let token = state.credentials.token else {
            git_error_set_str(Int32(GIT_ERROR_NET.rawValue), "the server asks for credentials: put a token in CARVE_TOKEN")
            state.authenticationFailed = true
            return GIT_EAUTH.rawValue
        }
        state.userpassAttempts += 1
        // libgit2 asks again after a 401: the token was refused, asking forever would not help.
        if state.userpassAttempts > 1 {
            git_error_set_str(Int32(GIT_ERROR_NET.rawValue), "the server refused the token in CARVE_TOKEN: check that it is valid and may push to this repository")
            state.authenticationFailed = true
            return GIT_EAUTH.rawValue
        }
        return git_credential_userpass_plaintext_new(out, user ?? state.credentials.tokenUser, token)
    }
    if allowed & GIT_CREDENTIAL_USERNAME.rawValue != 0 {
        return git_credential_username_new(out, user ?? "git")
    }
    if allowed & GIT_CREDENTIAL_SSH_KEY.rawValue != 0 || allowed & GIT_CREDENTIAL_SSH_MEMORY.rawValue != 0 {
        state.sshAttempts += 1
        if state.sshAttempts > 1 {
            git_error_set_str(Int32(GIT_ERROR_NET.rawValue), "the ssh server refused the key (CARVE_SSH_KEY, or the agent's keys): check that the key may push to this repository")
            state.authenticationFailed = true
            return GIT_EAUTH.rawValue
        }
        let name = user ?? "git"
        guard let key = state.credentials.sshKey else { return git_credential_ssh_key_from_agent(out, name) }
        if key.hasPrefix("-----BEGIN") {
            return git_credential_ssh_key_memory_new(out, name, nil, key, state.credentials.sshPassphrase)
        }
        return git_credential_ssh_key_new(out, name, nil, key, state.credentials.sshPassphrase)
    }
    return GIT_PASSTHROUGH.rawValue
}

private func pushStatusCallback(_ refname: UnsafePointer<CChar>?, _ status: UnsafePointer<CChar>?, _ payload: UnsafeMutableRawPointer?) -> Int32 {
    guard let payload, let refname, let status else { return 0 }
    let state = Unmanaged<CallbackState>.fromOpaque(payload).takeUnretainedValue()
    state.rejected[String(cString: refname)] = String(cString: status)
    return 0
}

extension Repository {
    /// Lists the references of the remote at `url` (`git ls-remote`), through libgit2's transports
    /// (local paths, file://, ssh, http(s)).
    public func listRemote(url: String, credentials: RemoteCredentials) throws -> [RemoteReference] {
        try withRemote(url: url, credentials: credentials) { remote, callbacks, _ in
            var cb = callbacks
            try remoteCheck(git_remote_connect(remote, GIT_DIRECTION_FETCH, &cb, nil, nil), "git_remote_connect")
            defer { git_remote_disconnect(remote) }
            return try advertised(remote)
        }
    }

    /// Pushes `refspecs` to the remote at `url` in one push; throws when the push failed or the
    /// server refused any reference.
    public func push(url: String, refspecs: [String], credentials: RemoteCredentials) throws {
        try withRemote(url: url, credentials: credentials) { remote, callbacks, state in
            try push(remote, refspecs: refspecs, callbacks: callbacks, state: state)
        }
    }

    /// Pushes `refspecs` to the configured remote `name`.
    public func push(remoteNamed name: String, refspecs: [String], credentials: RemoteCredentials) throws {
        try withRemote(named: name, credentials: credentials) { remote, callbacks, state in
            try push(remote, refspecs: refspecs, callbacks: callbacks, state: state)
        }
    }

    /// Fetches the objects of those of `references` (full names) that the configured remote
    /// `name` has, without writing any reference (FETCH_HEAD is left as it was), and returns
    /// their targets there.
    public func fetchObjects(remoteNamed name: String, references: [String], credentials: RemoteCredentials) throws -> [RemoteReference] {
        try withRemote(named: name, credentials: credentials) { remote, callbacks, _ in
            var cb = callbacks
            try remoteCheck(git_remote_connect(remote, GIT_DIRECTION_FETCH, &cb, nil, nil), "git_remote_connect")
            let wanted = Set(references)
            let present = try advertised(remote).filter { wanted.contains($0.name) }
            git_remote_disconnect(remote)
            guard !present.isEmpty else { return [] }
            var options = git_fetch_options()
            try remoteCheck(git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION)), "git_fetch_options_init")
            options.callbacks = callbacks
            options.update_fetchhead = 0
            options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
            options.prune = GIT_FETCH_NO_PRUNE
            // Exact names without a destination: the objects come, no ref is written. libgit2
            // 1.5 writes FETCH_HEAD all the same: it is put back as it was.
            let fetchHead = (gitDirectory.hasSuffix("/") ? gitDirectory : gitDirectory + "/") + "FETCH_HEAD"
            let previous = FileManager.default.contents(atPath: fetchHead)
            defer {
                if let previous {
                    try? previous.write(to: URL(fileURLWithPath: fetchHead))
                } else {
                    unlink(fetchHead)
                }
            }
            _ = try withStrings(present.map(\.name)) { (array: inout git_strarray) throws in
                try remoteCheck(git_remote_fetch(remote, &array, &options, "carve publish: cache"), "git_remote_fetch")
            }
            return present
        }
    }

    /// True when the configured remote `name` exists.
    public func hasRemote(named name: String) -> Bool {
        var remote: OpaquePointer?
        guard git_remote_lookup(&remote, handle, name) == 0 else { return false }
        git_remote_free(remote)
        return true
    }

    // MARK: - Helpers

    private func push(_ remote: OpaquePointer, refspecs: [String], callbacks: git_remote_callbacks, state: CallbackState) throws {
        var options = git_push_options()
        try remoteCheck(git_push_options_init(&options, UInt32(GIT_PUSH_OPTIONS_VERSION)), "git_push_options_init")
        options.callbacks = callbacks
        options.callbacks.push_update_reference = pushStatusCallback
        _ = try withStrings(refspecs) { (array: inout git_strarray) throws in
            try remoteCheck(git_remote_push(remote, &array, &options), "git_remote_push")
        }
        if !state.rejected.isEmpty {
            let list = state.rejected.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: ", ")
            throw RemoteError(message: "the server refused \(list)", isAuthentication: false)
        }
    }

    private func advertised(_ remote: OpaquePointer) throws -> [RemoteReference] {
        var heads: UnsafeMutablePointer<UnsafePointer<git_remote_head>?>?
        var count = 0
        try remoteCheck(git_remote_ls(&heads, &count, remote), "git_remote_ls")
        var out: [RemoteReference] = []
        for i in 0..<count {
            guard let head = heads?[i]?.pointee else { continue }
            let name = String(cString: head.name)
            if name == "HEAD" || name.hasSuffix("^{}") { continue }
            out.append(RemoteReference(name: name, target: ObjectID(head.oid)))
        }
        return out
    }

    private func withRemote<T>(url: String, credentials: RemoteCredentials, _ body: (OpaquePointer, git_remote_callbacks, CallbackState) throws -> T) throws -> T {
        var remote: OpaquePointer?
        try remoteCheck(git_remote_create_anonymous(&remote, handle, url), "git_remote_create_anonymous", secrets: credentials.secrets)
        defer { git_remote_free(remote) }
        return try withCallbacks(credentials) { (callbacks, state) throws in try body(remote!, callbacks, state) }
    }

    private func withRemote<T>(named name: String, credentials: RemoteCredentials, _ body: (OpaquePointer, git_remote_callbacks, CallbackState) throws -> T) throws -> T {
        var remote: OpaquePointer?
        try remoteCheck(git_remote_lookup(&remote, handle, name), "git_remote_lookup", secrets: credentials.secrets)
        defer { git_remote_free(remote) }
        return try withCallbacks(credentials) { (callbacks, state) throws in try body(remote!, callbacks, state) }
    }

    private func withCallbacks<T>(_ credentials: RemoteCredentials, _ body: (git_remote_callbacks, CallbackState) throws -> T) throws -> T {
        // A push packs objects through libgit2; a fetch negotiates from local commits.
        try exposePending()
        let state = CallbackState(credentials: credentials)
        let payload = Unmanaged.passRetained(state)
        defer { payload.release() }
        var callbacks = git_remote_callbacks()
        git_remote_init_callbacks(&callbacks, UInt32(GIT_REMOTE_CALLBACKS_VERSION))
        callbacks.credentials = credentialCallback
        callbacks.payload = payload.toOpaque()
        do {
            return try body(callbacks, state)
        } catch var e as RemoteError {
            e.isAuthentication = e.isAuthentication || state.authenticationFailed
            for secret in credentials.secrets { e.message = e.message.replacingOccurrences(of: secret, with: "***") }
            throw e
        }
    }

    private func withStrings<T>(_ strings: [String], _ body: (inout git_strarray) throws -> T) throws -> T {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        defer { for p in pointers { free(p) } }
        return try pointers.withUnsafeMutableBufferPointer { buffer in
            var array = git_strarray(strings: buffer.baseAddress, count: buffer.count)
            return try body(&array)
        }
    }
}

/// The error funnel of remote operations: libgit2's message, credentials scrubbed, and the
/// authentication failure flagged.
@discardableResult
private func remoteCheck(_ code: Int32, _ function: String, secrets: [String] = []) throws(RemoteError) -> Int32 {
    guard code < 0 else { return code }
    var message = "unknown error"
    if let last = git_error_last(), let text = last.pointee.message {
        message = String(cString: text)
    }
    for secret in secrets { message = message.replacingOccurrences(of: secret, with: "***") }
    throw RemoteError(message: message, isAuthentication: code == GIT_EAUTH.rawValue)
}
