import ArgumentParser

/// The `routesim` command: where does this number go, and why?
@main
struct RouteSimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "routesim",
        abstract: "Simulate and check miniSIPServer dial plans offline.",
        discussion: """
            A dial plan is a snapshot file: one JSON object holding miniSIPServer's tables \
            (anacldnbr, natran, peerserver, ...) under their OpenAPI names. Get one from a live \
            server with `routesim fetch`, or start from corpus/plans/.

            Exit status: 0 success; 1 a finding or failure the command reports (a lint finding, \
            a failed case or fetch, a file that cannot be written, a port that cannot be opened, a \
            change found by diff, nothing reaching the goal of reach); \
            2 unusable input (bad plan, bad arguments, unknown origin).
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
        ]
    )

    /// Runs the command line; usage errors exit 2 (unusable input), not ArgumentParser's 64.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                StandardError.writeMessage(fullMessage(for: error))
                Self.exit(withError: ExitStatus.unusableInput.exitCode)
            }
            Self.exit(withError: error)
        }
    }
}
