/// Rules the vendor's documentation leaves open, each with the default routesim chose.
///
/// Every rule marked [assumed] in the semantics is one of these. A trace step that an assumption
/// decided names it (`stripOutGroupPrefix=true`), and `--assume NAME=VALUE` changes it.
public struct Assumptions: Sendable, Equatable {
    /// Analysis passes before a call that keeps re-analysing is released as a loop.
    public var maxAnalysisPasses = 8
    /// A prefix of `*` is a catch-all like the empty prefix (otherwise it is a literal star).
    public var starIsCatchAll = true
    /// How speed-dial `dialedNbr` matches the called number.
    public var speedDialMatch = MatchMode.exact
    /// How hunting-group detection `calledNbr` matches the called number.
    public var huntingDetectionMatch = MatchMode.exact
    /// The dial plan of a caller that is no local user, trunk or line.
    public var unknownCallerDialPlan = "default"
    /// The dial plan of calls coming in on an external line.
    public var externalLineDialPlan = "default"
    /// How a record's `callLevel` n is checked against a user's `calllevel`.
    public var callLevelRule = CallLevelRule.bitmask
    /// The out-group prefix is stripped when the defaults send a call to an external line.
    public var stripOutGroupPrefix = true
    /// The out-group prefix is stripped on a route-type-1 record that changes no number.
    public var stripOutGroupPrefixOnLineRoute = true
    /// Unconditional-forwarding hops before the call is released as a loop.
    public var maxForwardHops = 5
    /// Live state of the called user, for what-if questions (forwarding on busy and so on).
    public var userState = UserState.available
    /// Failover-chain hops followed after each outgoing attempt.
    public var maxChainHops = 5
    /// An external line presents its own name as the caller unless `origCallerNbr` = 1.
    public var linePresentsOwnNumber = true
    /// What a transition does when its start lies past the end of the number.
    public var transitionBounds = TransitionBounds.clamp
    /// The caller's refine and call-level record stays in force when a re-analysis pass
    /// finds no record (the defaults then route the number).
    public var keepRecordOnReanalysisMiss = true

    public init() {}

    public enum MatchMode: String, Sendable, CaseIterable { case exact, prefix }
    public enum CallLevelRule: String, Sendable, CaseIterable {
        /// Level n admits a user whose `calllevel` has bit n−1 set.
        case bitmask
        /// Level n admits a user whose `calllevel` is at least n.
        case minimum
    }
    public enum UserState: String, Sendable, CaseIterable { case available, busy, noAnswer, unreachable }
    public enum TransitionBounds: String, Sendable, CaseIterable {
        /// Clamp a start past the end to the end (add appends; delete removes nothing).
        case clamp
        /// A transition whose start lies past the end changes nothing.
        case skip
    }
}

/// One assumption as the CLI and the docs present it.
public struct AssumptionInfo: Sendable {
    public let name: String
    public let values: String
    public let summary: String
    /// The values it takes, for tools that try each one (`routesim replay --calibrate`).
    public let domain: Domain
    let get: @Sendable (Assumptions) -> String
    let set: @Sendable (inout Assumptions, String) -> Bool

    /// The current value as `--assume` spells it.
    public func value(in assumptions: Assumptions) -> String { get(assumptions) }

    /// The kinds of value an assumption takes.
    public enum Domain: Sendable, Equatable {
        /// `true` or `false`.
        case flag
        /// One of these words.
        case choice([String])
        /// A whole number in the range.
        case number(ClosedRange<Int>)
        /// The name of a dial plan.
        case dialPlan
        /// Values that cannot be listed.
        case other
    }
}

/// An assumption setting that names no assumption or gives a value it does not take.
///
/// The message names the assumption and the value; the CLI adds its `--assume` flag.
public struct AssumptionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong with the setting.
    public enum Kind: Sendable, Equatable {
        /// Not of the form `NAME=VALUE`.
        case notAnAssignment
        /// No assumption has the name.
        case unknownName
        /// The assumption does not take the value.
        case invalidValue
    }

    public var kind: Kind
    /// The setting as given (`NAME=VALUE`, or what stood there).
    public var setting: String
    /// What is wrong, naming the assumption and the value: `userState: 'asleep' is not one of …`.
    public var message: String
    public var description: String { message }

    public init(_ kind: Kind, setting: String, message: String) {
        self.kind = kind
        self.setting = setting
        self.message = message
    }
}

extension Assumptions {
    /// Every assumption, in the order of the pipeline.
    public static let catalog: [AssumptionInfo] = [
        flag("starIsCatchAll", \.starIsCatchAll, "a prefix of `*` is a catch-all like the empty prefix (semantics §1)"),
        choice("speedDialMatch", \.speedDialMatch, "how speed-dial dialedNbr matches the called number (semantics §1)"),
        choice("huntingDetectionMatch", \.huntingDetectionMatch, "how hgdect calledNbr matches the called number (semantics §1)"),
        text("unknownCallerDialPlan", \.unknownCallerDialPlan, "dial plan of a caller that is no user, trunk or line (semantics §3)"),
        text("externalLineDialPlan", \.externalLineDialPlan, "dial plan of calls coming in on an external line (semantics §3)"),
        number("maxAnalysisPasses", \.maxAnalysisPasses, "analysis passes before the call is released as a loop (semantics §4.3)"),
        choice("callLevelRule", \.callLevelRule, "bitmask: level n needs bit n-1 of calllevel; minimum: calllevel >= n (semantics §4.3.3)"),
        flag(
            "keepRecordOnReanalysisMiss", \.keepRecordOnReanalysisMiss,
            "a re-analysis pass that matches nothing keeps the last record's refine group and duration (semantics §4.3)"),
        flag(
            "stripOutGroupPrefix", \.stripOutGroupPrefix,
            "the defaults strip the out-group prefix before the external line (semantics §4.4)"),
        flag(
            "stripOutGroupPrefixOnLineRoute", \.stripOutGroupPrefixOnLineRoute,
            "route type 1 without changeInd strips the out-group prefix (semantics §4.6)"),
        number("maxForwardHops", \.maxForwardHops, "unconditional-forwarding hops before the call is released as a loop (semantics §4.6)"),
        choice(
            "userState", \.userState,
            "what-if live state of the called user; busy/noAnswer/unreachable follow CFB/CFNA/CFNC (semantics §4.6)"),
        number("maxChainHops", \.maxChainHops, "failover-chain hops after each outgoing attempt (semantics §4.7)"),
        flag(
            "linePresentsOwnNumber", \.linePresentsOwnNumber,
            "an external line presents its own name unless origCallerNbr = 1 (semantics §4.7)"),
        choice(
            "transitionBounds", \.transitionBounds,
            "clamp: a start past the end is clamped to the end; skip: such a transition changes nothing (semantics §2)"),
    ]

    /// Changes one assumption from its `NAME=VALUE` spelling (as `--assume` takes it).
    public mutating func set(_ assignment: String) throws(AssumptionError) {
        guard let equals = assignment.firstIndex(of: "=") else {
            throw AssumptionError(.notAnAssignment, setting: assignment, message: "'\(assignment)': write NAME=VALUE")
        }
        try set(String(assignment[..<equals]), to: String(assignment[assignment.index(after: equals)...]))
    }

    /// Changes the assumption `name` to `value`, spelled as `--list-assumptions` shows it.
    public mutating func set(_ name: String, to value: String) throws(AssumptionError) {
        guard let info = Self.catalog.first(where: { $0.name == name }) else {
            let names = Self.catalog.map(\.name).joined(separator: ", ")
            throw AssumptionError(
                .unknownName, setting: "\(name)=\(value)", message: "no assumption named '\(name)'; the assumptions are \(names)")
        }
        guard info.set(&self, value) else {
            throw AssumptionError(
                .invalidValue, setting: "\(name)=\(value)", message: "\(name): '\(value)' is not one of \(info.values)")
        }
    }

    /// `name=value` for the assumption `name`, as trace steps cite it.
    func cite(_ name: String) -> String {
        guard let info = Self.catalog.first(where: { $0.name == name }) else { return name }
        return "\(name)=\(info.value(in: self))"
    }

    /// The assumptions that differ from the defaults, as `name=value`.
    public var changedFromDefaults: [String] {
        let defaults = Assumptions()
        return Self.catalog.compactMap { info in
            info.value(in: self) == info.value(in: defaults) ? nil : "\(info.name)=\(info.value(in: self))"
        }
    }

    private static func flag(_ name: String, _ path: WritableKeyPath<Assumptions, Bool> & Sendable, _ summary: String) -> AssumptionInfo {
        entry(name, path, values: "true, false", domain: .flag, summary, show: { String($0) }, parse: { Bool($0) })
    }

    private static func number(_ name: String, _ path: WritableKeyPath<Assumptions, Int> & Sendable, _ summary: String) -> AssumptionInfo {
        entry(name, path, values: "a whole number from 1 to 100", domain: .number(1...100), summary, show: { String($0) }) { text in
            Int(text).flatMap { (1...100).contains($0) ? $0 : nil }
        }
    }

    private static func text(_ name: String, _ path: WritableKeyPath<Assumptions, String> & Sendable, _ summary: String) -> AssumptionInfo {
        entry(name, path, values: "a dial plan name", domain: .dialPlan, summary, show: { $0 }, parse: { $0.isEmpty ? nil : $0 })
    }

    private static func choice<E: RawRepresentable<String> & CaseIterable & Sendable>(
        _ name: String, _ path: WritableKeyPath<Assumptions, E> & Sendable, _ summary: String
    ) -> AssumptionInfo {
        entry(
            name, path, values: E.allCases.map(\.rawValue).joined(separator: ", "), domain: .choice(E.allCases.map(\.rawValue)), summary,
            show: { $0.rawValue },
            parse: { E(rawValue: $0) })
    }

    /// One assumption: how `--assume` spells its value (`show`) and reads it (`parse`, nil for
    /// a value it does not take).
    private static func entry<Value>(
        _ name: String, _ path: WritableKeyPath<Assumptions, Value> & Sendable, values: String, domain: AssumptionInfo.Domain = .other,
        _ summary: String, show: @escaping @Sendable (Value) -> String, parse: @escaping @Sendable (String) -> Value?
    ) -> AssumptionInfo {
        AssumptionInfo(
            name: name, values: values, summary: summary, domain: domain,
            get: { show($0[keyPath: path]) },
            set: { assumptions, text in
                guard let value = parse(text) else { return false }
                assumptions[keyPath: path] = value
                return true
            })
    }
}
