import ArgumentParser
import DialPlan
import Foundation
import RouteSim
import RouteSimCases

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
            (dial plan "default"). A call arriving on a line goes to the line's destination \
            whatever was dialed, so with --from-line CALLED may be left out. Numbers may be typed \
            as people write them: spaces, dashes, dots, brackets and slashes are removed \
            ("0044 (20) 7946-0000" dials 00442079460000, and the trace says so); anything else \
            that is no local user's name is refused. Rules the vendor does not document are \
            assumptions with defaults; the trace names each one that decided a step, and \
            --assume changes it (--list-assumptions shows them all). --sensitivity re-runs the \
            call under every other value of every assumption the trace cites and says what each \
            changes:

              routesim route --plan plan.json --from-user 100 --sensitivity 92002

            Live state the plan cannot show is a what-if: --state says who is busy or offline, \
            which trunks and lines are down, which time conditions are closed, which hunting \
            operators are logged out:

              routesim route --plan plan.json --from-user 100 --state 103=busy,trunk:3=down 103
              (USER=available|busy|noAnswer|unreachable, trunk:ID=up|down, line:NAME=up|down,
               tc:ID=open|closed or tc:*=closed, oper:USER=loggedIn|loggedOut)

            --emit-case prints the call as a case file for `routesim test`, pinning today's \
            answer (outcome, target, attempts with the numbers sent); `routesim test --record` \
            records a whole batch file.

            Many calls at once: --batch FILE reads CSV (header origin,caller,called; origin is \
            user:NAME, trunk:ID, line:NAME or empty) or JSON lines ({"fromUser":"100", \
            "called":"92002"}, {"fromTrunk":3,"caller":"…","called":"…"}, {"fromLine":…}, \
            {"caller":…,"called":…}) and prints one result per line, in input order; the calls \
            are simulated on every core (--jobs N to choose), with the same output for any N.

            Exit status: 0 when the call was simulated, whatever its outcome; 2 when the input \
            cannot be used (missing or bad plan, a plan with warnings under --strict, unknown \
            origin, bad number).
            """)

    @OptionGroup var plan: PlanOption

    @Option(
        name: .customLong("from-user"), help: ArgumentHelp("The local user who calls (its name is the caller number).", valueName: "NAME"))
    var fromUser: String?

    @Option(
        name: .customLong("from-trunk"), help: ArgumentHelp("The SIP trunk (servID) the call arrives on; needs --caller.", valueName: "ID"))
    var fromTrunk: Int?

    @Option(
        name: .customLong("from-line"),
        help: ArgumentHelp("The external line the call arrives on; needs --caller (CALLED may be left out).", valueName: "NAME"))
    var fromLine: String?

    @Option(help: ArgumentHelp("The caller number.", valueName: "NUMBER"))
    var caller: String?

    @Option(help: "Output format: text (a readable trace) or json (the fields of docs/formats.md).", transform: RouteFormat.parse)
    var format: RouteFormat = .text

    @Option(
        name: .customLong("assume"), help: ArgumentHelp("Change an assumption, e.g. userState=busy (repeatable).", valueName: "NAME=VALUE"))
    var assumptions: [String] = []

    @Flag(help: "List the assumptions with their defaults and exit.")
    var listAssumptions = false

    @Option(
        name: .customLong("state"),
        help: ArgumentHelp("Live state for a what-if, e.g. 103=busy,trunk:3=down (repeatable; see the discussion).", valueName: "SETTINGS"))
    var state: [String] = []

    @Flag(help: "Also re-run the call under every other value of every assumption the trace cites, and say what changes.")
    var sensitivity = false

    @Option(help: ArgumentHelp("Simulate every call of a CSV or JSON-lines file ('-' for stdin).", valueName: "FILE"))
    var batch: String?

    @Flag(help: "With --batch --format json: include each call's trace steps.")
    var steps = false

    @Flag(name: .customLong("emit-case"), help: "Print the call as a case file for `routesim test`, pinning today's answer.")
    var emitCase = false

    @OptionGroup var jobs: JobsOption

    @Argument(help: ArgumentHelp("The dialed number (digits, * # +; spaces, dashes, dots, brackets are removed).", valueName: "CALLED"))
    var called: String?

    enum RouteFormat: String, ChoiceArgument { case text, json }

    func validate() throws {
        let origins = [fromUser != nil, fromTrunk != nil, fromLine != nil].filter { $0 }.count
        if origins > 1 { throw ValidationError("give one origin: --from-user, --from-trunk or --from-line") }
        if listAssumptions { return }
        if jobs.count != nil && batch == nil { throw ValidationError("--jobs goes with --batch (one call runs on one thread)") }
        if batch != nil {
            if origins > 0 || caller != nil || called != nil {
                throw ValidationError("--batch takes the calls from the file: drop the origin options and CALLED")
            }
            if sensitivity { throw ValidationError("--sensitivity works on one call: drop --batch (or write robust: true in a case file)") }
            if emitCase { throw ValidationError("--emit-case records one call; `routesim test --record FILE` records a batch file") }
            return
        }
        if emitCase && format != .text { throw ValidationError("--emit-case prints a case file (YAML): drop --format") }
        if emitCase && sensitivity {
            throw ValidationError("--emit-case prints a case file: drop --sensitivity (write robust: true in the case to check it)")
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
        if called == nil && fromLine == nil {
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

    /// The result as JSON, with the plan's load warnings (`warnings`, when there are any).
    static func json(_ result: RouteResult, warnings: [LoadWarning]) -> JSONValue {
        guard !warnings.isEmpty, case .object(var members) = result.jsonValue else { return result.jsonValue }
        members.append(("warnings", .array(warnings.map(\.jsonValue))))
        return .object(members)
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
        var live = LiveState()
        for settings in state {
            do { try live.merge(LiveState(parsing: settings)) } catch { Self.exit(with: .state(error.message)) }
        }
        do {
            // One call reads a few records of the plan: they stay in the compiled file until then.
            let (snapshot, model) = try plan.loadModel(assumptions: options, lazily: batch == nil)
            let simulator = Simulator(model: model)
            do { try simulator.checkState(live) } catch { throw CLIError.state(error.message) }
            if let batch {
                try BatchRun(
                    simulator: simulator, path: batch, format: format, withSteps: steps, threads: jobs.count, state: live
                ).run()
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
            let call = Call(origin: origin, called: called ?? "", state: live)
            let result: RouteResult
            let robustness: Sensitivity?
            do {
                result = try simulator.route(call)
                robustness = sensitivity ? simulator.sensitivity(of: call, answer: result) : nil
            } catch {
                throw CLIError.usage(error.message)
            }
            if emitCase {
                StandardOutput.write(
                    CaseRecorder.caseFile(
                        plan: plan.resolvedPath, assumptions: options, cases: [.init(name: call.summary, call: call, result: result)],
                        comment:
                            "Recorded with `routesim route --emit-case`: today's answer, pinned. `routesim test FILE` proves it\nstill holds. plan: is relative to this file's folder; adjust it if you save the file elsewhere."
                    ))
            } else {
                switch format {
                case .json:
                    var json = Self.json(result, warnings: snapshot.warnings)
                    if let robustness, case .object(var members) = json {
                        members.insert(("sensitivity", robustness.jsonValue), at: members.firstIndex { $0.0 == "steps" } ?? members.count)
                        json = .object(members)
                    }
                    StandardOutput.write(json.prettyText + "\n")
                case .text: StandardOutput.write(result.traceText + (robustness.map { "\n" + $0.text } ?? ""))
                }
            }
            StandardOutput.flush()
        } catch let error as CLIError {
            Self.exit(with: error)
        }
    }
}
