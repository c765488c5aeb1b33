import ArgumentParser
import DialPlan
import RouteSim
import RouteSimSpaces

/// `routesim reach`: every origin class and range of numbers that gets somewhere (docs/spaces.md).
struct ReachCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reach",
        abstract: "List every origin class and range of called numbers that gets to a trunk, line, user, outcome or record.",
        discussion: """
            Answers "which numbers can reach the premium trunk?" and "who can call 0900?" \
            exactly, over every called number of 1 to --max-length characters (default 24): each \
            row is an origin class and a range of numbers that gets there, with a witness call \
            that `routesim route` replays.

              routesim reach --plan plan.json --to trunk:3
              routesim reach --plan plan.json --to outcome:released --from-user 100
              routesim reach --plan plan.json --to record:anacldnbr/default/0900

            --to takes trunk:ID, line:NAME, group:ID, user:NAME, hunt:ID (the call's target or \
            any of its attempts, a user its ring group rings, or a follow-me destination's \
            target or attempt), outcome:NAME, or record:TABLE/KEY (the call, or a follow-me \
            destination's call, matched that anacldnbr, speeddial, hgdect, refinecldnbr or \
            localuser record, whatever came of it; the key's fields joined by /, e.g. \
            anacldnbr/default/9).

            Exit status: 0 when something gets there; 1 when nothing does; 2 when the plan, --to \
            or an option cannot be used.
            """)

    @OptionGroup var plan: PlanOption
    @OptionGroup var space: SpaceOptionGroup

    @Option(
        help: ArgumentHelp(
            "Where to: trunk:ID, line:NAME, group:ID, user:NAME, hunt:ID, outcome:NAME or record:TABLE/KEY.", valueName: "GOAL"))
    var to: String

    @Option(help: "Output format: text or json.")
    var format: ReachFormat = .text

    func run() throws {
        do {
            let options = try space.spaceOptions()
            let model = try loadModel(plan.resolvedPath, assumptions: try space.assumptionSettings())
            try space.checkOrigin(in: [model])
            let reach: SpaceReach
            do {
                reach = try SpaceReach(model: model, goal: try ReachGoal(to, model: model), options: options)
            } catch {
                throw CLIError.usage(error.message)
            }
            let path = plan.resolvedPath
            switch format {
            case .text: StandardOutput.writeReport(reach.text(planPath: path))
            case .json: StandardOutput.write(reach.json(planPath: path).prettyText + "\n")
            }
            StandardOutput.flush()
            if reach.sections.isEmpty { throw ExitCode(ExitStatus.failure.rawValue) }
        } catch let error as CLIError {
            Self.exit(with: error)
        }
    }
}

/// The formats of `reach`.
enum ReachFormat: String, ExpressibleByArgument, CaseIterable { case text, json }
