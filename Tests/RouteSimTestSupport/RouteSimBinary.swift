import Foundation
import Testing

/// The `routesim` executable that `swift build` / `swift test` built, beside the test bundle
/// (`swift test` builds every product); `ROUTESIM_BINARY` names another one.
public enum RouteSimBinary {
    public static let url: URL = {
        if let override = ProcessInfo.processInfo.environment["ROUTESIM_BINARY"] { return URL(fileURLWithPath: override) }
        var candidates: [URL] = []
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<3 {
            candidates.append(directory)
            directory = directory.deletingLastPathComponent()
        }
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
        candidates.append(repositoryRoot.appendingPathComponent(".build/debug"))
        let found = candidates.map { $0.appendingPathComponent("routesim") }.first {
            FileManager.default.isExecutableFile(atPath: $0.path)
        }
        return found ?? repositoryRoot.appendingPathComponent(".build/debug/routesim")
    }()

    /// The environment every `routesim` run starts from: a plain PATH and a UTF-8 locale, nothing
    /// from the shell that runs the tests (no ROUTESIM_PLAN, ROUTESIM_SYSKEY or proxy settings)
    /// but a sanitizer's options (`scripts/sanitize`), so that a sanitized `routesim` reports
    /// where the tests' own reports go.
    public static let baseEnvironment: [String: String] = {
        var environment = ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"]
        for name in ["TSAN_OPTIONS", "ASAN_OPTIONS"] {
            if let value = ProcessInfo.processInfo.environment[name] { environment[name] = value }
        }
        return environment
    }()

    static func checkedURL() throws -> URL {
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw TestSupportError("no routesim binary at \(url.path): run `swift build` first (or set ROUTESIM_BINARY)")
        }
        return url
    }
}

/// Runs the built `routesim` to its end and returns its exit status and output.
///
/// It runs in `directory` (the repository root, so corpus paths can be relative), reads `input`
/// on standard input (else nothing), and sees only `RouteSimBinary.baseEnvironment` plus
/// `environment`. A run longer than `timeout` is killed with SIGKILL and recorded as an issue at
/// the caller's `sourceLocation`.
public func routesim(
    _ arguments: [String], input: String? = nil, environment: [String: String] = [:], in directory: URL = repositoryRoot,
    timeout: Duration = .seconds(120), sourceLocation: SourceLocation = #_sourceLocation
) throws -> RunResult {
    try startRouteSim(arguments, input: input, environment: environment, in: directory)
        .wait(timeout: timeout, sourceLocation: sourceLocation)
}

/// Starts the built `routesim` and returns at once, for a child that runs until stopped (the
/// emulator): read its output while it runs, `wait` for it, or `kill` it.
public func startRouteSim(
    _ arguments: [String], input: String? = nil, environment: [String: String] = [:], in directory: URL = repositoryRoot
) throws -> ChildProcess {
    try ChildProcess(
        RouteSimBinary.checkedURL(), arguments, environment: RouteSimBinary.baseEnvironment.merging(environment) { $1 },
        in: directory, input: input)
}
