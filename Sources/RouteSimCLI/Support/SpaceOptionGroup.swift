import ArgumentParser
import DialPlan
import RouteSim
import RouteSimSpaces

/// The options `map`, `reach` and `diff` share: which origins, which numbers, how long numbers
/// get, and the assumptions.
struct SpaceOptionGroup: ParsableArguments {
    @Option(name: .customLong("from-user"), help: ArgumentHelp("Only the class of this local user.", valueName: "NAME"))
    var fromUser: String?

    @Option(
        name: .customLong("from-trunk"),
        help: ArgumentHelp("Only calls arriving on this SIP trunk (servID); --caller narrows.", valueName: "ID"))
    var fromTrunk: Int?

    @Option(
        name: .customLong("from-line"),
        help: ArgumentHelp("Only calls arriving on this external line; --caller narrows.", valueName: "NAME"))
    var fromLine: String?

    @Option(
        help: ArgumentHelp(
            "With --from-trunk or --from-line, the caller's class only; alone, the class of this caller.", valueName: "NUMBER"))
    var caller: String?

    @Option(
        name: .customLong("dial-plan"),
        help: ArgumentHelp("Only origins whose calls are in this dial plan after caller analysis.", valueName: "NAME"))
    var dialPlan: String?

    @Option(
        name: .customLong("numbers"),
        help: ArgumentHelp("Only called numbers of this pattern, e.g. 0044… or 2[0-4]xx (repeatable).", valueName: "PATTERN"))
    var numbers: [String] = []

    @Option(
        name: .customLong("max-length"),
        help: ArgumentHelp("The longest called (and caller) number of the space, 1 to 64 (default 24).", valueName: "N"))
    var maxLength: Int = SpaceOptions.defaultMaxLength

    @Option(name: .customLong("assume"), help: ArgumentHelp("Change an assumption, as for `route` (repeatable).", valueName: "NAME=VALUE"))
    var assumptions: [String] = []

    /// The assumptions `--assume` sets.
    func assumptionSettings() throws(CLIError) -> Assumptions {
        var options = Assumptions()
        for assignment in assumptions {
            do { try options.set(assignment) } catch { throw .assume(error) }
        }
        return options
    }

    /// The origins, numbers and length the options select; a bad one is unusable input.
    func spaceOptions() throws(CLIError) -> SpaceOptions {
        guard (1...SpaceOptions.longestNumber).contains(maxLength) else {
            throw .usage("--max-length must be 1 to \(SpaceOptions.longestNumber) (what routesim route accepts), found \(maxLength)")
        }
        let origins = [fromUser != nil, fromTrunk != nil, fromLine != nil].filter { $0 }.count
        if origins > 1 { throw .usage("give one origin: --from-user, --from-trunk or --from-line") }
        if fromUser != nil && caller != nil { throw .usage("--from-user sets the caller (the user's name); drop --caller") }
        if let caller { try checkNumber(caller, "--caller") }
        var filter = OriginFilter(dialPlan: dialPlan)
        if let fromUser {
            filter.origin = .user(fromUser)
        } else if let fromTrunk {
            filter.origin = .trunk(TrunkID(fromTrunk), caller: caller)
        } else if let fromLine {
            filter.origin = .line(fromLine, caller: caller)
        } else if let caller {
            filter.origin = .caller(caller)
        }
        var regions: [NumberRegion] = []
        for pattern in numbers {
            do { regions.append(try NumberRegion(pattern: pattern, maxLength: maxLength)) } catch { throw .usage("--numbers: \(error)") }
        }
        return SpaceOptions(maxLength: maxLength, origins: filter, numbers: regions.isEmpty ? nil : regions)
    }

    /// A caller number of the space: dial characters only, no longer than `--max-length`.
    func checkNumber(_ number: String, _ flag: String) throws(CLIError) {
        guard !number.isEmpty, number.utf8.allSatisfy({ SymbolSet.symbol($0) >= 0 }) else {
            throw .usage("\(flag) '\(number)': the number space holds dial characters only (0-9 * # +)")
        }
        guard number.utf8.count <= maxLength else {
            throw .usage("\(flag) '\(number)' is \(number.utf8.count) characters long; the space ends at --max-length \(maxLength)")
        }
    }

    /// Checks, once the plans are loaded, that the origin the filter names exists, so that an
    /// empty answer never stands for a typo. With several plans (`diff`) the origin must exist
    /// in one of them at least.
    func checkOrigin(in models: [RoutingModel]) throws(CLIError) {
        let plans = models.count == 1 ? "the plan" : "either plan"
        if let fromUser, !models.contains(where: { $0.userIndex[fromUser] != nil }) {
            throw .usage("no local user named '\(fromUser)' in \(plans) (localuser usrname)")
        }
        if let fromTrunk, !models.contains(where: { $0.trunkIndex[TrunkID(fromTrunk)] != nil }) {
            throw .usage("no SIP trunk with servID \(fromTrunk) in \(plans) (peerserver)")
        }
        if let fromLine, !models.contains(where: { $0.lineIndex[fromLine] != nil }) {
            throw .usage("no external line named '\(fromLine)' in \(plans) (extline extLine)")
        }
        if let dialPlan, !models.contains(where: { $0.dialPlanID(dialPlan) != nil }) {
            let names = Set(models.flatMap(\.dialPlanNames)).sorted().joined(separator: ", ")
            throw .usage("no dial plan named '\(dialPlan)' in \(plans) (the plans are \(names))")
        }
    }
}

/// Loads a plan into a routing model: a bad file or duplicate keys are unusable input.
func loadModel(_ path: String, assumptions: Assumptions) throws(CLIError) -> RoutingModel {
    try PlanFile.loadModel(path, assumptions: assumptions).1
}
