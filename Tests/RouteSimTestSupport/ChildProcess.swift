import Foundation
import Testing

/// How a child process ended, and everything it printed.
public struct RunResult: Sendable {
    /// The exit status; 128 + the signal number when a signal ended the process, as a shell shows it.
    public var status: Int32
    /// The signal that ended the process, if one did (SIGKILL when it outlived its deadline).
    public var signal: Int32?
    public var stdout: String
    public var stderr: String

    /// Both streams, for scanning.
    public var allText: String { stdout + stderr }
}

/// A child process that can neither deadlock on a pipe nor outlive its test.
///
/// - Its standard output and error go to files, never to pipes, so a child that prints a lot
///   never blocks; they are read when it has ended, or at any time while it runs.
/// - Its standard input is a file holding `input`, or `/dev/null`: no pipe to write either.
/// - It is stopped with SIGKILL. A child started from a test inherits a blocked SIGTERM, so
///   `Process.terminate()` would do nothing and a wait for it would hang the whole run.
/// - Waiting has a deadline; a child that outlives it is killed and the test gets an issue.
public final class ChildProcess {
    /// The command line, for messages.
    public let commandLine: String
    private let process = Process()
    private let exited = DispatchSemaphore(value: 0)
    private var hasExited = false
    private var killedAtDeadline = false
    /// A private folder for the stream files, removed with this object.
    private let streams: URL
    private let stdoutFile: URL
    private let stderrFile: URL

    /// Starts `executable` with `arguments` in `directory`, with exactly `environment`.
    public init(
        _ executable: URL, _ arguments: [String], environment: [String: String], in directory: URL, input: String? = nil
    ) throws {
        commandLine = ([executable.lastPathComponent] + arguments).joined(separator: " ")
        let manager = FileManager.default
        streams = manager.temporaryDirectory.appendingPathComponent("routesim-child-\(UUID().uuidString)")
        stdoutFile = streams.appendingPathComponent("stdout")
        stderrFile = streams.appendingPathComponent("stderr")
        try manager.createDirectory(at: streams, withIntermediateDirectories: true)
        _ = manager.createFile(atPath: stdoutFile.path, contents: nil)
        _ = manager.createFile(atPath: stderrFile.path, contents: nil)
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = directory
        // The child gets its own copies of these descriptors when it starts; this process closes
        // its copies right after (Foundation's Process keeps the handles alive long after the
        // child ends: hundreds of runs would leave hundreds of descriptors open, and Process.run
        // itself over-reads /proc/self/fd listings that long).
        var handles = [try FileHandle(forWritingTo: stdoutFile), try FileHandle(forWritingTo: stderrFile)]
        defer { for handle in handles { try? handle.close() } }
        process.standardOutput = handles[0]
        process.standardError = handles[1]
        if let input {
            let inputFile = streams.appendingPathComponent("stdin")
            try Data(input.utf8).write(to: inputFile)
            handles.append(try FileHandle(forReadingFrom: inputFile))
            process.standardInput = handles[2]
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        process.terminationHandler = { [exited] _ in exited.signal() }
        do {
            try process.run()
        } catch {
            // Nothing runs: deinit must not signal pid 0 (the whole process group, this test run too).
            hasExited = true
            throw TestSupportError("cannot start \(executable.path): \(error)")
        }
    }

    deinit {
        kill()
        try? FileManager.default.removeItem(at: streams)
    }

    public var pid: Int32 { process.processIdentifier }

    /// Whether the child is still running.
    public var isRunning: Bool { !awaitExit(.zero) }

    /// What the child has written to standard output so far.
    public var stdoutText: String { read(stdoutFile) }

    /// What the child has written to standard error so far.
    public var stderrText: String { read(stderrFile) }

    /// Waits until the child ends, at most `timeout`. A child still running then is killed with
    /// SIGKILL and the test gets an issue at `sourceLocation`, as it does when a signal ended the
    /// child (a crash: routesim never dies of a signal it did not ask for) — unless it is the
    /// `endedBy` signal the test itself sent.
    @discardableResult
    public func wait(
        timeout: Duration = .seconds(120), endedBy expectedSignal: Int32? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) -> RunResult {
        if !awaitExit(timeout) {
            killedAtDeadline = true
            signalKill()
            Issue.record("`\(commandLine)` did not end within \(timeout): killed with SIGKILL", sourceLocation: sourceLocation)
            // Foundation sees the end only when every process holding the child's descriptors has
            // ended (a grandchild can hold them); the result is then what was printed so far.
            guard awaitExit(.seconds(10)) else {
                return RunResult(status: 128 + SIGKILL, signal: SIGKILL, stdout: stdoutText, stderr: stderrText)
            }
        }
        let result = self.result
        if let signal = result.signal, !killedAtDeadline, signal != expectedSignal {
            Issue.record(
                "`\(commandLine)` was ended by signal \(signal) (\(String(cString: strsignal(signal))))\n\(result.stderr)",
                sourceLocation: sourceLocation)
        }
        return result
    }

    /// Stops the child with SIGKILL if it still runs, and waits (at most 10 s) until it has ended.
    public func kill() {
        guard !awaitExit(.zero) else { return }
        signalKill()
        _ = awaitExit(.seconds(10))
    }

    /// SIGKILL to the child, never to pid 0 or -1 (which would reach this test run).
    private func signalKill() {
        let pid = self.pid
        precondition(pid > 0, "no child process to kill")
        Foundation.kill(pid, SIGKILL)
    }

    /// True once the child has ended; waits at most `timeout` for that.
    private func awaitExit(_ timeout: Duration) -> Bool {
        if hasExited { return true }
        let (seconds, attoseconds) = timeout.components
        let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
        guard exited.wait(timeout: .now() + .nanoseconds(nanoseconds)) == .success else { return false }
        hasExited = true
        return true
    }

    /// The result of a child that has ended.
    private var result: RunResult {
        let signal = process.terminationReason == .uncaughtSignal ? process.terminationStatus : nil
        return RunResult(
            status: signal.map { 128 + $0 } ?? process.terminationStatus, signal: signal, stdout: read(stdoutFile),
            stderr: read(stderrFile))
    }

    private func read(_ file: URL) -> String {
        String(decoding: (try? Data(contentsOf: file)) ?? Data(), as: UTF8.self)
    }
}

/// Runs a program to its end (at most `timeout`, then SIGKILL and an issue) and returns what it
/// printed; see `ChildProcess` for why this cannot deadlock or hang the run.
public func runProcess(
    _ executable: URL, _ arguments: [String], input: String? = nil, environment: [String: String], in directory: URL,
    timeout: Duration = .seconds(120), sourceLocation: SourceLocation = #_sourceLocation
) throws -> RunResult {
    try ChildProcess(executable, arguments, environment: environment, in: directory, input: input)
        .wait(timeout: timeout, sourceLocation: sourceLocation)
}

/// A helper that could not do what a test asked, said plainly.
public struct TestSupportError: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }
}

extension ChildProcess {
    /// Waits (at most `timeout`) for a server child to write its URL and a newline to the
    /// `--ready-file` at `path`, and returns the URL; a child that ends or stays silent is killed
    /// and the error carries its stderr.
    func awaitReadyFile(_ path: String, within timeout: Duration) throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let text = try? String(contentsOfFile: path, encoding: .utf8), text.hasSuffix("\n") {
                return text.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            if !isRunning { break }
            usleep(20_000)
        }
        kill()
        throw TestSupportError("`\(commandLine)` did not start within \(timeout): \(stderrText)")
    }
}
