import DialPlan

/// A stage of the routing pipeline (docs/semantics.md §3–§5), in the order a call meets them.
public enum Stage: String, Sendable, CaseIterable {
    /// A number as typed became its dial string, or a call on a line had nothing dialed.
    case dialed
    case origin
    case analyzeCaller
    case speedDial
    case huntingDetection
    case analyzeCalled
    case callLevel
    case changeCalled
    case reanalysis
    case defaults
    case refineCaller
    case route
    case forward
    case ringGroup
    case followMe
    case voicemail
    case huntingGroup
    case attempt
    case refineCalled
    case presentedCaller
    case maxDuration
    case liveState
    case serviceCode
    case release
}

/// One decision of the simulator: what it looked at, what matched, what changed, and why.
public struct TraceStep: Sendable, Equatable {
    public var stage: Stage
    /// The table whose record matched or decided, if any.
    public var table: Table?
    /// The index of that record in its table.
    public var recordIndex: Int?
    /// The record's key (read from the plan when asked for: a traced call does not build every
    /// step's key as it goes).
    public var key: [KeyField] {
        get {
            if let key = overrides?.key { return key }
            guard let plan, let table, let recordIndex else { return [] }
            return plan.snapshot.key(of: table, at: recordIndex)
        }
        set { overrides = SetByReader(overrides, key: newValue) }
    }
    /// The plan the key, the name and the words are read from, and the assumptions the
    /// citations are spelt from: the `Trace` the step is read from keeps them once for all of
    /// its steps and gives them to each (a call records `RecordedStep`s, without them).
    private var plan: RoutingModel?
    private var rules: AssumptionsBox?
    /// What a reader set in place of what the plan says (nil: nothing, as recorded).
    private var overrides: SetByReader?
    /// The record's description, for the records people know by name: external lines, SIP
    /// trunks, routing groups and hunting groups (read from the plan when asked for).
    public var name: String? {
        get {
            if let name = overrides?.name { return name }
            guard let plan, let table, let recordIndex else { return nil }
            return plan.recordName(table, recordIndex)
        }
        set { overrides = SetByReader(overrides, name: .some(newValue)) }
    }
    /// The number before this step changed it (or looked at it).
    public var before: String? { willSet { settleDetail() } }
    /// The number after this step.
    public var after: String? { willSet { settleDetail() } }
    /// `name=value` of each assumption that decided this step, in catalogue order (spelt when
    /// asked for, from the assumptions the call ran under).
    public var assumptions: [String] {
        get {
            if let assumptions = overrides?.assumptions { return assumptions }
            guard !cites.isEmpty, let rules else { return [] }
            return rules.cite(cites)
        }
        set { overrides = SetByReader(overrides, assumptions: newValue) }
    }
    /// The assumptions that decided this step.
    private var cites: CitedAssumptions
    /// What happened, in a sentence (put in words when asked for, for the most frequent steps).
    public var detail: String {
        get {
            if case .text(let text) = detailSource { return text }
            guard let plan else { return "" }
            return detailSource.text(plan, before: before, after: after)
        }
        set { detailSource = .text(newValue) }
    }
    private var detailSource: StepDetail

    /// Puts the detail in words before a number it is made from changes, so that it still says
    /// what happened.
    private mutating func settleDetail() {
        if case .text = detailSource { return }
        detailSource = .text(detail)
    }

    /// The key, name and citations a reader set, each in place of the plan's when not nil
    /// (`name` `.some(nil)`: none). One reference in the step, nil as recorded: a step holds no
    /// field of its own for what only a reader sets.
    private final class SetByReader: Sendable {
        let key: [KeyField]?
        let name: String??
        let assumptions: [String]?

        init(_ old: SetByReader?, key: [KeyField]?? = nil, name: String?? = nil, assumptions: [String]?? = nil) {
            self.key = key ?? old?.key
            self.name = name ?? old?.name
            self.assumptions = assumptions ?? old?.assumptions
        }
    }

    /// The first assumption that decided this step (`name=value`), if any.
    public var assumption: String? { assumptions.first }

    /// Equal when everything a reader sees is: the key compared as read, wherever it is kept.
    public static func == (a: TraceStep, b: TraceStep) -> Bool {
        a.stage == b.stage && a.table == b.table && a.recordIndex == b.recordIndex && a.name == b.name && a.before == b.before
            && a.after == b.after && a.assumptions == b.assumptions && a.detail == b.detail && a.key == b.key
    }
}

extension TraceStep {
    // Declared here, outside the type, so that the type keeps its memberwise initialiser.

    /// The step a call recorded, as read from `plan`, under `rules`: its key, name and words are
    /// read from the plan when asked for, its citations spelt from the rules.
    init(_ step: RecordedStep, plan: RoutingModel, rules: AssumptionsBox) {
        let index = step.record >= 0 ? Int(step.record) : nil
        self.init(
            stage: step.stage, table: step.table, recordIndex: index, plan: plan, rules: rules, overrides: nil, before: step.before,
            after: step.after, cites: step.cites, detailSource: step.detail)
    }
}

/// A step as a call records it: what a `TraceStep` is read from, with the plan and the
/// assumptions its `Trace` keeps once for every step. Only plain values and the numbers: a step
/// is recorded, and destroyed with its result, without a reference to count.
///
/// Made by the memberwise initialiser, every field in declaration order: it builds the step
/// where it is recorded, where an initialiser that set the fields one by one built it twice and
/// copied it (every string and reference retained, then released) at every step.
struct RecordedStep: Sendable {
    var stage: Stage
    var table: Table?
    /// The record's index in `table` (-1: none).
    var record: Int32
    var before: String?
    var after: String?
    var cites: CitedAssumptions
    var detail: StepDetail
}

/// A step's sentence, as text or as the data it is made of: the steps of the pipeline a call
/// takes (origin, analysis, call levels, routes, attempts with their refine rows and
/// transitions, the presented caller, release) are put in words only when the trace is read,
/// not as the call runs; the rarer ones (forwarding, services, hunting groups, live state) are
/// still text.
///
/// A number the step holds as its number before or after is read from there, not kept again
/// here: a step is smaller, and nothing is retained twice.
enum StepDetail: Sendable {
    case text(String)
    /// `attempt on` (or `failover to`) the line or trunk.
    case attempt(failover: Bool, endpoint: CallRun.Endpoint)
    /// The refine-called row `row` and what its transition did (nil: it names none).
    case calledRefinement(row: Int32, note: TransitionNote?)
    /// Local user `user` calls the step's number after, starting in dial plan `plan`.
    case userCalls(user: Int32, plan: Int32)
    /// No caller-analysis row matches the step's number before (the caller).
    case noCallerAnalysis
    /// No speed-dial entry for the step's number before (entries keyed on caller `keyedOn`,
    /// when the key decided).
    case noSpeedDial(keyedOn: String?)
    /// No hunting-detection entry of dial plan `plan` for the step's number before.
    case noHuntingDetection(plan: Int32)
    /// Analysis row `row`, of dial plan `plan`, matches the step's number before.
    case calledAnalysis(row: Int32, plan: Int32)
    /// The attempt presents the step's number after, for the reason `why`.
    case presents(Presenting)
    /// Caller-analysis row `row` matches: what its transition did (nil: it names none) and the
    /// dial plan it moves the call from and to (nil: it names none).
    case callerAnalysis(row: Int32, note: TransitionNote?, plans: (from: Int32, to: Int32)?)
    /// Refine-caller row `row`, of the group analysis row `record` names, and what its transition
    /// did (nil: it names none).
    case callerRefinement(row: Int32, record: Int32, note: TransitionNote?)
    /// Analysis row `row`, with `changeInd = 1`, changed the called number (nil: no transition
    /// applies).
    case changeCalled(row: Int32, note: TransitionNote?)
    /// Routing group `group` (its index) routes over `usable` routes, from member `start`
    /// (0-based) of `members`.
    case routingGroup(group: Int32, usable: Int32, start: Int32, members: Int32)
    /// `caller` is no local user: an unknown caller, starting in dial plan `plan`.
    case unknownCaller(String, plan: Int32)
    /// A call from `caller` arrives on SIP trunk `trunk` (its index), starting in dial plan `plan`.
    case trunkArrival(caller: String, trunk: Int32, plan: Int32)
    /// No refine-called row of the attempt's outgoing group matches the step's number before.
    case noCalledRefinement
    /// The call goes to local user `user`, available.
    case localUser(Int32)
    /// The call is released (or rejected) for `reason`, as `message` says.
    case release(message: String, ReleaseReason, rejected: Bool)
    /// A call from `caller` arrives on external line `line` (its index): its auto attendant
    /// answers, it has no destination, or it goes to the line's destination (the step's number
    /// after) and starts in dial plan `plan`.
    case lineArrival(caller: String, line: Int32, LineArrival)

    /// What a call arriving on an external line meets.
    enum LineArrival: Sendable {
        case autoAttendant
        case noDestination
        case destination(plan: Int32)
    }
    /// A record requires call level `level` of local user `user` (the caller, `caller`; nil: a
    /// forwarding user), who is `admitted` or not.
    case callLevelOfUser(caller: String?, level: Int32, user: Int32, admitted: Bool)
    /// A record requires call level `level` of a caller who is no local user: an `unknown`
    /// caller, or a call from a trunk or a line, `admitted` or not.
    case callLevelOfNonUser(caller: String, level: Int32, unknown: Bool, admitted: Bool)

    /// Why an attempt presents the caller number it does.
    enum Presenting: Sendable {
        /// The trunk's `callerID`.
        case trunkCallerID
        /// The line's own number (`linePresentsOwnNumber`).
        case lineOwnNumber
        /// The caller (`linePresentsOwnNumber=false`).
        case caller
        /// The caller, as the line's `origCallerNbr = 1` says.
        case originalCaller
    }

    /// The sentence, for a step whose numbers are `before` and `after`.
    func text(_ model: RoutingModel, before: String?, after: String?) -> String {
        let snapshot = model.snapshot
        func planName(_ plan: Int32) -> String { model.dialPlanNames[Int(plan)] }
        switch self {
        case .text(let text): return text
        case .attempt(let failover, let endpoint): return "\(failover ? "failover to" : "attempt on") \(endpoint.describe(in: snapshot))"
        case .calledRefinement(let index, let note):
            let row = snapshot.calledRefinements[Int(index)]
            let change = note?.text(snapshot, id: row.transition, before: before, after: after) ?? "no transition"
            return "called prefix \"\(row.calledPrefix)\" of outgoing group \(row.group): \(change)"
        case .userCalls(let u, let plan):
            let user = snapshot.localUsers[Int(u)]
            return
                "local user \(user.name) calls \(after ?? ""), starting in dial plan \"\(planName(plan))\"\(user.dialPlan.isEmpty ? " (dialPlan empty: default)" : "")"
        case .noCallerAnalysis: return "no anaclrnbr record matches caller \(before ?? "")"
        case .noSpeedDial(let key):
            return "no speed-dial entry for \(before ?? "")\(key.map { " (entries keyed on caller \($0))" } ?? "")"
        case .noHuntingDetection(let plan):
            return "no hgdect entry of dial plan \"\(planName(plan))\" for \(before ?? "")"
        case .presents(let why):
            let number = after ?? ""
            switch why {
            case .trunkCallerID: return "presents the trunk's callerID \(number)"
            case .lineOwnNumber: return "presents the line's own number \(number)"
            case .caller: return "presents the caller \(number)"
            case .originalCaller: return "presents the caller \(number) (origCallerNbr = 1)"
            }
        case .callerAnalysis(let index, let note, let plans):
            var notes: [String] = []
            if let note {
                notes.append(
                    note.text(snapshot, id: snapshot.callerAnalysis.reading(Int(index)) { $0.transition }, before: before, after: after))
            }
            if let plans {
                notes.append("dial plan \"\(planName(plans.from))\" → \"\(planName(plans.to))\"")
            }
            return
                "caller prefix \"\(snapshot.callerAnalysis[Int(index)].callerPrefix)\" matches\(notes.isEmpty ? "; nothing changes" : ": " + notes.joined(separator: "; "))"
        case .callerRefinement(let index, let record, let note):
            let row = snapshot.callerRefinements[Int(index)]
            let change = note?.text(snapshot, id: row.transition, before: before, after: after) ?? "no transition"
            return "caller prefix \"\(row.callerPrefix)\" of group \(snapshot.calledAnalysis[Int(record)].callerRefineGroup): \(change)"
        case .changeCalled(let index, let note):
            return note?.text(snapshot, id: snapshot.calledAnalysis.reading(Int(index)) { $0.transition }, before: before, after: after)
                ?? "changeInd = 1 but no transition applies"
        case .routingGroup(let g, let usable, let start, let members):
            let id = snapshot.routingGroups[Int(g)].id
            return start == 0
                ? "routing group \(id): \(usable) route(s) in snapshot order"
                : "routing group \(id): \(usable) route(s), starting at member \(start + 1) of \(members) (round robin)"
        case .unknownCaller(let caller, let plan):
            return "caller \(caller) is no local user: an unknown caller, starting in dial plan \"\(planName(plan))\""
        case .trunkArrival(let caller, let trunk, let plan):
            return
                "incoming call from \(caller) on SIP trunk \(snapshot.sipTrunks[Int(trunk)].id), starting in dial plan \"\(planName(plan))\""
        case .noCalledRefinement: return "no refine-called row of the outgoing group matches \(before ?? "")"
        case .localUser(let user): return "local user \(snapshot.localUsers[Int(user)].name)"
        case .release(let message, let reason, let rejected):
            return "\(rejected ? "rejected" : "released") (\(reason.rawValue)): \(message)"
        case .lineArrival(let caller, let l, let arrival):
            let name = snapshot.externalLines[Int(l)].name
            switch arrival {
            case .autoAttendant: return "incoming call from \(caller) on external line \(name): aaInd = 1, the auto attendant answers"
            case .noDestination: return "incoming call on external line \(name)"
            case .destination(let plan):
                return
                    "incoming call from \(caller) on external line \(name): the line's destination \(after ?? ""), dial plan \"\(planName(plan))\""
            }
        case .callLevelOfUser(let caller, let level, let user, let admitted):
            let who = caller.map { "caller \($0)" } ?? "forwarding user \(snapshot.localUsers[Int(user)].name)"
            return
                "record requires call level \(level); \(who) has calllevel \(model.users[Int(user)].callLevel): \(admitted ? "admitted" : "refused")"
        case .callLevelOfNonUser(let caller, let level, let unknown, let admitted):
            let why: String
            switch (unknown, admitted) {
            case (true, false): why = "caller \(caller) is no local user"
            case (true, true): why = "caller \(caller) is no local user: not checked"
            case (false, true): why = "calls from trunks and lines are not checked"
            case (false, false): why = "calls from trunks and lines are refused"
            }
            return "record requires call level \(level); \(why)"
        case .calledAnalysis(let index, let plan):
            let row = snapshot.calledAnalysis[Int(index)]
            return
                "prefix \"\(row.calledPrefix)\" of dial plan \"\(planName(plan))\" matches \(before ?? "") (route: \(row.routeType)\(CallRun.routeTargetText(row)))"
        }
    }
}
