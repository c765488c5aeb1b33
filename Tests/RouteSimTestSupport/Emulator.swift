import Foundation

/// `routesim emulate` on a free loopback port, as a long-running child, until `stop()` (or until
/// the last reference goes away). Suites that start one must be `.serialized`.
public final class Emulator {
    public let child: ChildProcess
    /// The server's base URL, `http://127.0.0.1:PORT`.
    public let url: String
    /// Where the emulator runs; kept alive as long as the emulator.
    public let scratch: ScratchDirectory

    /// Starts the emulator on `plan` and waits (at most `startTimeout`) until it listens.
    public init(
        plan: String, arguments: [String] = [], environment: [String: String] = [:], in scratch: ScratchDirectory,
        startTimeout: Duration = .seconds(20)
    ) throws {
        self.scratch = scratch
        let ready = scratch.path("ready-\(UUID().uuidString)")
        child = try startRouteSim(
            ["emulate", "--plan", plan, "--port", "0", "--ready-file", ready] + arguments, environment: environment, in: scratch.url)
        url = try child.awaitReadyFile(ready, within: startTimeout)
    }

    /// The port it listens on.
    public var port: Int { Int(url.split(separator: ":").last!)! }

    /// Stops it with SIGKILL.
    public func stop() { child.kill() }

    deinit { child.kill() }
}
