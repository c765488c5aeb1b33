import DialPlan
import RouteSim
import RouteSimPatterns

extension CaseFile {
    /// The top-level fields of a case file.
    public static let fileFields = ["plan", "assume", "state", "cases"]
    /// The fields of one case.
    public static let caseFields = ["name", "from", "dial", "assume", "state", "expect"]
    /// The fields of `from`.
    public static let originFields = ["user", "trunk", "line", "caller"]
    /// The fields of `expect`.
    public static let expectFields = [
        "outcome", "target", "dialPlan", "caller", "called", "attempts", "reason", "operators", "maxDuration", "through",
        "ringing", "followMe", "robust",
    ]
    /// The fields of one expected attempt.
    public static let attemptFields = ["extLine", "servID", "called", "caller", "failover", "blocked"]
    /// The fields of one expected follow-me destination.
    public static let followMeFields = ["number", "after", "outcome", "target"]
    /// The fields of `target`: one of them, as `routesim route --format json` writes it.
    public static let targetFields = ["usrname", "extLine", "servID", "groupID", "grpID"]
    /// The fields of a `through` entry.
    public static let recordFields = ["table", "key"]

    /// Builds a case file from its parsed tree; every mistake is an error naming file, case and field.
    public init(_ root: CaseNode, source: String) throws(CaseFileError) {
        let reader = CaseReader(source: source)
        let members = try reader.mapping(root, field: nil, allowed: Self.fileFields)
        guard let planNode = members["plan"] else {
            throw reader.error(root, field: "plan", "is missing: name the plan file, relative to this file")
        }
        self.source = source
        self.plan = try reader.text(planNode, field: "plan")
        if plan.isEmpty { throw reader.error(planNode, field: "plan", "is empty: name the plan file, relative to this file") }
        var fileAssumptions = Assumptions()
        if let assume = members["assume"] { try reader.assumptions(assume, field: "assume", into: &fileAssumptions) }
        var fileState = LiveState()
        if let state = members["state"] { try reader.state(state, field: "state", into: &fileState) }
        guard let casesNode = members["cases"] else { throw reader.error(root, field: "cases", "is missing: list the calls to check") }
        let items = try reader.sequence(casesNode, field: "cases")
        if items.isEmpty { throw reader.error(casesNode, field: "cases", "is empty: a case file with no cases proves nothing") }
        var cases: [TestCase] = []
        var names: [String: Int] = [:]
        for (i, item) in items.enumerated() {
            let testCase = try reader.testCase(item, number: i + 1, fileAssumptions: fileAssumptions, fileState: fileState)
            if let first = names[testCase.name] {
                throw reader.inCase(i + 1, testCase.name).error(
                    item, field: "name", "case \(first) has the same name: give each case its own name")
            }
            names[testCase.name] = i + 1
            cases.append(testCase)
        }
        self.cases = cases
    }

    /// Parses a case file's bytes: `.json` files as JSON, anything else as YAML.
    public init(bytes: [UInt8], source: String) throws(CaseFileError) {
        let root =
            source.lowercased().hasSuffix(".json")
            ? try CaseNode.parseJSON(bytes, source: source)
            : try CaseNode.parseYAML(String(decoding: bytes, as: UTF8.self), source: source)
        try self.init(root, source: source)
    }
}

/// Reads the tree with the context errors need: which file, which case.
struct CaseReader {
    let source: String
    var caseNumber: Int?
    var caseName: String?

    func inCase(_ number: Int, _ name: String?) -> CaseReader {
        CaseReader(source: source, caseNumber: number, caseName: name)
    }

    func error(_ node: CaseNode?, field: String?, _ message: String) -> CaseFileError {
        CaseFileError(source: source, line: node?.line, caseNumber: caseNumber, caseName: caseName, field: field, message: message)
    }

    // MARK: Shapes

    /// The members of a mapping by name; a member not in `allowed` is an error that lists the allowed ones.
    func mapping(_ node: CaseNode, field: String?, allowed: [String]) throws(CaseFileError) -> Members {
        guard case .mapping(let members) = node.value else {
            throw error(node, field: field, "expected a mapping with \(allowed.joined(separator: ", ")), found \(node.kindDescription)")
        }
        for member in members where !allowed.contains(member.key) {
            let path = field.map { "\($0).\(member.key)" } ?? member.key
            throw error(
                member.value, field: path,
                "unknown field\(DidYouMean.aside(for: member.key, among: allowed)); the fields here are \(allowed.joined(separator: ", "))")
        }
        return Members(members: members)
    }

    func sequence(_ node: CaseNode, field: String) throws(CaseFileError) -> [CaseNode] {
        guard case .sequence(let items) = node.value else {
            throw error(node, field: field, "expected a list, found \(node.kindDescription)")
        }
        return items
    }

    /// A string; a number is taken as written (`0123` stays `0123`).
    func text(_ node: CaseNode, field: String) throws(CaseFileError) -> String {
        guard case .scalar(let text) = node.value else {
            throw error(node, field: field, "expected a string, found \(node.kindDescription)")
        }
        return text
    }

    func integer(_ node: CaseNode, field: String) throws(CaseFileError) -> Int {
        let value = try text(node, field: field)
        guard let n = Int(value), n >= 0 else { throw error(node, field: field, "expected a whole number, found \(quoted(value))") }
        return n
    }

    func bool(_ node: CaseNode, field: String) throws(CaseFileError) -> Bool {
        switch try text(node, field: field) {
        case "true": return true
        case "false": return false
        case let other: throw error(node, field: field, "expected true or false, found \(quoted(other))")
        }
    }

    /// One of an enum's raw values, with the choices listed when it is not.
    func choice<E: RawRepresentable<String> & CaseIterable>(_ node: CaseNode, field: String, _: E.Type) throws(CaseFileError) -> E {
        let value = try text(node, field: field)
        guard let e = E(rawValue: value) else {
            let choices = E.allCases.map(\.rawValue)
            throw error(
                node, field: field,
                "\(quoted(value)) is not one of \(choices.joined(separator: ", "))\(DidYouMean.hint(for: value, among: choices))")
        }
        return e
    }

    /// A number to dial or call from, as typed: `0044 20 7946 0000` and a local user's name are
    /// fine. The simulator reads it when the case runs (`TypedNumber`: it knows the plan's user
    /// names); here it must not be empty.
    func dialNumber(_ node: CaseNode, field: String) throws(CaseFileError) -> String {
        let number = try text(node, field: field)
        if number.isEmpty { throw error(node, field: field, "is empty: give the number (digits, * # +, or a local user's name)") }
        return number
    }

    /// An exact number, or `/regex/` compiled once with PCRE2.
    func numberExpectation(_ node: CaseNode, field: String) throws(CaseFileError) -> NumberExpectation {
        let value = try text(node, field: field)
        guard value.hasPrefix("/") else { return .exact(value) }
        guard value.count >= 2, value.hasSuffix("/") else {
            throw error(node, field: field, "\(quoted(value)) starts with / but does not end with one: write /…/ for a regular expression")
        }
        do {
            return .pattern(try RegularExpression(String(value.dropFirst().dropLast())))
        } catch {
            throw self.error(node, field: field, error.description)
        }
    }

    // MARK: Parts of a case

    func assumptions(_ node: CaseNode, field: String, into assumptions: inout Assumptions) throws(CaseFileError) {
        let names = Assumptions.catalog.map(\.name)
        let members = try mapping(node, field: field, allowed: names)
        for (name, value) in members.members {
            let path = "\(field).\(name)"
            let text = try text(value, field: path)
            do {
                try assumptions.set(name, to: text)
            } catch {
                if error.kind == .retired { throw self.error(value, field: path, error.message) }
                let info = Assumptions.catalog.first { $0.name == name }!
                throw self.error(
                    value, field: path, "\(quoted(text)) is not one of \(info.values)\(DidYouMean.hint(for: text, among: info.words))")
            }
        }
    }

    /// `state: {"103": busy, "trunk:3": down}`: live-state settings, keyed as `routesim route
    /// --state` writes them.
    func state(_ node: CaseNode, field: String, into state: inout LiveState) throws(CaseFileError) {
        guard case .mapping(let members) = node.value else {
            throw error(
                node, field: field,
                "expected a mapping of settings such as {\"103\": busy, \"trunk:3\": down}, found \(node.kindDescription)")
        }
        for member in members {
            let path = "\(field).\(member.key)"
            let value = try text(member.value, field: path)
            do { try state.set(member.key, to: value) } catch { throw self.error(member.value, field: path, error.message) }
        }
    }

    func testCase(_ node: CaseNode, number: Int, fileAssumptions: Assumptions, fileState: LiveState) throws(CaseFileError) -> TestCase {
        // The name first, so that every later error can cite it.
        var reader = inCase(number, nil)
        if case .mapping(let members) = node.value, let name = members.first(where: { $0.key == "name" })?.value,
            case .scalar(let text) = name.value, !text.isEmpty
        {
            reader.caseName = text
        }
        let members = try reader.mapping(node, field: nil, allowed: CaseFile.caseFields)
        guard let nameNode = members["name"] else { throw reader.error(node, field: "name", "is missing: say what the case checks") }
        let name = try reader.text(nameNode, field: "name")
        if name.isEmpty { throw reader.error(nameNode, field: "name", "is empty: say what the case checks") }
        guard let fromNode = members["from"] else {
            throw reader.error(
                node, field: "from",
                "is missing: say who calls ({user: NAME}, {trunk: ID, caller: NUMBER}, {line: NAME, caller: NUMBER} or {caller: NUMBER})")
        }
        let origin = try reader.origin(fromNode)
        let dialed: String
        if let dialNode = members["dial"] {
            dialed = try reader.dialNumber(dialNode, field: "dial")
        } else if case .externalLine = origin {
            dialed = ""  // a call on a line goes to the line's destination whatever was dialed
        } else {
            throw reader.error(node, field: "dial", "is missing: give the dialed number")
        }
        var assumptions = fileAssumptions
        if let assume = members["assume"] { try reader.assumptions(assume, field: "assume", into: &assumptions) }
        var state = fileState
        if let stateNode = members["state"] { try reader.state(stateNode, field: "state", into: &state) }
        guard let expectNode = members["expect"] else {
            throw reader.error(node, field: "expect", "is missing: say what must come of the call")
        }
        let expect = try reader.expectations(expectNode)
        return TestCase(
            number: number, name: name, line: node.line, call: Call(origin: origin, called: dialed, state: state), assumptions: assumptions,
            expect: expect)
    }

    func origin(_ node: CaseNode) throws(CaseFileError) -> Origin {
        let members = try mapping(node, field: "from", allowed: CaseFile.originFields)
        let caller = try members["caller"].map { (n) throws(CaseFileError) in try dialNumber(n, field: "from.caller") }
        let given = ["user", "trunk", "line"].filter { members[$0] != nil }
        if given.count > 1 { throw error(node, field: "from", "give one of user, trunk, line (found \(given.joined(separator: " and ")))") }
        switch given.first {
        case "user":
            if caller != nil {
                throw error(node, field: "from.caller", "a user's number is its name: drop caller, or use {caller: NUMBER}")
            }
            let user = try text(members["user"]!, field: "from.user")
            if user.isEmpty { throw error(members["user"], field: "from.user", "is empty: name a local user") }
            return .localUser(user)
        case "trunk":
            guard let caller else { throw error(node, field: "from.caller", "is missing: a call on a trunk needs the caller number") }
            return .sipTrunk(TrunkID(try integer(members["trunk"]!, field: "from.trunk")), caller: caller)
        case "line":
            guard let caller else { throw error(node, field: "from.caller", "is missing: a call on a line needs the caller number") }
            let line = try text(members["line"]!, field: "from.line")
            if line.isEmpty { throw error(members["line"], field: "from.line", "is empty: name an external line") }
            return .externalLine(line, caller: caller)
        default:
            guard let caller else { throw error(node, field: "from", "give user, trunk with caller, line with caller, or caller") }
            return .caller(caller)
        }
    }

    func expectations(_ node: CaseNode) throws(CaseFileError) -> Expectations {
        let members = try mapping(node, field: "expect", allowed: CaseFile.expectFields)
        var expect = Expectations()
        if let n = members["outcome"] { expect.outcome = try choice(n, field: "expect.outcome", Outcome.self) }
        if let n = members["target"] { expect.target = try target(n) }
        if let n = members["dialPlan"] { expect.dialPlan = try text(n, field: "expect.dialPlan") }
        if let n = members["caller"] { expect.caller = try numberExpectation(n, field: "expect.caller") }
        if let n = members["called"] { expect.called = try numberExpectation(n, field: "expect.called") }
        if let n = members["attempts"] {
            var attempts: [AttemptExpectation] = []
            for (i, item) in try sequence(n, field: "expect.attempts").enumerated() {
                attempts.append(try attempt(item, field: "expect.attempts[\(i)]"))
            }
            expect.attempts = attempts
        }
        if let n = members["reason"] { expect.reason = try choice(n, field: "expect.reason", ReleaseReason.self) }
        if let n = members["operators"] {
            var operators: [String] = []
            for (i, item) in try sequence(n, field: "expect.operators").enumerated() {
                operators.append(try text(item, field: "expect.operators[\(i)]"))
            }
            expect.operators = operators
        }
        if let n = members["maxDuration"] { expect.maxDuration = try integer(n, field: "expect.maxDuration") }
        if let n = members["through"] {
            var records: [RecordSelector] = []
            for (i, item) in try sequence(n, field: "expect.through").enumerated() {
                records.append(try record(item, field: "expect.through[\(i)]"))
            }
            expect.through = records
        }
        if let n = members["ringing"] {
            var users: [String] = []
            for (i, item) in try sequence(n, field: "expect.ringing").enumerated() {
                users.append(try text(item, field: "expect.ringing[\(i)]"))
            }
            expect.ringing = users
        }
        if let n = members["followMe"] {
            var destinations: [FollowMeExpectation] = []
            for (i, item) in try sequence(n, field: "expect.followMe").enumerated() {
                destinations.append(try followMe(item, field: "expect.followMe[\(i)]"))
            }
            expect.followMe = destinations
        }
        if let n = members["robust"] { expect.robust = try bool(n, field: "expect.robust") }
        if expect.isEmpty {
            throw error(node, field: "expect", "is empty: expect at least one of \(CaseFile.expectFields.joined(separator: ", "))")
        }
        if expect.reason != nil, let outcome = expect.outcome, outcome != .released, outcome != .rejected {
            throw error(
                members["reason"], field: "expect.reason", "only a released or rejected call has a reason (outcome is \(outcome.rawValue))")
        }
        return expect
    }

    func followMe(_ node: CaseNode, field: String) throws(CaseFileError) -> FollowMeExpectation {
        let members = try mapping(node, field: field, allowed: CaseFile.followMeFields)
        guard let number = members["number"] else {
            throw error(node, field: "\(field).number", "is missing: give the destination's number")
        }
        return FollowMeExpectation(
            number: try text(number, field: "\(field).number"),
            after: try members["after"].map { (n) throws(CaseFileError) in try integer(n, field: "\(field).after") },
            outcome: try members["outcome"].map { (n) throws(CaseFileError) in try choice(n, field: "\(field).outcome", Outcome.self) },
            target: try members["target"].map { (n) throws(CaseFileError) in try target(n, field: "\(field).target") })
    }

    func target(_ node: CaseNode, field: String = "expect.target") throws(CaseFileError) -> Target {
        let members = try mapping(node, field: field, allowed: CaseFile.targetFields)
        guard members.members.count == 1, let (name, value) = members.members.first else {
            throw error(node, field: field, "give exactly one of \(CaseFile.targetFields.joined(separator: ", "))")
        }
        let path = "\(field).\(name)"
        switch name {
        case "usrname": return .user(try text(value, field: path))
        case "extLine": return .externalLine(try text(value, field: path))
        case "servID": return .sipTrunk(TrunkID(try integer(value, field: path)))
        case "groupID": return .routingGroup(RoutingGroupID(try integer(value, field: path)))
        default: return .huntingGroup(HuntingGroupID(try integer(value, field: path)))
        }
    }

    func attempt(_ node: CaseNode, field: String) throws(CaseFileError) -> AttemptExpectation {
        let members = try mapping(node, field: field, allowed: CaseFile.attemptFields)
        let via: Via
        switch (members["extLine"], members["servID"]) {
        case (let line?, nil): via = .externalLine(try text(line, field: "\(field).extLine"))
        case (nil, let trunk?): via = .sipTrunk(TrunkID(try integer(trunk, field: "\(field).servID")))
        default: throw error(node, field: field, "give exactly one of extLine, servID (where the attempt leaves)")
        }
        return AttemptExpectation(
            via: via,
            called: try members["called"].map { (n) throws(CaseFileError) in try numberExpectation(n, field: "\(field).called") },
            caller: try members["caller"].map { (n) throws(CaseFileError) in try numberExpectation(n, field: "\(field).caller") },
            failover: try members["failover"].map { (n) throws(CaseFileError) in try bool(n, field: "\(field).failover") },
            blocked: try members["blocked"].map { (n) throws(CaseFileError) -> Attempt.Blocked? in
                let value = try text(n, field: "\(field).blocked")
                if value == "none" { return nil }
                guard let blocked = Attempt.Blocked(rawValue: value) else {
                    throw error(n, field: "\(field).blocked", "\(quoted(value)) is not one of down, closed, none")
                }
                return blocked
            })
    }

    func record(_ node: CaseNode, field: String) throws(CaseFileError) -> RecordSelector {
        let members = try mapping(node, field: field, allowed: CaseFile.recordFields)
        guard let tableNode = members["table"] else {
            throw error(node, field: "\(field).table", "is missing: name the table (anacldnbr, natran, ...)")
        }
        let table = try choice(tableNode, field: "\(field).table", Table.self)
        var key: [KeyField] = []
        if let keyNode = members["key"] {
            let keyFields = table.keyFields
            if keyFields.isEmpty { throw error(keyNode, field: "\(field).key", "\(table.rawValue) has no key: drop key") }
            for (name, value) in try mapping(keyNode, field: "\(field).key", allowed: keyFields).members {
                key.append(KeyField(name: name, value: try text(value, field: "\(field).key.\(name)")))
            }
        }
        return RecordSelector(table: table, key: key, field: field, line: node.line)
    }
}

/// A mapping's members, looked up by name.
struct Members {
    var members: [(key: String, value: CaseNode)]
    subscript(name: String) -> CaseNode? { members.first { $0.key == name }?.value }
}
