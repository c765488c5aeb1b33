import DialPlan

/// What the server knows at run time and a snapshot does not: who is busy or offline, which
/// lines and trunks are down, which time conditions are outside their hours, which hunting-group
/// operators are logged out (docs/semantics.md §6). A what-if a call is simulated under.
///
/// Written as `KEY=VALUE` settings, as `routesim route --state` and case files take them:
///
/// | setting | meaning |
/// |---|---|
/// | `102=busy` | local user 102 is `available`, `busy`, `noAnswer` or `unreachable` |
/// | `trunk:3=down` | SIP trunk 3 (`servID`) is `up` or `down`: an attempt on it fails over |
/// | `line:NAME=down` | external line NAME is `up` or `down` |
/// | `tc:2=closed` | time condition 2 is `open` or `closed` (outside its hours); `tc:*` is every one |
/// | `oper:101=loggedOut` | hunting-group operator 101 is `loggedIn` or `loggedOut` |
///
/// Empty, it costs a call nothing: the settings live behind one optional reference.
public struct LiveState: Sendable, Equatable {
    public enum EndpointState: String, Sendable, CaseIterable { case up, down }
    public enum TimeConditionState: String, Sendable, CaseIterable { case open, closed }
    public enum OperatorState: String, Sendable, CaseIterable { case loggedIn, loggedOut }

    final class Settings: Sendable {
        let users: [String: Assumptions.UserState]
        let trunks: [TrunkID: EndpointState]
        let lines: [String: EndpointState]
        let timeConditions: [Int: TimeConditionState]
        let everyTimeCondition: TimeConditionState?
        let operators: [String: OperatorState]
        /// The settings as given, in order (a later one for the same key replaces an earlier).
        let written: [String]

        init(
            users: [String: Assumptions.UserState] = [:], trunks: [TrunkID: EndpointState] = [:], lines: [String: EndpointState] = [:],
            timeConditions: [Int: TimeConditionState] = [:], everyTimeCondition: TimeConditionState? = nil,
            operators: [String: OperatorState] = [:], written: [String] = []
        ) {
            self.users = users
            self.trunks = trunks
            self.lines = lines
            self.timeConditions = timeConditions
            self.everyTimeCondition = everyTimeCondition
            self.operators = operators
            self.written = written
        }
    }

    var settings: Settings?

    /// No live state: every user available, every line and trunk up, every time condition open.
    public init() {}

    /// Reads comma-separated settings: `102=busy,trunk:3=down`.
    public init(parsing list: String) throws(LiveStateError) {
        for part in list.split(separator: ",", omittingEmptySubsequences: false) {
            let setting = part.trimmingSpaces
            if setting.isEmpty {
                throw LiveStateError(setting: list, message: "'\(list)' holds an empty setting; write KEY=VALUE,KEY=VALUE")
            }
            try set(setting)
        }
    }

    public static func == (a: LiveState, b: LiveState) -> Bool { a.settingsText == b.settingsText }

    public var isEmpty: Bool { settings == nil }

    /// The settings, one `KEY=VALUE` per key, in the order they were first given.
    public var settingsText: [String] { settings?.written ?? [] }

    /// The state set for local user `name`, if any.
    public func user(_ name: String) -> Assumptions.UserState? { settings?.users[name] }

    /// Whether trunk `id` (`servID`) is marked down.
    public func isDown(trunk id: TrunkID) -> Bool { settings?.trunks[id] == .down }

    /// Whether external line `name` is marked down.
    public func isDown(line name: String) -> Bool { settings?.lines[name] == .down }

    /// The state of time condition `id`, when one is set for it (or for every condition).
    public func timeCondition(_ id: Int) -> TimeConditionState? {
        guard let settings else { return nil }
        return settings.timeConditions[id] ?? settings.everyTimeCondition
    }

    /// Whether hunting-group operator `name` is marked logged out.
    public func isLoggedOut(operator name: String) -> Bool { settings?.operators[name] == .loggedOut }

    /// Adds one `KEY=VALUE` setting (replacing an earlier one for the same key).
    public mutating func set(_ setting: String) throws(LiveStateError) {
        guard let equals = setting.firstIndex(of: "=") else {
            throw LiveStateError(setting: setting, message: "'\(setting)': write KEY=VALUE, such as 102=busy or trunk:3=down")
        }
        try set(String(setting[..<equals]), to: String(setting[setting.index(after: equals)...]))
    }

    /// Sets `key` (`102`, `trunk:3`, `line:NAME`, `tc:2`, `tc:*`, `oper:101`) to `value`.
    public mutating func set(_ key: String, to value: String) throws(LiveStateError) {
        let s = settings ?? Settings()
        var users = s.users, trunks = s.trunks, lines = s.lines, conditions = s.timeConditions
        var every = s.everyTimeCondition, operators = s.operators
        let setting = "\(key)=\(value)"
        func choice<E: RawRepresentable<String> & CaseIterable>(_: E.Type, _ what: String) throws(LiveStateError) -> E {
            guard let e = E(rawValue: value) else {
                throw LiveStateError(
                    setting: setting, message: "\(what): '\(value)' is not one of \(E.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return e
        }
        let colon = key.firstIndex(of: ":")
        let kind = colon.map { String(key[..<$0]) }
        let name = colon.map { String(key[key.index(after: $0)...]) } ?? key
        if name.isEmpty {
            throw LiveStateError(setting: setting, message: "'\(setting)': name the \(kind ?? "user") before '='")
        }
        switch kind {
        case nil: users[name] = try choice(Assumptions.UserState.self, "user \(name)")
        case "trunk":
            guard let id = Int(name), id > 0 else {
                throw LiveStateError(setting: setting, message: "'\(setting)': a trunk is named by its servID, a whole number")
            }
            trunks[TrunkID(id)] = try choice(EndpointState.self, "trunk \(name)")
        case "line": lines[name] = try choice(EndpointState.self, "line \(name)")
        case "tc":
            let state = try choice(TimeConditionState.self, "time condition \(name)")
            if name == "*" {
                every = state
            } else if let id = Int(name), id > 0 {
                conditions[id] = state
            } else {
                throw LiveStateError(setting: setting, message: "'\(setting)': a time condition is a whole number (tcID, otcID) or *")
            }
        case "oper": operators[name] = try choice(OperatorState.self, "operator \(name)")
        case let other?:
            throw LiveStateError(
                setting: setting,
                message: "'\(setting)': '\(other):' is not a kind of state; write USER=STATE, trunk:ID=, line:NAME=, tc:ID= or oper:USER=")
        }
        var written = s.written.filter { !$0.hasPrefix("\(key)=") }
        written.append(setting)
        settings = Settings(
            users: users, trunks: trunks, lines: lines, timeConditions: conditions, everyTimeCondition: every, operators: operators,
            written: written)
    }

    /// Settings that name what the plan does not have: a user, trunk, line or operator it lacks,
    /// or a time condition no user, line or trunk uses. Each message starts with the setting.
    public func problems(in snapshot: Snapshot) -> [String] {
        guard let s = settings else { return [] }
        let conditions = Set(
            snapshot.localUsers.map(\.timeCondition) + snapshot.externalLines.map(\.outgoingTimeCondition)
                + snapshot.sipTrunks.map(\.outgoingTimeCondition))
        return s.written.compactMap { setting -> String? in
            let key = String(setting.prefix { $0 != "=" })
            let colon = key.firstIndex(of: ":")
            let name = colon.map { String(key[key.index(after: $0)...]) } ?? key
            switch colon.map({ String(key[..<$0]) }) {
            case nil:
                return snapshot.localUsers.contains { $0.name == name } ? nil : "\(setting): the plan has no local user \(name)"
            case "trunk":
                return snapshot.sipTrunks.contains { String($0.id.rawValue) == name }
                    ? nil : "\(setting): the plan has no SIP trunk with servID \(name)"
            case "line":
                return snapshot.externalLines.contains { $0.name == name } ? nil : "\(setting): the plan has no external line \(name)"
            case "tc":
                guard let id = Int(name), !conditions.contains(id) else { return nil }
                return "\(setting): no local user (tcID), external line or SIP trunk (otcID) uses time condition \(id)"
            default:
                return snapshot.huntingOperators.contains { $0.user == name }
                    ? nil : "\(setting): the plan has no hunting-group operator \(name)"
            }
        }
    }
}

/// A live-state setting that cannot be read: the message says which and what to write.
public struct LiveStateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The setting as given.
    public var setting: String
    public var message: String
    public var description: String { message }

    public init(setting: String, message: String) {
        self.setting = setting
        self.message = message
    }
}

extension Substring {
    var trimmingSpaces: String {
        var s = self
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}

extension LiveState {
    /// Adds every setting of `other` (a later one for the same key wins).
    public mutating func merge(_ other: LiveState) throws(LiveStateError) {
        for setting in other.settingsText { try set(setting) }
    }
}
