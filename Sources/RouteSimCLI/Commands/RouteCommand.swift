import ArgumentParser
import DialPlan
import Foundation
import RouteSim

/// `routesim route`: where does this number go, and why (docs/formats.md).
struct RouteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "route",
        abstract: "Simulate a call and show where it goes, step by step.",
        discussion: """
            Say who calls with one origin option and give the dialed number:

              routesim route --plan plan.json --from-user 100 92002
              routesim route --plan plan.json --from-trunk 3 --caller 0215551234 8001
              routesim route --plan plan.json --from-line line1 --caller 0215551234 2002
              routesim route --plan plan.json --caller 5551234 100

            --caller alone is the local user of that number if one exists, else an unknown caller \
            (dial plan "default"). Rules the vendor does not document are assumptions with \
            defaults; the trace names each one that decided a step, and --assume changes it \
            (--list-assumptions shows them all).

            Many calls at once: --batch FILE reads CSV (header origin,caller,called; origin is \
            user:NAME, trunk:ID, line:NAME or empty) or JSON lines ({"fromUser":"100", \
            "called":"92002"}, {"fromTrunk":3,"caller":"…","called":"…"}, {"fromLine":…}, \
            {"caller":…,"called":…}) and prints one result per line.

            Exit status: 0 when the call was simulated, whatever its outcome; 2 when the input \
            cannot be used (missing or bad plan, unknown origin, bad number).
            """)

    @OptionGroup var plan: PlanOption

    @Option(
        name: .customLong("from-user"), help: ArgumentHelp("The local user who calls (its name is the caller number).", valueName: "NAME"))
    var fromUser: String?

    @Option(
        name: .customLong("from-trunk"), help: ArgumentHelp("The SIP trunk (servID) the call arrives on; needs --caller.", valueName: "ID"))
    var fromTrunk: Int?

    @Option(name: .customLong("from-line"), help: ArgumentHelp("The external line the call arrives on; needs --caller.", valueName: "NAME"))
    var fromLine: String?

    @Option(help: ArgumentHelp("The caller number.", valueName: "NUMBER"))
    var caller: String?

    @Option(help: "Output format: text (a readable trace) or json (the fields of docs/formats.md).")
    var format: RouteFormat = .text

    @Option(
        name: .customLong("assume"), help: ArgumentHelp("Change an assumption, e.g. userState=busy (repeatable).", valueName: "NAME=VALUE"))
    var assumptions: [String] = []

    @Flag(help: "List the assumptions with their defaults and exit.")
    var listAssumptions = false

    @Option(help: ArgumentHelp("Simulate every call of a CSV or JSON-lines file ('-' for stdin).", valueName: "FILE"))
    var batch: String?

    @Flag(help: "With --batch --format json: include each call's trace steps.")
    var steps = false

    @Argument(help: ArgumentHelp("The dialed number.", valueName: "CALLED"))
    var called: String?

    enum RouteFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    func validate() throws {
        let origins = [fromUser != nil, fromTrunk != nil, fromLine != nil].filter { $0 }.count
        if origins > 1 { throw ValidationError("give one origin: --from-user, --from-trunk or --from-line") }
        if listAssumptions { return }
        if batch != nil {
            if origins > 0 || caller != nil || called != nil {
                throw ValidationError("--batch takes the calls from the file: drop the origin options and CALLED")
            }
            return
        }
        if (fromTrunk != nil || fromLine != nil) && caller == nil {
            throw ValidationError("--from-trunk and --from-line need --caller NUMBER (the number calling in)")
        }
        if fromUser != nil && caller != nil {
            throw ValidationError("--from-user sets the caller (the user's name); drop --caller")
        }
        if origins == 0 && caller == nil {
            throw ValidationError(
                "say who calls: --from-user NAME, --from-trunk ID --caller NUMBER, --from-line NAME --caller NUMBER, or --caller NUMBER")
        }
        if called == nil {
            // A number that starts with '-' reads as an option: say how to pass it.
            if let dashed = Self.dashedNumber(in: CommandLine.arguments.dropFirst()) {
                throw ValidationError(
                    "give the dialed number (CALLED); \(dashed) reads as an option: put -- before a number that starts with -, "
                        + "as in `routesim route … -- \(dashed)`")
            }
            throw ValidationError("give the dialed number (CALLED)")
        }
    }

    /// The first argument before any `--` that looks like a dialed number starting with `-`.
    static func dashedNumber(in arguments: some Sequence<String>) -> String? {
        for argument in arguments {
            if argument == "--" { return nil }
            let rest = argument.utf8.dropFirst()
            if argument.hasPrefix("-"), !argument.hasPrefix("--"), !rest.isEmpty,
                rest.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2A || $0 == 0x23 || $0 == 0x2B })
            {
                return argument
            }
        }
        return nil
    }

    func run() throws {
        var options = Assumptions()
        for assignment in assumptions {
            do { try options.set(assignment) } catch { Self.exit(with: .assume(error)) }
        }
        if listAssumptions {
            StandardOutput.write(AssumptionsText.render(options))
            StandardOutput.flush()
            return
        }
        do {
            let snapshot = try plan.load()
            let simulator: Simulator
            do { simulator = try Simulator(snapshot: snapshot, assumptions: options) } catch { throw CLIError.usage(error.description) }
            if let batch {
                try BatchRun(simulator: simulator, path: batch, format: format, withSteps: steps).run()
                return
            }
            let origin: Origin
            if let fromUser {
                origin = .localUser(fromUser)
            } else if let fromTrunk {
                origin = .sipTrunk(TrunkID(fromTrunk), caller: caller!)
            } else if let fromLine {
                origin = .externalLine(fromLine, caller: caller!)
            } else {
                origin = .caller(caller!)
            }
            let result: RouteResult
            do {
                result = try simulator.route(Call(origin: origin, called: called!))
            } catch {
                throw CLIError.usage(error.message)
            }
            switch format {
            case .json: StandardOutput.write(result.jsonValue.prettyText + "\n")
            case .text: StandardOutput.write(result.traceText)
            }
            StandardOutput.flush()
        } catch let error as CLIError {
            Self.exit(with: error)
        }
    }
}
