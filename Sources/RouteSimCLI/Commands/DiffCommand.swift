import ArgumentParser
import DialPlan
import RouteSim
import RouteSimSpaces

/// `routesim diff OLD NEW`: every called number two plans treat differently (docs/spaces.md).
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "List every called number two plans route differently, with a witness call per change.",
        discussion: """
            Compares OLD and NEW over every called number of 1 to --max-length characters \
            (default 24) and every origin, exactly: each row is an origin class and a range of \
            numbers whose route changed, with the old and new result, a witness number (the \
            shortest, then the smallest) that `routesim route` replays, and how many numbers \
            the row holds. Origins that exist in one plan only are listed too.

              routesim diff reviewed.json live.json
              routesim diff reviewed.json live.json --format markdown > comment.md
              routesim diff old.json new.json --from-user 100 --numbers '00…' --traces
              routesim diff old.json new.json --ignore caller,duration,failover

            Each row says what changed: route (outcome, target, dialled number sent, first \
            attempt), caller, duration, failover (attempts after the first) or ringing (who \
            else rings: the ring group's members, the follow-me destinations and where each \
            routes); --ignore leaves out rows whose every change is of the kinds given.

            --expect FILE is the change-intent gate: it lists the changes you mean to make, one \
            a line (`9… from user:100 to outcome:rejected`, `0044… to trunk:3`, `origin \
            user:103`); the diff then fails when anything else changed or when an intended \
            change did not happen.

            Exit status: 0 when nothing changed (with --expect: when exactly the intended \
            changes happened); 1 when something changed (with --expect: something unintended, \
            or an intended change missing); 2 when a plan, the --expect file or an option cannot \
            be used, or the analysis failed.
            """)

    @Argument(help: ArgumentHelp("The plan before the change (a snapshot JSON file).", valueName: "OLD"))
    var old: String

    @Argument(help: ArgumentHelp("The plan after the change.", valueName: "NEW"))
    var new: String

    @OptionGroup var space: SpaceOptionGroup

    @Option(help: "Output format: text, json, csv or markdown.")
    var format: DiffFormat = .text

    @Option(
        help: ArgumentHelp(
            "Leave out rows whose every change is of these kinds: caller, duration, failover, ringing, route (comma-separated).",
            valueName: "KINDS"))
    var ignore: String?

    @Option(
        help: ArgumentHelp(
            "The intended changes, one a line (docs/spaces.md): exit 0 only when every change is one of them and each happened.",
            valueName: "FILE"))
    var expect: String?

    @Flag(help: "Add each row's witness trace in both plans (text and markdown).")
    var traces = false

    @Flag(help: "Print on stderr how many classes, rows and simulated calls the diff took.")
    var stats = false

    @Flag(
        name: .customLong("explore-all"),
        help: "Explore every region, also those that can only match rows both plans share (slower; the same rows).")
    var exploreAll = false

    func run() throws {
        do {
            let options = try space.spaceOptions()
            let ignoring = try ignoredAspects()
            let assumptions = try space.assumptionSettings()
            var intent: ChangeIntent?
            if expect != nil && format == .csv {
                throw CLIError.usage("--expect reports in text, markdown or json; a CSV of the rows has no place for its verdict")
            }
            if let expect {
                let text = String(decoding: try PlanFile.readBytes(expect, what: "change-intent file"), as: UTF8.self)
                do { intent = try ChangeIntent(text: text, maxLength: options.maxLength) } catch {
                    throw CLIError.usage("\(expect): \(error.message)")
                }
            }
            let models = [try loadModel(old, assumptions: assumptions), try loadModel(new, assumptions: assumptions)]
            try space.checkOrigin(in: models)
            let clock = ContinuousClock()
            let started = clock.now
            let diff: SpaceDiff
            do {
                diff = try SpaceDiff(old: models[0], new: models[1], options: options, ignoring: ignoring, prune: !exploreAll)
            } catch {
                throw CLIError.usage(error.message)
            }
            switch format {
            case .text: diff.writeText(oldPath: old, newPath: new, traces: traces) { StandardOutput.writeReport($0) }
            case .json:
                let expect = intent.map { diff.intentJSON(diff.check($0)) }
                diff.writeJSON(oldPath: old, newPath: new, expect: expect) { StandardOutput.write($0) }
            case .csv: StandardOutput.writeReport(diff.csv)
            case .markdown: diff.writeMarkdown(oldPath: old, newPath: new, traces: traces) { StandardOutput.writeReport($0) }
            }
            let check = intent.map(diff.check)
            if let check, let expect {
                switch format {
                case .text: StandardOutput.writeReport(diff.intentText(check, file: expect))
                case .markdown: StandardOutput.writeReport(diff.intentMarkdown(check, file: expect))
                case .json, .csv: break
                }
            }
            StandardOutput.flush()
            if stats {
                StandardError.write(
                    "routesim diff: \(diff.catalog.classes.count) classes, \(diff.rows.count) rows, \(diff.runs) simulated calls, "
                        + "\(clock.now - started)\n")
            }
            if let check {
                if !check.passes { throw ExitCode(ExitStatus.failure.rawValue) }
            } else if !diff.isEmpty {
                throw ExitCode(ExitStatus.failure.rawValue)
            }
        } catch let error as CLIError {
            Self.exit(with: error)
        }
    }

    /// The kinds `--ignore` names.
    func ignoredAspects() throws(CLIError) -> Set<ChangeAspect> {
        guard let ignore else { return [] }
        var kinds = Set<ChangeAspect>()
        for name in ignore.split(separator: ",", omittingEmptySubsequences: false) {
            let word = name.filter { $0 != " " }
            guard let kind = ChangeAspect(rawValue: word) else {
                let known = ChangeAspect.allCases.map(\.rawValue).joined(separator: ", ")
                throw .usage("--ignore '\(word)': the kinds of change are \(known)")
            }
            kinds.insert(kind)
        }
        return kinds
    }
}

/// The formats of `diff`.
enum DiffFormat: String, ExpressibleByArgument, CaseIterable { case text, json, csv, markdown }
