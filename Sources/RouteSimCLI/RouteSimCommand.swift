import ArgumentParser
import DialPlan

/// The `routesim` command: where does this number go, and why?
@main
struct RouteSimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "routesim",
        abstract: "Simulate and check miniSIPServer dial plans offline.",
        discussion: """
            A dial plan is a snapshot file: one JSON object holding miniSIPServer's tables \
            (anacldnbr, natran, peerserver, ...) under their OpenAPI names. Get one from a live \
            server with `routesim fetch`, write a small one to start from with `routesim init`, \
            or start from corpus/plans/.

            Exit status: 0 success; 1 a finding or failure the command reports (a lint finding, \
            a failed case or fetch, a file that cannot be written, a port that cannot be opened, a \
            change found by diff, nothing reaching the goal of reach); \
            2 unusable input (bad plan, bad arguments, unknown origin, a plan that loads with \
            warnings under --strict or ROUTESIM_STRICT=1).
            """,
        version: "0.1.0",
        subcommands: [
            RouteCommand.self,
            LintCommand.self,
            TestCommand.self,
            MapCommand.self,
            DiffCommand.self,
            ReachCommand.self,
            ReplayCommand.self,
            FetchCommand.self,
            EmulateCommand.self,
            GenerateCommand.self,
            BenchCommand.self,
            InitCommand.self,
            SchemaCommand.self,
            GraphCommand.self,
            ServeCommand.self,
        ]
    )

    /// Runs the command line; usage errors exit 2 (unusable input), not ArgumentParser's 64.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let first = arguments.first, !first.hasPrefix("-"), first != "help" {
            let names = configuration.subcommands.compactMap { $0.configuration.commandName }
            if !names.contains(first) {
                StandardError.write(
                    "routesim: '\(first)' is not a command\(DidYouMean.aside(for: first, among: names)); the commands are \(names.joined(separator: ", ")) (routesim --help explains them)\n"
                )
                Self.exit(withError: ExitStatus.unusableInput.exitCode)
            }
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                StandardError.writeLines(fullMessage(for: error))
                Self.exit(withError: ExitStatus.unusableInput.exitCode)
            }
            Self.exit(withError: error)
        }
    }
}
