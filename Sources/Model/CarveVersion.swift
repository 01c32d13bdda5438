/// Carve's version: what `carve --version` prints and every `--json` report carries in its
/// `version` field. The one place it is written.
public enum CarveVersion {
    /// The version of this build of Carve (semantic versioning).
    public static let current = "0.1.0"
}
