#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Ctrl-C (SIGINT) and SIGTERM: Carve writes nothing until its last step, which holds these
/// signals back, so stopping at once is clean; say so and exit with 128 + the signal.
enum Interruption {
    static func install() {
        signal(SIGINT, onSignal)
        signal(SIGTERM, onSignal)
        // A parent may have left them blocked (the mask is inherited across exec).
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }
}

/// Only async-signal-safe calls here: write(2) and _exit(2).
private func onSignal(_ number: Int32) {
    let message: StaticString = "\ncarve: interrupted: the repository is as it was (or fully updated, if the final write had begun)\n"
    _ = write(2, message.utf8Start, message.utf8CodeUnitCount)
    _exit(128 + number)
}
