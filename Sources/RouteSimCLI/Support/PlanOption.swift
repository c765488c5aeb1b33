import ArgumentParser
import DialPlan
import Foundation
import RouteSim

/// `--plan FILE` and `--strict`, shared by the commands that read a plan.
struct PlanOption: ParsableArguments {
    @Option(
        name: .customLong("plan"),
        help: ArgumentHelp(
            "The snapshot file (default: $ROUTESIM_PLAN, else dialplan.json).", valueName: "FILE"))
    var path: String?

    @OptionGroup var strictness: StrictOption

    var resolvedPath: String { PlanFile.resolve(path) }

    /// Loads the plan (the model refuses duplicate keys when it is built), prints its load
    /// warnings on stderr, and refuses it under `--strict` when it has any.
    func load() throws(CLIError) -> Snapshot {
        let snapshot = try PlanFile.load(given: path)
        try strictness.report(snapshot.warnings)
        return snapshot
    }

    /// Loads the plan as `load()` does and builds its model under `assumptions`
    /// (`PlanFile.loadModel`: from the compiled plan's stored index when it has one; `lazily`,
    /// its records read as they are asked for).
    func loadModel(assumptions: Assumptions, lazily: Bool = false) throws(CLIError) -> (Snapshot, RoutingModel) {
        try PlanFile.checkExists(path)
        return try PlanFile.loadModel(resolvedPath, assumptions: assumptions, lazily: lazily) { snapshot throws(CLIError) in
            try strictness.report(snapshot.warnings)
        }
    }
}

extension PlanFile {
    /// `$ROUTESIM_PLAN`, unless it is not set or empty (`ROUTESIM_PLAN= routesim …` unsets it,
    /// as shells and most tools read an empty variable).
    static var planFromEnvironment: String? {
        ProcessInfo.processInfo.environment["ROUTESIM_PLAN"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The plan a command reads: `--plan` as given, else `$ROUTESIM_PLAN`, else `dialplan.json`.
    static func resolve(_ given: String?) -> String {
        given ?? Self.planFromEnvironment ?? "dialplan.json"
    }

    /// Loads the plan `--plan` names (nil: `$ROUTESIM_PLAN`, else `dialplan.json`); the caller
    /// reports its warnings (`StrictOption.report`). A plan file that does not exist is told with
    /// where its name came from: a new user who gave none learns about `--plan` and `$ROUTESIM_PLAN`.
    static func load(given: String?) throws(CLIError) -> Snapshot {
        try checkExists(given)
        return try load(resolve(given))
    }

    /// Refuses a plan file that does not exist when `--plan` did not name it.
    static func checkExists(_ given: String?) throws(CLIError) {
        let path = resolve(given)
        if given == nil, !FileManager.default.fileExists(atPath: path) {
            if Self.planFromEnvironment != nil {
                throw .usage("\(path): no such plan file (named by $ROUTESIM_PLAN; --plan FILE names another)")
            }
            throw .usage(
                "\(path): no such plan file; name the plan with --plan FILE or $ROUTESIM_PLAN (without either, routesim reads dialplan.json)"
            )
        }
    }
}

/// `--strict` (or `ROUTESIM_STRICT=1`): a plan that loads with warnings is refused.
struct StrictOption: ParsableArguments {
    @Flag(
        help: ArgumentHelp(
            "Refuse a plan that loads with warnings (a field its table does not have): exit 2. ROUTESIM_STRICT=1 does the same."))
    var strict = false

    /// Prints each load warning on stderr (`routesim: warning: …`); under `--strict`, refuses
    /// the plan after them (exit 2).
    func report(_ warnings: [LoadWarning]) throws(CLIError) {
        try Self.report(warnings, flag: strict)
    }

    /// The same, for a command without `--strict` (`generate --cdr`): `flag` is the switch's
    /// value when there is one; `ROUTESIM_STRICT=1` refuses either way.
    static func report(_ warnings: [LoadWarning], flag: Bool = false) throws(CLIError) {
        for warning in warnings { StandardError.writeMessage("routesim: warning: \(warning)") }
        let isStrict = flag || ProcessInfo.processInfo.environment["ROUTESIM_STRICT"] == "1"
        guard isStrict, let first = warnings.first else { return }
        let why = flag ? "--strict" : "ROUTESIM_STRICT=1"
        throw .usage(
            "\(first.source): \(why) refuses a plan that loads with warnings (\(warnings.count) above); correct the fields it names")
    }
}

extension LoadWarning {
    /// The warning as `route --format json` carries it in `warnings`.
    var jsonValue: JSONValue {
        var members: [(String, JSONValue)] = [
            ("file", .string(source)), ("line", .int(line)), ("table", .string(table.rawValue)),
        ]
        if let firstIndex { members.append(("recordIndex", .int(firstIndex))) }
        members.append(("key", table.keyJSON(firstKey)))
        if isSummary {
            members.append(("unlistedMembers", .int(unlistedMembers)))
        } else {
            members.append(("field", .string(field)))
        }
        members.append(("records", .int(records)))
        if let suggestion { members.append(("suggestion", .string(suggestion))) }
        members.append(("message", .string(message)))
        return .object(members)
    }
}

/// An option value from a fixed set (`--format`, `--fail-on`): one that is not is refused with
/// the choices and the closest one.
protocol ChoiceArgument: RawRepresentable<String>, CaseIterable, ExpressibleByArgument {}

extension ChoiceArgument {
    /// For `@Option(transform:)`: the value, or a `ValidationError` (exit 2) with a did-you-mean.
    static func parse(_ text: String) throws -> Self {
        if let value = Self(rawValue: text) { return value }
        let choices = allCases.map(\.rawValue)
        throw ValidationError(
            "'\(text)' is not one of \(choices.joined(separator: ", "))\(DidYouMean.hint(for: text, among: choices))")
    }
}
