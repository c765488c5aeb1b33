import Foundation
import Testing

/// What a finished `routesim` run left: exit status and everything it printed.
struct RunResult {
    var status: Int32
    var stdout: String
    var stderr: String
    /// Both streams, for scanning.
    var allText: String { stdout + stderr }
}

/// Runs the built `routesim` binary with a clean environment, output to files (no pipe can fill
/// up), with a deadline; a child that outlives it is killed with SIGKILL.
enum RouteSim {
    /// The binary `swift build` / `swift test` produced beside the test bundle.
    static let binary: String = {
        if let override = ProcessInfo.processInfo.environment["ROUTESIM_BINARY"] { return override }
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("routesim").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/routesim").path
    }()

    /// The package root (for corpus files).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func corpus(_ name: String) -> String {
        packageRoot.appendingPathComponent("corpus/plans/\(name)").path
    }

    /// Starts `routesim ARGS`; output goes to files in `directory`.
    static func start(_ arguments: [String], environment: [String: String] = [:], in directory: URL) throws -> Child {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        var env = ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"]
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.currentDirectoryURL = directory
        let name = UUID().uuidString
        let out = directory.appendingPathComponent("\(name).stdout")
        let err = directory.appendingPathComponent("\(name).stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return Child(process: process, stdoutFile: out, stderrFile: err)
    }

    /// Runs `routesim ARGS` to the end (at most `timeout` seconds).
    static func run(
        _ arguments: [String], environment: [String: String] = [:], in directory: URL, timeout: Double = 60
    ) throws -> RunResult {
        let child = try start(arguments, environment: environment, in: directory)
        return child.wait(timeout: timeout)
    }
}

/// A running child process.
final class Child {
    let process: Process
    let stdoutFile: URL
    let stderrFile: URL

    init(process: Process, stdoutFile: URL, stderrFile: URL) {
        self.process = process
        self.stdoutFile = stdoutFile
        self.stderrFile = stderrFile
    }

    var pid: Int32 { process.processIdentifier }

    /// Waits for the exit; after `timeout` seconds kills it (the result then has status -9).
    func wait(timeout: Double) -> RunResult {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        var status: Int32
        if process.isRunning {
            Foundation.kill(process.processIdentifier, SIGKILL)
            while process.isRunning { usleep(10_000) }
            status = -9
            Issue.record("routesim \(process.arguments ?? []) did not finish within \(timeout) s")
        } else {
            status = process.terminationStatus
        }
        return RunResult(status: status, stdout: read(stdoutFile), stderr: read(stderrFile))
    }

    /// SIGKILL, then wait.
    func kill() {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { usleep(10_000) }
    }

    var stderrText: String { read(stderrFile) }

    private func read(_ url: URL) -> String {
        (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }
}

/// A scratch directory removed at the end of a test.
final class ScratchDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("routesim-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func write(_ text: String, to name: String) throws -> String {
        let path = self.path(name)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Files whose name looks like a leftover temporary file.
    var temporaryFiles: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).filter { $0.hasSuffix(".tmp") }
    }
}

/// `routesim emulate` on a free loopback port, until `stop()`.
final class Emulator {
    let child: Child
    let url: String

    /// Starts the emulator and waits (at most 20 s) until it listens.
    init(plan: String, arguments: [String] = [], environment: [String: String] = [:], in scratch: ScratchDirectory)
        throws
    {
        let ready = scratch.path("ready-\(UUID().uuidString)")
        child = try RouteSim.start(
            ["emulate", "--plan", plan, "--port", "0", "--ready-file", ready] + arguments,
            environment: environment, in: scratch.url)
        let deadline = Date().addingTimeInterval(20)
        var url: String?
        while Date() < deadline {
            if let text = try? String(contentsOfFile: ready, encoding: .utf8), text.hasSuffix("\n") {
                url = text.trimmingCharacters(in: .whitespacesAndNewlines)
                break
            }
            if !child.process.isRunning { break }
            usleep(20_000)
        }
        guard let url else {
            child.kill()
            throw EmulatorDidNotStart(stderr: child.stderrText)
        }
        self.url = url
    }

    var port: Int { Int(url.split(separator: ":").last!)! }

    func stop() { child.kill() }

    deinit { child.kill() }
}

struct EmulatorDidNotStart: Error, CustomStringConvertible {
    var stderr: String
    var description: String { "routesim emulate did not start: \(stderr)" }
}
