extension Assumptions {
    /// The name of an assumption, as `--assume`, case files and the trace spell it. The cases
    /// are in catalogue order; the raw value is the bit a `CitedAssumptions` set keeps for it.
    public enum Name: Int, Sendable, CaseIterable {
        case starIsCatchAll, speedDialMatch, huntingDetectionMatch, unknownCallerDialPlan, externalLineDialPlan
        case speedDialKey, huntingDetectionPosition, maxAnalysisPasses, unmatchedPlanFallback, callLevelRule
        case callLevelNonUsers, keepRecordOnReanalysisMiss, stripOutGroupPrefix, defaultLineOrder
        case forwardedLegContext, maxForwardHops, userState, followMeType1, routingGroupStart, maxChainHops
        case failoverToTried, outgoingGroupZero, linePresentsOwnNumber, huntingOperatorOrder, transitionBounds

        private static let texts = allCases.map { String(describing: $0) }
        private static let byText = Dictionary(uniqueKeysWithValues: allCases.map { (String(describing: $0), $0) })

        /// `stripOutGroupPrefix` (interpolation writes the same).
        public var text: String { Self.texts[rawValue] }

        /// The assumption spelled `text`, if any.
        public init?(_ text: String) {
            guard let name = Self.byText[text] else { return nil }
            self = name
        }

        /// Its entry in the catalogue.
        public var info: AssumptionInfo { Assumptions.catalog[rawValue] }
    }
}

/// What kind of guess an assumption is, which decides how `--sensitivity` treats it.
public enum AssumptionKind: String, Sendable {
    /// How the server reads a record or orders a step: `--sensitivity` tries every other value.
    case rule
    /// A bound routesim puts on loops and chains: `--sensitivity` tries the documented others.
    case limit
    /// A question about live state (the called user busy…): never varied by `--sensitivity`.
    case whatIf
}

/// One assumption as the CLI and the docs present it.
public struct AssumptionInfo: Sendable {
    public let id: Assumptions.Name
    public let kind: AssumptionKind
    /// The values it takes, as `--list-assumptions` shows them.
    public let values: String
    /// What it decides, with the section of docs/semantics.md that explains it.
    public let summary: String
    /// The values `--sensitivity` tries; nil: every dial plan of the plan.
    let choices: [String]?
    /// The values it takes, for tools that try each one (`routesim replay --calibrate`).
    public let domain: Domain
    /// The values it takes, when they are a fixed set of words (`true`, `false`; the cases of a
    /// choice): what "did you mean" chooses from.
    public var words: [String] {
        switch domain {
        case .flag: return ["true", "false"]
        case .choice(let words): return words
        default: return []
        }
    }

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

    /// What `--sensitivity` tries instead of the value in force, as `--list-assumptions` says it.
    public var sensitivityValues: String {
        if kind == .whatIf { return "none: a what-if about live state, not a guess" }
        guard let choices else { return "every other dial plan of the plan" }
        return isNumber ? "\(choices.joined(separator: ", ")) (those other than the value in force)" : "every other value"
    }
    let isNumber: Bool
    let get: @Sendable (Assumptions) -> String
    let set: @Sendable (inout Assumptions, String) -> Bool

    /// `stripOutGroupPrefix`.
    public var name: String { id.text }

    /// The current value as `--assume` spells it.
    public func value(in assumptions: Assumptions) -> String { get(assumptions) }

    /// The values `--sensitivity` tries instead of the one in `assumptions`: every other value of
    /// a rule, the documented others of a limit (`maxAnalysisPasses`: 4 and 16), every other dial
    /// plan of `dialPlans` for a dial-plan name; none for a what-if.
    public func alternatives(to assumptions: Assumptions, dialPlans: [String]) -> [String] {
        guard kind != .whatIf else { return [] }
        let current = value(in: assumptions)
        return (choices ?? dialPlans).filter { $0 != current }
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
        /// A name or value of an earlier routesim: the message says what to write now.
        case retired
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
    /// Every assumption, in the order of `Name` (the order of the pipeline, mostly).
    public static let catalog: [AssumptionInfo] = {
        let entries: [AssumptionInfo] = [
            flag(
                .starIsCatchAll, \.starIsCatchAll,
                "a prefix of `*` is a catch-all like the empty prefix in every prefix table (semantics §1)"),
            choice(.speedDialMatch, \.speedDialMatch, "how speed-dial dialedNbr matches the called number (semantics §1)"),
            choice(.huntingDetectionMatch, \.huntingDetectionMatch, "how hgdect calledNbr matches the called number (semantics §1)"),
            text(.unknownCallerDialPlan, \.unknownCallerDialPlan, "dial plan of a caller that is no user, trunk or line (semantics §3)"),
            text(.externalLineDialPlan, \.externalLineDialPlan, "dial plan of calls coming in on an external line (semantics §3)"),
            choice(
                .speedDialKey, \.speedDialKey,
                "the caller speed dial keys on: as the call arrived, or after analyze caller number (semantics §4.2)"),
            choice(
                .huntingDetectionPosition, \.huntingDetectionPosition,
                "hunting detection before the analysis records of each pass, or only for numbers no record matches (semantics §4.3.1)"),
            number(
                .maxAnalysisPasses, \.maxAnalysisPasses, kind: .limit,
                "analysis passes before the call is released as a loop (semantics §4.3)", [4, 16]),
            choice(
                .unmatchedPlanFallback, \.unmatchedPlanFallback,
                "a plan other than default that matches nothing: the system defaults, or the default plan's records first (semantics §4.3.2)"
            ),
            choice(
                .callLevelRule, \.callLevelRule, "bitmask: level n needs bit n-1 of calllevel; minimum: calllevel >= n (semantics §4.3.3)"),
            choice(
                .callLevelNonUsers, \.callLevelNonUsers,
                "which callers that are no local users pass a call level: trunks and lines, everyone, or nobody (semantics §4.3.3)"),
            flag(
                .keepRecordOnReanalysisMiss, \.keepRecordOnReanalysisMiss,
                "a re-analysis pass that matches nothing keeps the last record's refine group and duration (semantics §4.3)"),
            choice(
                .stripOutGroupPrefix, \.stripOutGroupPrefix,
                "where the out-group prefix is stripped: nowhere, by the defaults, also on line routes, also on trunk and routing-group routes (semantics §4.4)"
            ),
            choice(
                .defaultLineOrder, \.defaultLineOrder,
                "the caller's line for out-group calls: specextline first, or the line whose localUser is the caller first (semantics §4.4)"
            ),
            choice(
                .forwardedLegContext, \.forwardedLegContext,
                "a forwarded call's dial plan, call level, default line and maximum duration: the forwarding user's or the caller's (semantics §4.6.1)"
            ),
            number(
                .maxForwardHops, \.maxForwardHops, kind: .limit,
                "unconditional-forwarding hops before the call is released as a loop (semantics §4.6.1)",
                [3, 10]),
            choice(
                .userState, \.userState, kind: .whatIf,
                "what-if live state of the called user; busy/noAnswer/unreachable follow CFB/CFNA/CFNC, then voicemail (semantics §4.6.2)"),
            choice(
                .followMeType1, \.followMeType1,
                "what fmtype 1 means (2 is the other): sequential destinations or all at once (semantics §4.6.5)"),
            number(
                .routingGroupStart, \.routingGroupStart, kind: .rule,
                "the member of a routing group tried first: 1 is list order, k starts at member k and wraps (semantics §4.6.6)", [2, 3]),
            number(
                .maxChainHops, \.maxChainHops, kind: .limit, "failover-chain hops after each outgoing attempt (semantics §4.7)", [2, 10]),
            choice(
                .failoverToTried, \.failoverToTried,
                "a failover chain that reaches a line or trunk tried already: stops, or tries it again (semantics §4.7)"),
            choice(
                .outgoingGroupZero, \.outgoingGroupZero,
                "refine called number for ogGroupID 0: none, or the rows of group 0 (semantics §4.7)"),
            flag(
                .linePresentsOwnNumber, \.linePresentsOwnNumber,
                "an external line presents its own name unless origCallerNbr = 1 (semantics §4.7)"),
            choice(
                .huntingOperatorOrder, \.huntingOperatorOrder,
                "a hunting group's operators in hgoper list order, or by number (semantics §5)"),
            choice(
                .transitionBounds, \.transitionBounds,
                "clamp: a start past the end is clamped to the end; skip: such a transition changes nothing (semantics §2)"),
        ]
        precondition(entries.map(\.id) == Name.allCases, "the catalogue lists every assumption once, in the order of Name")
        return entries
    }()

    /// Names and values of earlier routesim versions, with what to write instead.
    static let retired: [String: String] = [
        "stripOutGroupPrefixOnLineRoute":
            "stripOutGroupPrefixOnLineRoute is now part of stripOutGroupPrefix: write stripOutGroupPrefix=lineRoutes (its true, the default) or stripOutGroupPrefix=defaultsOnly (its false)",
        "stripOutGroupPrefix=true":
            "stripOutGroupPrefix now says where the prefix is stripped: write stripOutGroupPrefix=lineRoutes (the old true, the default: the defaults and route type 1 strip it)",
        "stripOutGroupPrefix=false":
            "stripOutGroupPrefix now says where the prefix is stripped: write stripOutGroupPrefix=none (the defaults keep it; the old false still let route type 1 strip it, which no value does alone)",
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
        if let message = Self.retired[name] ?? Self.retired["\(name)=\(value)"] {
            throw AssumptionError(.retired, setting: "\(name)=\(value)", message: message)
        }
        guard let id = Name(name) else {
            let names = Self.catalog.map(\.name)
            throw AssumptionError(
                .unknownName, setting: "\(name)=\(value)",
                message:
                    "no assumption named '\(name)'\(DidYouMean.aside(for: name, among: names)); the assumptions are \(names.joined(separator: ", "))"
            )
        }
        guard id.info.set(&self, value) else {
            throw AssumptionError(
                .invalidValue, setting: "\(name)=\(value)",
                message: "\(name): '\(value)' is not one of \(id.info.values)\(DidYouMean.hint(for: value, among: id.info.words))")
        }
    }

    /// `name=value` for the assumption, as trace steps cite it.
    public func cite(_ name: Name) -> String { name.text + "=" + name.info.value(in: self) }

    /// The value of the assumption as `--assume` spells it.
    public subscript(name: Name) -> String { name.info.value(in: self) }

    /// The assumptions that differ from the defaults, as `name=value`.
    public var changedFromDefaults: [String] {
        let defaults = Assumptions()
        return Self.catalog.compactMap { info in
            info.value(in: self) == info.value(in: defaults) ? nil : "\(info.name)=\(info.value(in: self))"
        }
    }

    private static func flag(
        _ id: Name, _ path: WritableKeyPath<Assumptions, Bool> & Sendable, kind: AssumptionKind = .rule, _ summary: String
    ) -> AssumptionInfo {
        entry(
            id, path, kind: kind, values: "true, false", choices: ["true", "false"], domain: .flag, summary, show: { String($0) },
            parse: { Bool($0) })
    }

    private static func number(
        _ id: Name, _ path: WritableKeyPath<Assumptions, Int> & Sendable, kind: AssumptionKind, _ summary: String, _ alternatives: [Int]
    ) -> AssumptionInfo {
        return entry(
            id, path, kind: kind, values: "a whole number from 1 to 100", choices: alternatives.map(String.init), domain: .number(1...100),
            summary,
            show: { String($0) }
        ) { text in
            Int(text).flatMap { (1...100).contains($0) ? $0 : nil }
        }
    }

    private static func text(_ id: Name, _ path: WritableKeyPath<Assumptions, String> & Sendable, _ summary: String) -> AssumptionInfo {
        entry(
            id, path, kind: .rule, values: "a dial plan name", choices: nil, domain: .dialPlan, summary, show: { $0 },
            parse: { $0.isEmpty ? nil : $0 })
    }

    private static func choice<E: RawRepresentable<String> & CaseIterable & Sendable>(
        _ id: Name, _ path: WritableKeyPath<Assumptions, E> & Sendable, kind: AssumptionKind = .rule, _ summary: String
    ) -> AssumptionInfo {
        let all = E.allCases.map(\.rawValue)
        return entry(
            id, path, kind: kind, values: all.joined(separator: ", "), choices: all, domain: .choice(all), summary, show: { $0.rawValue },
            parse: { E(rawValue: $0) })
    }

    /// One assumption: how `--assume` spells its value (`show`) and reads it (`parse`, nil for
    /// a value it does not take).
    private static func entry<Value>(
        _ id: Name, _ path: WritableKeyPath<Assumptions, Value> & Sendable, kind: AssumptionKind, values: String, choices: [String]?,
        domain: AssumptionInfo.Domain, _ summary: String, show: @escaping @Sendable (Value) -> String,
        parse: @escaping @Sendable (String) -> Value?
    ) -> AssumptionInfo {
        AssumptionInfo(
            id: id, kind: kind, values: values, summary: summary, choices: choices, domain: domain, isNumber: Value.self == Int.self,
            get: { show($0[keyPath: path]) },
            set: { assumptions, text in
                guard let value = parse(text) else { return false }
                assumptions[keyPath: path] = value
                return true
            })
    }
}

/// The assumptions a call's answer rests on: every one a step of its trace cites (the fast path
/// records the same set, without the trace). A set of `Assumptions.Name`, kept as bits.
public struct CitedAssumptions: Sendable, Equatable, Hashable {
    var bits: UInt64 = 0

    public init() {}

    public init(_ names: [Assumptions.Name]) {
        for name in names { insert(name) }
    }

    @inline(__always)
    public mutating func insert(_ name: Assumptions.Name) { bits |= 1 << UInt64(name.rawValue) }

    public mutating func formUnion(_ other: CitedAssumptions) { bits |= other.bits }

    public func contains(_ name: Assumptions.Name) -> Bool { bits & (1 << UInt64(name.rawValue)) != 0 }

    public var isEmpty: Bool { bits == 0 }

    /// The names, in catalogue order.
    public var names: [Assumptions.Name] { Assumptions.Name.allCases.filter(contains) }
}
