import ArgumentParser
import DialPlan
import RouteSim
import RouteSimGraph

/// `routesim graph`: the plan as a picture, one call's path highlighted (docs/formats.md).
struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Draw the plan's routing as a graph (DOT, SVG or Mermaid), one call's path highlighted.",
        discussion: """
            Dial plans → analysis records → routing groups → trunks and lines → failover chains, \
            and hunting groups with their operators; re-analysis loops back to its dial plan; \
            the out-group prefix leads to the shared line. With --call, one call's path is drawn \
            in red (origin options as for `route`):

              routesim graph --plan plan.json > plan.dot
              routesim graph --plan plan.json --from-user 100 --call 02125551234 --format svg > call.svg
              routesim graph --plan plan.json --dial-plan hq --collapse --format mermaid
              routesim graph --plan plan.json --around trunk:1 --depth 1

            Large plans: --collapse draws the records of a dial plan that go to the same place \
            as one node; --dial-plan keeps what one dial plan reaches; --around NODE keeps the \
            neighbourhood of one node (names as in the DOT output: plan:NAME, prefix:PLAN/PREFIX, \
            group:ID, trunk:ID, line:NAME, hunt:ID, user:NAME).

            --format svg runs Graphviz's dot (Debian's graphviz package); without it, dot and \
            mermaid still work and svg exits 2 saying what to install.

            Exit status: 0 drawn; 2 unusable input (bad plan, unknown dial plan or node, bad \
            call, no dot for svg).
            """)

    @OptionGroup var plan: PlanOption
    @OptionGroup var origin: OriginOptions

    @Option(help: ArgumentHelp("The number dialed: highlight this call's path (needs an origin option).", valueName: "NUMBER"))
    var call: String?

    @Option(
        name: .customLong("assume"),
        help: ArgumentHelp("Change an assumption for --call, as for `route` (repeatable).", valueName: "NAME=VALUE"))
    var assumptions: [String] = []

    @Option(name: .customLong("dial-plan"), help: ArgumentHelp("Keep what calls in this dial plan reach (repeatable).", valueName: "NAME"))
    var dialPlans: [String] = []

    @Option(help: ArgumentHelp("Keep the neighbourhood of this node (e.g. trunk:1, plan:hq).", valueName: "NODE"))
    var around: String?

    @Option(help: "With --around: how many edges away to keep (0 to 20).")
    var depth = 2

    @Flag(help: "Draw the analysis records of a dial plan that go to the same place as one node.")
    var collapse = false

    @Option(help: "Output format: dot, svg (needs Graphviz's dot) or mermaid.")
    var format: GraphFormat = .dot

    enum GraphFormat: String, ExpressibleByArgument, CaseIterable { case dot, svg, mermaid }

    func validate() throws {
        if call != nil && !origin.isGiven {
            throw ValidationError(
                "--call needs an origin: --from-user NAME, --from-trunk ID --caller NUMBER, --from-line NAME --caller NUMBER, or --caller NUMBER"
            )
        }
        if call == nil && origin.isGiven { throw ValidationError("the origin options draw a call: give the number with --call NUMBER") }
        if call == nil && !assumptions.isEmpty { throw ValidationError("--assume changes the simulated call: give it with --call NUMBER") }
    }

    func run() throws {
        var options = Assumptions()
        for assignment in assumptions {
            do { try options.set(assignment) } catch { Self.exit(with: .assume(error)) }
        }
        do throws(CLIError) {
            let snapshot = try plan.load()
            var graph = RoutingGraph(snapshot: snapshot)
            if let call, let from = origin.origin {
                let simulator: Simulator
                do { simulator = try Simulator(snapshot: snapshot, assumptions: options) } catch { throw CLIError.usage(error.description) }
                let theCall = Call(origin: from, called: call)
                do {
                    graph = graph.highlighting(try simulator.route(theCall), of: theCall)
                } catch {
                    throw CLIError.usage(error.message)
                }
            }
            var view = GraphView()
            view.dialPlans = dialPlans
            view.around = around
            view.depth = depth
            view.collapse = collapse
            do { graph = try graph.applying(view) } catch { throw CLIError.usage(error.message) }
            switch format {
            case .dot: StandardOutput.write(graph.dotText())
            case .mermaid: StandardOutput.write(graph.mermaidText())
            case .svg:
                do { StandardOutput.write(try Graphviz.svg(fromDOT: graph.dotText())) } catch { throw CLIError.usage(error.message) }
            }
            StandardOutput.flush()
        } catch {
            Self.exit(with: error)
        }
    }
}
