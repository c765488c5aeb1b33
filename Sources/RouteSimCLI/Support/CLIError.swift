import ArgumentParser
import RouteSim

/// An error the CLI reports as one line on stderr, with its exit status.
///
/// Commands throw it (or let `PlanFile` throw it) and catch it in `run()`, where `exit(with:)`
/// prints `routesim: MESSAGE` on stderr and exits with `status`. Never holds a secret.
struct CLIError: Error, CustomStringConvertible {
    var message: String
    var status: ExitStatus

    var description: String { message }

    /// Input the command cannot use (exit status 2).
    static func usage(_ message: String) -> CLIError { CLIError(message: message, status: .unusableInput) }

    /// An `--assume NAME=VALUE` the library refused, told with the flag.
    static func assume(_ error: AssumptionError) -> CLIError {
        switch error.kind {
        case .notAnAssignment: return .usage("--assume \(error.message) (see `routesim route --list-assumptions`)")
        case .unknownName: return .usage("--assume: \(error.message)")
        case .invalidValue: return .usage("--assume \(error.message)")
        case .retired: return .usage("--assume \(error.setting): \(error.message)")
        }
    }

    /// A `--state KEY=VALUE` the library refused, told with the flag.
    static func state(_ message: String) -> CLIError { .usage("--state \(message)") }
}

/// The exit statuses (docs/formats.md): stable, scripts depend on them.
enum ExitStatus: Int32 {
    case success = 0
    /// A finding at or above `--fail-on` (lint), a failed case (test), a failed fetch.
    case failure = 1
    /// Input that cannot be used: missing or bad plan, bad arguments, unknown origin, bad number.
    case unusableInput = 2

    var exitCode: ExitCode { ExitCode(rawValue) }
}

extension ParsableCommand {
    /// Prints `error` on stderr as `routesim: …` and exits with its status.
    static func exit(with error: CLIError) -> Never {
        StandardError.writeMessage("routesim: \(error.message)")
        Self.exit(withError: error.status.exitCode)
    }
}
