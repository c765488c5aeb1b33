import ArgumentParser

/// `--jobs N`, shared by the commands that run many independent pieces of work.
struct JobsOption: ParsableArguments {
    @Option(
        name: .customLong("jobs"),
        help: ArgumentHelp(
            "Threads to spread the work over, 1 to 64 (default: one per core); the output is the same for any N.", valueName: "N"))
    var count: Int?

    func validate() throws {
        // Bounded like every numeric option (as replay's --jobs): a window of route --batch holds
        // N chunks of calls.
        if let count, !(1...64).contains(count) { throw ValidationError("--jobs must be from 1 to 64, found \(count)") }
    }
}
