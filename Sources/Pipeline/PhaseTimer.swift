/// Adds up the wall-clock seconds of a command's phases (for `--json` reports and benchmarks).
final class PhaseTimer {
    private let clock = ContinuousClock()
    private(set) var seconds: [String: Double] = [:]

    func measure<T>(_ phase: String, _ body: () throws -> T) rethrows -> T {
        let start = clock.now
        defer {
            let d = clock.now - start
            seconds[phase, default: 0] += Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        }
        return try body()
    }
}
