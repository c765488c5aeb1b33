import ArgumentParser
import DialPlan
import RouteSim
import RouteSimSpaces

/// `routesim map`: what a plan does with every number (docs/spaces.md).
struct MapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map",
        abstract: "Show what a plan does with every called number, per class of origins.",
        discussion: """
            The number space is every called number of 1 to --max-length characters (default 24) \
            over the dial alphabet 0-9 * # +. routesim cuts it into regions whose numbers all do \
            the same thing, for each origin class (origins the plan treats alike: the same dial \
            plan, call level, caller rewrite, default line, own speed dials ...), and prints \
            them as patterns:

              routesim map --plan plan.json
              routesim map --plan plan.json --from-user 100 --numbers '0044…'
              routesim map --plan plan.json --dial-plan hq --format markdown

            A pattern has one item per position — a character, x for any of the thirteen, or a \
            class such as [0-4] — and … for any further characters; "numbers" counts them per \
            length n (65×13^(n−3)). Each row says what the numbers do: the outcome, the target, \
            every attempt with the number it sends as a rewrite of the dialled number ("strip \
            1, prepend 0086"), the caller and the duration limit. Every class names the \
            `routesim route` options that replay it; docs/spaces.md explains classes, regions \
            and signatures.

            Exit status: 0 when the map was printed; 2 when the plan or an option cannot be used (or \
            the analysis failed: it never prints a wrong row).
            """)

    @OptionGroup var plan: PlanOption
    @OptionGroup var space: SpaceOptionGroup

    @Option(help: "Output format: text, json, csv or markdown.")
    var format: SpaceFormat = .text

    @Flag(help: "Print on stderr how many classes, rows and simulated calls the map took.")
    var stats = false

    func run() throws {
        do {
            let options = try space.spaceOptions()
            let model = try loadModel(plan.resolvedPath, assumptions: try space.assumptionSettings())
            try space.checkOrigin(in: [model])
            let clock = ContinuousClock()
            let started = clock.now
            let map: SpaceMap
            do { map = try SpaceMap(model: model, options: options) } catch { throw CLIError.usage(error.message) }
            let path = plan.resolvedPath
            switch format {
            case .text: StandardOutput.writeReport(map.text(planPath: path))
            case .json: StandardOutput.write(map.json(planPath: path).prettyText + "\n")
            case .csv: StandardOutput.writeReport(map.csv)
            case .markdown: StandardOutput.writeReport(map.markdown(planPath: path))
            }
            StandardOutput.flush()
            if stats {
                let rows = map.sections.reduce(0) { $0 + $1.rows.count }
                StandardError.write(
                    "routesim map: \(map.catalog.classes.count) classes, \(rows) rows, \(map.runs) simulated calls, \(clock.now - started)\n"
                )
            }
        } catch let error as CLIError {
            Self.exit(with: error)
        }
    }
}

/// The formats of `map`, `reach` and `diff`.
enum SpaceFormat: String, ExpressibleByArgument, CaseIterable { case text, json, csv, markdown }
