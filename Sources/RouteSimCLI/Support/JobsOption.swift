import ArgumentParser

/// `--jobs N`, shared by the commands that run many independent pieces of work.
struct JobsOption: ParsableArguments {
    @Option(
        name: .customLong("jobs"),
        help: ArgumentHelp("Threads to spread the work over (default: one per core); the output is the same for any N.", valueName: "N"))
    var count: Int?

    func validate() throws {
        if let count, count < 1 { throw ValidationError("--jobs must be at least 1, found \(count)") }
    }
}
