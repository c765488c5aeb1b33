import ArgumentParser
import DialPlan
import Foundation

/// `--plan FILE`, shared by the commands that read a plan.
struct PlanOption: ParsableArguments {
    @Option(
        name: .customLong("plan"),
        help: ArgumentHelp(
            "The snapshot file (default: $ROUTESIM_PLAN, else dialplan.json).", valueName: "FILE"))
    var path: String?

    var resolvedPath: String {
        path ?? ProcessInfo.processInfo.environment["ROUTESIM_PLAN"] ?? "dialplan.json"
    }

    /// Loads the plan (the model refuses duplicate keys when it is built).
    func load() throws(CLIError) -> Snapshot { try PlanFile.load(resolvedPath) }
}
