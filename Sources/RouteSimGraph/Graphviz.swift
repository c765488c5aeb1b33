import Foundation

/// SVG from DOT through Graphviz's `dot` program (Debian's `graphviz` package), where installed.
///
/// The one place routesim runs another program. Without `dot`, DOT and Mermaid text still work;
/// SVG fails with an error that says what to install.
public enum Graphviz {
    /// The `dot` program on `PATH` (or `ROUTESIM_DOT`), if any.
    public static func executable(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let path = environment["ROUTESIM_DOT"], !path.isEmpty {
            return FileManager.default.isExecutableFile(atPath: path) ? path : nil
        }
        let folders = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        for folder in folders {
            let path = "\(folder)/dot"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Renders `dot` text as SVG; at most `timeout` (then the program is killed).
    public static func svg(fromDOT dot: String, timeout: Duration = .seconds(30)) throws(GraphvizError) -> String {
        guard let program = executable() else {
            throw GraphvizError(
                message:
                    "SVG needs Graphviz's dot program, which is not installed (Debian: apt-get install graphviz); --format dot and --format mermaid work without it"
            )
        }
        let manager = FileManager.default
        let folder = manager.temporaryDirectory.appendingPathComponent("routesim-dot-\(UUID().uuidString)")
        defer { try? manager.removeItem(at: folder) }
        let input = folder.appendingPathComponent("graph.dot")
        let output = folder.appendingPathComponent("graph.svg")
        let errors = folder.appendingPathComponent("stderr")
        do {
            try manager.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(dot.utf8).write(to: input)
            _ = manager.createFile(atPath: errors.path, contents: nil)
        } catch {
            throw GraphvizError(message: "cannot write the graph for dot: \(error.localizedDescription)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = ["-Tsvg", "-o", output.path, input.path]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        let ended = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in ended.signal() }
        do {
            // dot has its own copy of the descriptor once started: this process closes its copy
            // itself (Foundation's Process keeps the handle, and with it the descriptor, alive
            // long after the run — one leaked descriptor per picture in a long-running serve).
            let errorHandle = try FileHandle(forWritingTo: errors)
            defer { try? errorHandle.close() }
            process.standardError = errorHandle
            try process.run()
        } catch {
            throw GraphvizError(message: "cannot run \(program): \(error.localizedDescription)")
        }
        let (seconds, attoseconds) = timeout.components
        let deadline = DispatchTime.now() + .nanoseconds(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000))
        if ended.wait(timeout: deadline) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            _ = ended.wait(timeout: .now() + 5)
            throw GraphvizError(message: "dot did not finish within \(seconds) s; draw less (--collapse, --dial-plan, --around)")
        }
        guard process.terminationStatus == 0, let svg = try? String(contentsOf: output, encoding: .utf8) else {
            let reason = (try? String(contentsOf: errors, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            throw GraphvizError(message: "dot failed (exit \(process.terminationStatus))\(reason.isEmpty ? "" : ": \(reason)")")
        }
        return svg
    }
}

/// SVG could not be made: `dot` is missing, failed or took too long.
public struct GraphvizError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
