import DialPlan
import RouteSim

/// What a changed row changed, so that users can leave out the kinds they do not care about
/// (`routesim diff --ignore caller,duration,failover`).
public enum ChangeAspect: String, CaseIterable, Sendable, Comparable {
    /// Where the call goes: outcome, target, release reason, dial plan, the called number, the
    /// hunting order, or the first attempt (its line or trunk and the number it sends).
    case route
    /// The caller presented (after analysis, or on any attempt).
    case caller
    /// The maximum duration.
    case duration
    /// The attempts after the first: the failover tail.
    case failover
    /// Who else rings: the members of the called user's ring group, and the follow-me
    /// destinations with where each routes.
    case ringing

    public static func < (lhs: ChangeAspect, rhs: ChangeAspect) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One changed row of a diff: from the origins of `classes`, every number of `region` did
/// `old` in the old plan and does `new` in the new one.
public struct DiffRow: Sendable {
    /// Origin classes (IDs of the catalog), sorted.
    public var classes: [Int] {
        get { members.array }
        set { members = ClassSet(sorted: newValue, universe: universe) }
    }
    /// The classes as they are kept (shared by the rows of one origin set).
    var members: ClassSet
    /// The number of classes of the catalog.
    var universe: Int
    public var region: NumberRegion
    public var old: RouteSignature
    public var new: RouteSignature
    /// What changed, in `ChangeAspect` order.
    public var aspects: [ChangeAspect]
    /// The origin set of `classes` (`SpaceExplorer.originSet(_:)`).
    var originSet: Int
}

/// The numbers two plans treat differently (`routesim diff`): the product of both partitions,
/// explored together, keeping the regions where the signatures differ for some origin class.
///
/// Origin classes are made of origins that are alike in both plans; origins that exist in one
/// plan only (a user added or removed) are listed apart (`oneSided`). Signatures are compared
/// per class, with each class's own caller and duration limit in each plan, so that a change
/// of caller analysis shows although the symbolic signature is the same.
public struct SpaceDiff {
    public let catalog: OriginCatalog
    public let explorer: SpaceExplorer
    public let options: SpaceOptions
    /// The changed rows, by their first class, then in the order of their witnesses.
    public private(set) var rows: [DiffRow] = []
    /// Simulated calls the exploration took (both plans).
    public private(set) var runs = 0

    /// Origins that exist in one of the two plans only.
    public var oneSided: [OneSidedOrigin] { catalog.oneSided }

    /// Whether anything changed: a row, or an origin that exists on one side only.
    public var isEmpty: Bool { rows.isEmpty && oneSided.isEmpty }

    /// Compares `old` and `new` over the numbers and origins `options` selects, leaving out rows
    /// whose every change is in `ignoring`.
    ///
    /// Where the plans differ in their `anacldnbr` rows only, the parts of the space whose calls
    /// can match only rows that are the same in both plans (and lead to no other analysis) are
    /// not explored (`DiffPruning`); `prune: false` explores everything, for comparison.
    public init(
        old: RoutingModel, new: RoutingModel, options: SpaceOptions = SpaceOptions(), ignoring: Set<ChangeAspect> = [],
        prune: Bool = true
    ) throws(SpaceError) {
        self.options = options
        catalog = try OriginCatalog(models: [old, new], maxLength: options.maxLength, filter: options.origins)
        let explorer = SpaceExplorer(catalog: catalog)
        if prune { explorer.pruning = DiffPruning(old: old, new: new, catalog: catalog) }
        self.explorer = explorer
        let starts = options.numbers ?? [.all(maxLength: options.maxLength)]
        // Every class the same in both plans: a leaf whose signatures are equal changed for
        // none of its classes.
        let alikeClasses = catalog.classes.allSatisfy { $0.attributes[0] == $0.attributes[1] }
        let alikeAttributes = catalog.classes.map { $0.attributes[0] == $0.attributes[1] }
        // A leaf's classes are compared once per set and question, not once per leaf: the
        // aspects depend on a class only through the question's callers and duration.
        var answers: [AnswerKey: [(aspects: [ChangeAspect], set: Int)]] = [:]
        var merged: [Int: [DiffRow]] = [:]
        for group in explorer.groups {
            for start in starts {
                try explorer.exploreRows(group: group, region: start) { leaf in
                    let (old, new) = (leaf.signatures[0], leaf.signatures[1])
                    if alikeClasses && old == new { return }
                    let key = AnswerKey(set: leaf.originSet, question: ChangeQuestion(old, new, alike: explorer.pruning != nil))
                    let parts: [(aspects: [ChangeAspect], set: Int)]
                    if let known = answers[key] {
                        parts = known
                    } else {
                        parts = explorer.changeParts(of: key.set, key.question, alikeAttributes: alikeAttributes, ignoring: ignoring)
                        answers[key] = parts
                    }
                    for (aspects, set) in parts {
                        let row = DiffRow(
                            members: explorer.classSet(set), universe: catalog.classes.count, region: leaf.region, old: old, new: new,
                            aspects: aspects, originSet: set)
                        Self.add(row, to: &merged[set, default: []])
                    }
                }
            }
        }
        for set in merged.keys.sorted(by: { explorer.classSet($0).lexicographicallyPrecedes(explorer.classSet($1)) }) {
            rows += merged[set]!.sorted { NumberRegion.witnessOrder($0.region, $1.region) }
        }
        runs = explorer.runs
    }

    private struct AnswerKey: Hashable {
        var set: Int
        var question: ChangeQuestion
    }

    /// Adds a row, joined with the last one when both say the same and their regions make one.
    static func add(_ row: DiffRow, to rows: inout [DiffRow]) {
        var row = row
        while let last = rows.last, last.old == row.old, last.new == row.new, last.aspects == row.aspects,
            let joined = RowMerger.join(last.region, row.region)
        {
            rows.removeLast()
            row.region = joined
        }
        rows.append(row)
    }
}

extension SpaceExplorer {
    /// What differs between the signatures of plan 0 and plan 1 for the origins of class `c`
    /// (empty: nothing).
    ///
    /// When the two plans resolve callers alike (`DiffPruning` applies: every table but
    /// `anacldnbr`, the assumptions and every class the same), two equal caller values give
    /// the same caller for every class, and only unequal ones are resolved for `c`.
    public func changes(_ old: RouteSignature, _ new: RouteSignature, for c: Int) -> [ChangeAspect] {
        if old == new && catalog.classes[c].attributes[0] == catalog.classes[c].attributes[1] { return [] }
        let alike = pruning != nil
        func caller(_ value: CallerValue, _ plan: Int) -> ResolvedCaller {
            switch value {
            case .constant(let number): return .number(number)
            case .origin: return .rewrite(callerRewrite(of: c, plan: plan, value))
            }
        }
        func same(_ a: CallerValue, _ b: CallerValue) -> Bool {
            if alike && a == b { return true }
            return caller(a, 0) == caller(b, 1)
        }
        var aspects: [ChangeAspect] = []
        let firstOld = old.attempts.first, firstNew = new.attempts.first
        if old.outcome != new.outcome || old.target != new.target || old.release != new.release || old.dialPlan != new.dialPlan
            || old.called != new.called || old.huntingStrategy != new.huntingStrategy || old.huntingOperators != new.huntingOperators
            || firstOld?.via != firstNew?.via || firstOld?.called != firstNew?.called || firstOld?.isFailover != firstNew?.isFailover
        {
            aspects.append(.route)
        }
        // The caller after analysis, and the first attempt's when both have one (attempts past
        // the first are the failover tail's).
        if !same(old.caller, new.caller) || (firstOld != nil && firstNew != nil && !same(firstOld!.caller, firstNew!.caller)) {
            aspects.append(.caller)
        }
        let secondsOld = old.maxDuration.seconds(callerLimit: callerLimit(of: c, plan: 0))
        let secondsNew = new.maxDuration.seconds(callerLimit: callerLimit(of: c, plan: 1))
        if secondsOld != secondsNew { aspects.append(.duration) }
        let tailOld = old.attempts.dropFirst(), tailNew = new.attempts.dropFirst()
        if tailOld.count != tailNew.count
            || zip(tailOld, tailNew).contains(where: { a, b in
                a.via != b.via || a.called != b.called || a.isFailover != b.isFailover || !same(a.caller, b.caller)
            })
        {
            aspects.append(.failover)
        }
        var ringing = old.ringGroup != new.ringGroup
        if !ringing, let pairs = FollowMeSignature.callerPairs(old.followMe, new.followMe) {
            ringing = pairs.contains { !same($0, $1) }
        } else {
            ringing = true
        }
        if ringing { aspects.append(.ringing) }
        return aspects
    }
}

/// What two signatures of a leaf leave to each origin class to tell whether it changed, and
/// how: the aspects that changed for every class, and the callers and durations that each
/// class resolves with its own caller rewrites and duration limits.
///
/// `changes(_:_:for:)` asks the same of one class directly; `changeParts` answers a question
/// once for a whole origin set.
struct ChangeQuestion: Hashable {
    /// Both signatures are equal: a class whose attributes are the same in both plans did not change.
    var same: Bool
    var route: Bool
    /// The caller changed for every class.
    var caller: Bool
    /// Else: the callers taken from the origin (the refine group in each plan) that decide it.
    var callerPairs: [RefinePair] = []
    /// The failover tail changed for every class.
    var failover: Bool
    /// Else: the callers taken from the origin that decide it.
    var failoverPairs: [RefinePair] = []
    /// Who else rings changed for every class.
    var ringing: Bool
    /// Else: the callers of the follow-me destinations' attempts taken from the origin.
    var ringingPairs: [RefinePair] = []
    var durations: [DurationLimit]

    /// A caller taken from the origin in both plans, refined by these groups.
    struct RefinePair: Hashable {
        var old: CallerRefineGroupID?
        var new: CallerRefineGroupID?
    }

    /// `alike`: the plans resolve callers alike (`DiffPruning` applies), so equal caller values
    /// are the same caller for every class.
    init(_ old: RouteSignature, _ new: RouteSignature, alike: Bool) {
        same = old == new
        let firstOld = old.attempts.first, firstNew = new.attempts.first
        route =
            old.outcome != new.outcome || old.target != new.target || old.release != new.release || old.dialPlan != new.dialPlan
            || old.called != new.called || old.huntingStrategy != new.huntingStrategy || old.huntingOperators != new.huntingOperators
            || firstOld?.via != firstNew?.via || firstOld?.called != firstNew?.called || firstOld?.isFailover != firstNew?.isFailover
        /// Records whether `a` and `b` differ for every class, or else which callers decide.
        func compare(_ a: CallerValue, _ b: CallerValue, changed: inout Bool, pairs: inout [RefinePair]) {
            if alike && a == b { return }
            switch (a, b) {
            case (.constant(let x), .constant(let y)): if x != y { changed = true }
            case (.origin(let g), .origin(let h)): pairs.append(RefinePair(old: g, new: h))
            default: changed = true  // a number of the line's own is never a rewrite of the origin's
            }
        }
        var caller = false
        var callerPairs: [RefinePair] = []
        compare(old.caller, new.caller, changed: &caller, pairs: &callerPairs)
        if let firstOld, let firstNew { compare(firstOld.caller, firstNew.caller, changed: &caller, pairs: &callerPairs) }
        self.caller = caller
        if !caller { self.callerPairs = callerPairs }
        let tailOld = old.attempts.dropFirst(), tailNew = new.attempts.dropFirst()
        var failover = tailOld.count != tailNew.count
        var failoverPairs: [RefinePair] = []
        for (a, b) in zip(tailOld, tailNew) where !failover {
            if a.via != b.via || a.called != b.called || a.isFailover != b.isFailover {
                failover = true
            } else {
                compare(a.caller, b.caller, changed: &failover, pairs: &failoverPairs)
            }
        }
        self.failover = failover
        if !failover { self.failoverPairs = failoverPairs }
        var ringing = old.ringGroup != new.ringGroup
        var ringingPairs: [RefinePair] = []
        if !ringing, let pairs = FollowMeSignature.callerPairs(old.followMe, new.followMe) {
            for (a, b) in pairs where !ringing { compare(a, b, changed: &ringing, pairs: &ringingPairs) }
        } else {
            ringing = true
        }
        self.ringing = ringing
        if !ringing { self.ringingPairs = ringingPairs }
        durations = [old.maxDuration, new.maxDuration]
    }
}

extension SpaceExplorer {
    /// What changed for class `c`, by the question its leaf asks (the same as
    /// `changes(_:_:for:)` of the leaf's signatures).
    func aspects(of c: Int, _ question: ChangeQuestion, alikeAttributes: Bool) -> [ChangeAspect] {
        if question.same && alikeAttributes { return [] }
        func same(_ pair: ChangeQuestion.RefinePair) -> Bool {
            callerRewrite(of: c, plan: 0, .origin(refinedBy: pair.old)) == callerRewrite(of: c, plan: 1, .origin(refinedBy: pair.new))
        }
        var aspects: [ChangeAspect] = []
        if question.route { aspects.append(.route) }
        if question.caller || !question.callerPairs.allSatisfy(same) { aspects.append(.caller) }
        let secondsOld = question.durations[0].seconds(callerLimit: callerLimit(of: c, plan: 0))
        let secondsNew = question.durations[1].seconds(callerLimit: callerLimit(of: c, plan: 1))
        if secondsOld != secondsNew { aspects.append(.duration) }
        if question.failover || !question.failoverPairs.allSatisfy(same) { aspects.append(.failover) }
        if question.ringing || !question.ringingPairs.allSatisfy(same) { aspects.append(.ringing) }
        return aspects
    }

    /// The classes of origin set `set` that changed, by what changed (leaving out those whose
    /// every change is in `ignoring`), each part an origin set, in the order of their first class.
    func changeParts(
        of set: Int, _ question: ChangeQuestion, alikeAttributes: [Bool], ignoring: Set<ChangeAspect>
    ) -> [(aspects: [ChangeAspect], set: Int)] {
        var byAspects: [[ChangeAspect]: [Int]] = [:]
        var order: [[ChangeAspect]] = []
        for c in classSet(set) {
            let aspects = aspects(of: c, question, alikeAttributes: alikeAttributes[c])
            if aspects.isEmpty || Set(aspects).isSubset(of: ignoring) { continue }
            if byAspects[aspects] == nil { order.append(aspects) }
            byAspects[aspects, default: []].append(c)
        }
        return order.map { (aspects: $0, set: sets.intern(byAspects[$0]!)) }
    }
}

/// A caller as an origin class presents it: a number of the line's or trunk's own, or a
/// rewrite of the class's caller number.
enum ResolvedCaller: Hashable {
    case number(String)
    case rewrite(Rewrite?)
}
