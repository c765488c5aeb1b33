import DialPlan
import DigitTrie
import RouteSim

/// One piece of the partition: a set of origin classes, a region of called numbers, and what
/// every call of it does in each plan compared.
public struct SpaceLeaf: Sendable {
    /// The origin set (see `SpaceExplorer.originSet(_:)`).
    public var originSet: Int
    public var region: NumberRegion
    /// One signature per plan compared.
    public var signatures: [RouteSignature]
    /// The records each plan's run matched (analysis, detection, speed dial, refine, user).
    public var matched: [[MatchedRecord]]
}

/// A record a run matched, by table and index.
public struct MatchedRecord: Hashable, Sendable {
    public var table: Table
    public var index: Int
}

/// Explores the called-number space of a group of origin classes: the symbolic core of
/// `routesim map`, `reach` and `diff`.
///
/// A state is a set of classes and a region. The simulator runs the first class's
/// representative on the region's witness, in each plan compared, with a `CallObserver`; the
/// explorer then checks each recorded decision in order: a decision on the called number must be
/// the same for the whole region (`RegionAnalyzer`), a decision on the origin the same for every
/// class of the set (`OriginSets`). The first that is not splits the state, and each part is
/// explored again; a state whose decisions all hold is a leaf, and the run's result, its numbers
/// made symbolic, is the leaf's signature. Exact by construction for every decision the observer
/// sees.
public final class SpaceExplorer {
    public let catalog: OriginCatalog
    let models: [RoutingModel]
    let simulators: [Simulator]
    let analyzers: [RegionAnalyzer]
    /// Per plan, the own speed-dial entries of the classes of the group being explored
    /// (`ownersOfGroup(_:)`): a region is split by those only.
    private var owners: [SpeedDialOwners]
    private var ownerAnalyzers: [RegionAnalyzer]
    /// `ownersOfGroup(_:)` by plan and the roots of the group's own entries.
    private var ownersByRoots: [[Int32]: (owners: SpeedDialOwners, analyzer: RegionAnalyzer)] = [:]
    let nonDialUserNames: [[String]]
    /// Refine-caller groups by their trie root, per plan.
    let refineGroups: [[Int32: CallerRefineGroupID]]
    var sets: OriginSets
    /// For `diff`: the parts of the space that route alike in both plans without looking (nil:
    /// explore everything).
    var pruning: DiffPruning?
    /// The classes by the root of their own speed-dial entries, per plan.
    let speedDialClasses: [[Int32: [Int]]]
    /// The classes by the ring group their user is in (`ClassAttributes.ringGroupUser`), per plan.
    let ringGroupClasses: [[Int: [Int]]]
    /// The rewrites `callerRewrite(of:plan:context:)` found, by plan and context.
    private var rewrites: [[CallerContext: RewriteIDs]]
    /// The distinct rewrites of each plan, and their numbers.
    private var rewriteTable: [[Rewrite]]
    private var rewriteNumbers: [[Rewrite: Int32]]
    /// Refined rewrites by what they follow from (`callerRewriteID(of:plan:context:in:)`).
    private var refined: [RefinedKey: Int32] = [:]

    private struct RefinedKey: Hashable {
        var plan: Int
        var row: Int32
        var cells: NumberCells
        var minLength: Int
    }
    /// Per plan, the caller shape of each class (`callerShapes(plan:)`).
    private let shapes: [CallerShapes]

    /// What a class's refined caller follows from: its analyzed cells, its shortest caller's
    /// length, and the path of its representative's analyzed caller through every refine
    /// group's rows (`RefineUnion.path(of:)`).
    private struct ShapeKey: Hashable {
        var cells: NumberCells
        var minLength: Int
        var path: String
    }
    /// What `view(of:plan:)` found, by origin set and plan.
    var views: [ViewKey: ViewMemo] = [:]
    /// Simulated calls so far (per plan).
    public private(set) var runs = 0

    /// The numbers (in `rewriteTable`) of the rewrites of one context, by class (-1: not yet
    /// asked for), and for a refine context by caller shape.
    final class RewriteIDs {
        /// Read for every class of a set that a report asks about: kept out of Swift's
        /// exclusivity checks and reference counting.
        let ids: UnsafeMutableBufferPointer<Int32>
        let byShape: UnsafeMutableBufferPointer<Int32>

        init(count: Int, shapes: Int) {
            ids = .allocate(capacity: count)
            ids.initialize(repeating: -1)
            byShape = .allocate(capacity: shapes)
            byShape.initialize(repeating: -1)
        }

        deinit {
            ids.deallocate()
            byShape.deallocate()
        }
    }

    /// The caller shape of each class in one plan: classes of one shape present the same
    /// refined caller in every refine group (-1: a class refined on its own), and each
    /// shape's analyzed caller path (`RefineUnion.path(of:)`).
    final class CallerShapes {
        let ofClass: UnsafeMutableBufferPointer<Int32>
        let paths: [String]

        init(ofClass: [Int32], paths: [String]) {
            self.ofClass = .allocate(capacity: ofClass.count)
            _ = self.ofClass.initialize(from: ofClass)
            self.paths = paths
        }

        deinit { ofClass.deallocate() }
    }

    struct ViewKey: Hashable {
        var set: Int
        var plan: Int
    }

    /// A view's answers for a set of classes in one plan.
    final class ViewMemo {
        let callerLimits: Set<Int>
        var rewrites: [CallerRefineGroupID?: Rewrite?] = [:]

        init(callerLimits: Set<Int>) { self.callerLimits = callerLimits }
    }

    public init(catalog: OriginCatalog) {
        self.catalog = catalog
        sets = OriginSets(universe: catalog.classes.count)
        models = catalog.models
        simulators = models.map(Simulator.init(model:))
        analyzers = models.map { RegionAnalyzer(trie: $0.trie) }
        owners = models.map { SpeedDialOwners($0) }
        ownerAnalyzers = owners.map { RegionAnalyzer(trie: $0.trie) }
        nonDialUserNames = models.map { $0.snapshot.localUsers.map(\.name).filter { !DigitTrie.isDialString($0) } }
        speedDialClasses = models.indices.map { plan in
            var byRoot: [Int32: [Int]] = [:]
            for c in catalog.classes where c.attributes[plan].ownSpeedDials >= 0 {
                byRoot[c.attributes[plan].ownSpeedDials, default: []].append(c.id)
            }
            return byRoot
        }
        ringGroupClasses = models.indices.map { plan in
            var byGroup: [Int: [Int]] = [:]
            for c in catalog.classes where c.attributes[plan].ringGroupUser >= 0 {
                byGroup[catalog.models[plan].users[Int(c.attributes[plan].ringGroupUser)].ringGroup, default: []].append(c.id)
            }
            return byGroup
        }
        rewrites = models.map { _ in [:] }
        shapes = models.indices.map { Self.callerShapes(catalog: catalog, plan: $0) }
        rewriteTable = models.map { _ in [] }
        rewriteNumbers = models.map { _ in [:] }
        refineGroups = models.map { model in Dictionary(uniqueKeysWithValues: model.callerRefineRoots.map { ($0.value, $0.key) }) }
    }

    /// The classes of an origin set (sorted IDs of the catalog).
    public func originSet(_ set: Int) -> [Int] { sets.members[set].array }

    /// The classes of an origin set, as they are kept.
    func classSet(_ set: Int) -> ClassSet { sets.members[set] }

    /// The groups of classes the catalog explores together.
    public var groups: [[Int]] { catalog.groups }

    /// Explores `region` for the classes of `group`, calling `leaf` with each leaf in order
    /// (region by region, parts in symbol order).
    public func explore(group: [Int], region: NumberRegion, leaf: (SpaceLeaf) throws -> Void) throws {
        ownersOfGroup(group)
        var pending: [Pending] = [Pending(set: sets.intern(group), region: region, known: false)]
        while let state = pending.popLast() {
            for found in try step(state.set, state.region, knownNotClean: state.known, pending: &pending) { try leaf(found) }
        }
    }

    /// Takes for each plan the own speed-dial entries of the classes of `group` only.
    ///
    /// Every set explored is a part of the group, so no other caller's entry can match for it:
    /// a region that the lookup of the group's entries decides alike is decided alike for
    /// each class's own entries, which are among them (the prefixes of a number that a class's
    /// entries hold are among those the group's hold). Splitting by every caller's entries
    /// would cut each group's space at the entries of the callers of every other group too.
    private func ownersOfGroup(_ group: [Int]) {
        for plan in models.indices {
            var roots = Set<Int32>()
            for c in group where catalog.classes[c].attributes[plan].ownSpeedDials >= 0 {
                roots.insert(catalog.classes[c].attributes[plan].ownSpeedDials)
            }
            let key = [Int32(plan)] + roots.sorted()
            if let known = ownersByRoots[key] {
                (owners[plan], ownerAnalyzers[plan]) = known
            } else {
                let found = SpeedDialOwners(models[plan], only: roots)
                let analyzer = RegionAnalyzer(trie: found.trie)
                ownersByRoots[key] = (found, analyzer)
                (owners[plan], ownerAnalyzers[plan]) = (found, analyzer)
            }
        }
    }

    /// A state waiting to be explored. `known`: its region was found not clean for `diff`'s
    /// pruning when it was split off (at or after the first analysis), so the same check is not
    /// walked again when its own run reaches the analysis with the region unchanged. (Skipping
    /// a check can only explore more, never drop a part: the rows are the same either way.)
    struct Pending {
        var set: Int
        var region: NumberRegion
        var known: Bool
    }

    /// What one decision means for a state.
    enum Verdict {
        case holds
        /// The region splits; the first part holding the witness goes on with the same run.
        case regions([NumberRegion])
        /// The set of classes splits; the part of the first class goes on with the same run.
        case origins([Int])
    }

    /// Runs the state's witness in every plan and checks its decisions in order.
    ///
    /// A decision that splits the region (or the set of classes) leaves the part that holds the
    /// witness (or the representative) with the same run, so that part is checked on without
    /// simulating again; the other parts go to `pending`. Returns the leaf the state ends in.
    func step(
        _ startSet: Int, _ startRegion: NumberRegion, knownNotClean: Bool = false, pending: inout [Pending]
    ) throws(SpaceError) -> [SpaceLeaf] {
        var set = startSet
        var region = startRegion
        let representative = catalog.classes[sets.members[set].first]
        let witness = region.witness
        let call = Call(origin: representative.representative, called: witness)
        var runs:
            [(result: RouteResult, observer: CallObserver, caller: CallerValue, duration: DurationLimit, followMe: FollowMeSignature?)] =
                []
        var matched: [[MatchedRecord]] = []
        for plan in models.indices {
            let observer = CallObserver()
            let result: RouteResult
            do {
                result = try simulators[plan].observe(call, with: observer)
            } catch {
                throw SpaceError.internal("\(call.origin) dialling \(call.called) cannot be simulated: \(error.message)")
            }
            self.runs += 1
            if let what = observer.unsupportedDecision {
                throw SpaceError.unsupported(
                    what, call: call, plan: models.count == 1 ? "the plan" : plan == 0 ? "the old plan" : "the new plan")
            }
            if let problem = observer.inconsistency { throw SpaceError.internal(problem) }
            var context = CallerContext.analyzed
            var duration = DurationLimit(others: result.maxDuration, includesCaller: false)
            var records: [MatchedRecord] = []
            var i = 0
            let observations = observer.observations
            // Where `diff` may drop parts that match clean rows only: the old plan's first
            // analysis of the called number.
            let analysis = plan == 0 && pruning != nil ? observations.firstIndex(where: \.isCalledAnalysis) : nil
            while i < observations.count {
                if case .callerLimit(_, let others) = observations[i] { duration = DurationLimit(others: others, includesCaller: true) }
                let verdict = check(observations[i], plan: plan, set: set, region: region, context: &context, records: &records)
                switch verdict {
                case .holds:
                    if i == analysis && !(knownNotClean && region == startRegion),
                        let left = cleanBut(region, at: observations[i], witnessLength: witness.utf8.count)
                    {
                        guard let goesOn = keep(left, witness: witness, set: set, pending: &pending) else { return [] }
                        region = goesOn
                    }
                    i += 1
                case .regions(let parts):
                    guard let keep = parts.firstIndex(where: { $0.witness == witness }) else {
                        throw SpaceError.internal("no part of \(region.pattern) holds its witness \(witness)")
                    }
                    // A part split off at or after the first analysis is seen there as the
                    // whole region was (every decision before it held for the region).
                    let pruned = analysis.map { $0 <= i } ?? false
                    var states: [Pending] = []
                    for (k, part) in parts.enumerated() where k != keep {
                        settle(
                            part, splitAt: observations[i], plan: plan, set: set, pruneAt: pruned ? observations[analysis!] : nil,
                            analysis: analysis.map { observations[$0] }, witnessLength: witness.utf8.count, into: &states)
                    }
                    pending.append(contentsOf: states.reversed())
                    region = parts[keep]
                    // So is the part that goes on: when it is clean, the other plan is not run.
                    if pruned && i > analysis!,
                        let left = cleanBut(region, at: observations[analysis!], witnessLength: witness.utf8.count)
                    {
                        guard let goesOn = self.keep(left, witness: witness, set: set, pending: &pending) else { return [] }
                        region = goesOn
                    }
                case .origins(let parts):
                    // After the first analysis the region is known not to be clean (else the
                    // state would have ended there).
                    let known = analysis.map { $0 < i } ?? false
                    for part in parts.dropFirst().reversed() { pending.append(Pending(set: part, region: region, known: known)) }
                    set = parts[0]
                }
            }
            // Each follow-me destination is a call of its own, to a number of the plan's: its
            // decisions on the number hold for every region, those on the origin split the set.
            var legCallers: [CallerValue] = []
            for leg in observer.legs {
                if let what = leg.unsupportedDecision {
                    throw SpaceError.unsupported(
                        what, call: call, plan: models.count == 1 ? "the plan" : plan == 0 ? "the old plan" : "the new plan")
                }
                if let problem = leg.inconsistency { throw SpaceError.internal(problem) }
                var legContext = CallerContext.analyzed
                for observation in leg.observations {
                    switch check(observation, plan: plan, set: set, region: region, context: &legContext, records: &records) {
                    case .holds: break
                    case .regions:
                        throw SpaceError.internal("a follow-me destination of \(call.summary) depends on the number dialled")
                    case .origins(let parts):
                        for part in parts.dropFirst().reversed() {
                            pending.append(Pending(set: part, region: region, known: analysis != nil))
                        }
                        set = parts[0]
                    }
                }
                try checkCaller(leg, of: representative, context: legContext, plan: plan, call: call)
                legCallers.append(callerValue(legContext, plan: plan))
            }
            try checkCaller(observer, of: representative, context: context, plan: plan, call: call)
            let followMe = result.followMe.map {
                FollowMeSignature($0, observers: observer.legs, callers: legCallers, region: region)
            }
            runs.append((result, observer, callerValue(context, plan: plan), duration, followMe))
            matched.append(records)
        }
        let signatures = runs.map { run in
            RouteSignature(
                result: run.result, observer: run.observer, region: region, caller: run.caller, duration: run.duration,
                followMe: run.followMe)
        }
        return [SpaceLeaf(originSet: set, region: region, signatures: signatures, matched: matched)]
    }

    /// Checks that the caller a run followed is what the representative's class presents in
    /// `context`. The rep may be longer than its class's shortest caller (an unknown caller
    /// skips the numbers that name local users): its rewrite is read at its own length.
    private func checkCaller(
        _ observer: CallObserver, of representative: OriginClass, context: CallerContext, plan: Int, call: Call
    ) throws(SpaceError) {
        let caller = callerRewrite(of: representative.id, plan: plan, context: context)
        let followed = Rewrite(cells: observer.caller, minLength: representative.representativeCaller.utf8.count)
        if followed != caller {
            throw SpaceError.internal(
                "the caller of \(call.origin) is \(followed.text()) but its class presents \(caller.text()) (\(context))")
        }
    }

    /// The states a part split off at decision `observation` (a lookup, from a run of a witness
    /// of `witnessLength` characters) leads to, in the order they are explored, appended to
    /// `states` — without running it.
    ///
    /// Every decision before `observation` held for the region the part was split from, so
    /// the part's own run would make them alike and then make the same lookup, its number
    /// being the same cells with the characters its longer witness adds (a number that
    /// `extends` goes on with the dialled number's characters from `witnessLength` on). So the
    /// lookup is checked against the part here: where it splits the part again, each piece is
    /// settled the same way (the piece that holds the part's witness first, as the part's run
    /// would go on with it), and only the pieces it holds for are queued to be run. With
    /// `pruneAt` (`diff`'s first analysis, which every piece is seen at as the region was),
    /// each piece is first checked for pruning (`cleanBut`); before it, a piece of a split at
    /// the speed-dial entries for every caller is checked at `analysis`, the run's first
    /// analysis, with the number the piece's entry puts there (`speedDialIsClean`).
    private func settle(
        _ part: NumberRegion, splitAt observation: Observation, plan: Int, set: Int, pruneAt: Observation?, analysis: Observation?,
        witnessLength: Int, into states: inout [Pending]
    ) {
        if let at = pruneAt, let left = cleanBut(part, at: at, witnessLength: witnessLength) {
            states.append(contentsOf: left.map { Pending(set: set, region: $0, known: true) })
            return
        }
        // Only where a piece may be dropped unrun: elsewhere (`map`, the new plan, `diff
        // --explore-all`) the part's own run checks the lookup, and settling it here first
        // would only check it twice.
        guard pruneAt != nil || analysis != nil, case .lookup(_, let root, let exact, var number, _) = observation,
            number.extends || part.minLength == witnessLength
        else {
            states.append(Pending(set: set, region: part, known: pruneAt != nil))
            return
        }
        if number.extends && part.minLength > witnessLength {
            number.cells.append(contentsOf: (witnessLength..<part.minLength).map { Int32($0) })
        }
        if case .split(let pieces) = analyzers[plan].lookup(root: root, exact: exact, number: number, in: part) {
            let first = pieces.firstIndex { $0.witness == part.witness } ?? 0
            for k in [first] + pieces.indices.filter({ $0 != first }) {
                settle(
                    pieces[k], splitAt: observation, plan: plan, set: set, pruneAt: pruneAt, analysis: analysis,
                    witnessLength: witnessLength, into: &states)
            }
            return
        }
        // The lookup holds for the part.
        if pruneAt == nil, let analysis, speedDialIsClean(part, at: observation, analysis: analysis, witnessLength: witnessLength) {
            return
        }
        states.append(Pending(set: set, region: part, known: pruneAt != nil))
    }

    /// Whether `diff` may drop `part`, split off by the old plan's lookup of the speed-dial
    /// entries for every caller (`observation`, which holds for it) in a run whose first
    /// analysis was `analysis`.
    ///
    /// Every decision before the lookup held for the part, and the lookup finds one entry (or
    /// none) for all its numbers. An entry puts its destination in place of the number, the
    /// same for every number of the part; no entry leaves the dialled number, which the run
    /// analysed too when it found none. Between the lookup and the first analysis the call
    /// reads tables that are the same in both plans (hunting-group detection), in the dial
    /// plan caller analysis chose: so the part is seen at that analysis, under its root, with
    /// that number (`DiffPruning.cleanBut`).
    private func speedDialIsClean(_ part: NumberRegion, at observation: Observation, analysis: Observation, witnessLength: Int)
        -> Bool
    {
        guard case .lookup(.speedDial, let root, let exact, _, let result) = observation,
            case .lookup(.calledAnalysis, let analysisRoot, _, let number, _) = analysis, pruning != nil
        else { return false }
        let model = models[0]
        let entry = exact ? model.trie.exactMatch(part.witness, root: root) : model.trie.longestPrefix(part.witness, root: root)
        if entry >= 0 {
            let destination = NumberCells.literal(model.snapshot.speedDials[Int(entry)].destination)
            return pruning?.cleanBut(part, root: analysisRoot, number: destination, witnessLength: witnessLength) == []
        }
        // No entry: the number analysed is the dialled one, as it was for the run's witness.
        guard result < 0 else { return false }
        return pruning?.cleanBut(part, root: analysisRoot, number: number, witnessLength: witnessLength) == []
    }

    /// Whether `diff` may drop `region`: at the analysis `observation`, its numbers match clean
    /// rows only (`DiffPruning`) but for the numbers returned (single names of users whose
    /// calls are analysed again), which are still to be explored; nil when it may not.
    private func cleanBut(_ region: NumberRegion, at observation: Observation, witnessLength: Int) -> [NumberRegion]? {
        guard case .lookup(_, let root, _, let number, _) = observation else { return nil }
        return pruning?.cleanBut(region, root: root, number: number, witnessLength: witnessLength)
    }

    /// The region a run goes on with when only `left` of its region is still to be explored:
    /// the part that holds the witness, if any (the others are queued, known not to be clean);
    /// nil when the run ends (every part queued, or none left).
    private func keep(_ left: [NumberRegion], witness: String, set: Int, pending: inout [Pending]) -> NumberRegion? {
        let going = left.firstIndex { $0.witness == witness }
        for (k, part) in left.enumerated().reversed() where k != going { pending.append(Pending(set: set, region: part, known: true)) }
        return going.map { left[$0] }
    }

    /// The duration limit (`maxdura`) of class `c`'s origins in plan `plan` (0: none, or no local user).
    public func callerLimit(of c: Int, plan: Int) -> Int { catalog.classes[c].attributes[plan].limit }

    /// The signature's caller for a context: the refine-caller group by its ID.
    func callerValue(_ context: CallerContext, plan: Int) -> CallerValue {
        switch context {
        case .analyzed: return .origin(refinedBy: nil)
        case .refined(let root): return .origin(refinedBy: refineGroups[plan][root])
        }
    }

    /// The caller class `c` presents for a signature's caller value, as a rewrite of its own
    /// caller number (nil for a number of the line's or trunk's own).
    public func callerRewrite(of c: Int, plan: Int, _ value: CallerValue) -> Rewrite? {
        callerContext(value, plan: plan).map { callerRewrite(of: c, plan: plan, context: $0) }
    }

    /// The context of a signature's caller value in plan `plan` (nil for a number of the line's
    /// or trunk's own).
    func callerContext(_ value: CallerValue, plan: Int) -> CallerContext? {
        guard case .origin(let group) = value else { return nil }
        return group.flatMap { models[plan].callerRefineRoots[$0] }.map { .refined(root: $0) } ?? .analyzed
    }

    /// What class `c` (an ID of the catalog) answers to `decision`.
    func value(of decision: OriginDecision, for c: Int) -> DecisionValue {
        let model = { (plan: Int) in self.models[plan] }
        switch decision {
        case .callLevel(let plan, let level):
            switch catalog.classes[c].kind {
            case .localUser:
                let callLevel = catalog.classes[c].attributes[plan].callLevel ?? 0
                return .number(model(plan).admits(userLevel: callLevel, level: level) ? 1 : 0)
            case .sipTrunk, .externalLine: return .number(model(plan).assumptions.callLevelNonUsers == .nobody ? 0 : 1)
            case .unknownCaller: return .number(model(plan).assumptions.callLevelNonUsers == .everyone ? 1 : 0)
            }
        case .defaultLine(let plan):
            return .number(catalog.classes[c].attributes[plan].defaultLine ?? -1)
        case .ownSpeedDial(let plan, let number, let exact):
            let root = catalog.classes[c].attributes[plan].ownSpeedDials
            guard root >= 0 else { return .number(-1) }
            let trie = model(plan).trie
            return .number(Int(exact ? trie.exactMatch(number, root: root) : trie.longestPrefix(number, root: root)))
        case .ringGroupCaller(let plan, let group, let calledUser):
            // Only a class of its own can be a member (`ClassAttributes.ringGroupUser`).
            let user = catalog.classes[c].attributes[plan].ringGroupUser
            return .number(user >= 0 && user != calledUser && model(plan).users[Int(user)].ringGroup == group ? 1 : 0)
        }
    }

    /// The classes of `members` whose own speed-dial entries can match `number` in plan `plan`, with
    /// what they match (`value(of:for:)`); every other class matches none of its own (-1).
    func ownSpeedDialMatches(of members: ClassSet, plan: Int, number: String, exact: Bool) -> [Int: DecisionValue] {
        var found: [Int: DecisionValue] = [:]
        let decision = OriginDecision.ownSpeedDial(plan: plan, number: number, exact: exact)
        for root in owners[plan].roots(matching: number, exact: exact) {
            for c in speedDialClasses[plan][root] ?? [] where members.contains(c) {
                found[c] = value(of: decision, for: c)
            }
        }
        return found
    }

    /// Checks one decision of the run for the state.
    private func check(
        _ observation: Observation, plan: Int, set: Int, region: NumberRegion, context: inout CallerContext,
        records: inout [MatchedRecord]
    ) -> Verdict {
        let analyzer = analyzers[plan]
        let model = models[plan]
        func regions(_ verdict: RegionVerdict) -> Verdict {
            if case .split(let parts) = verdict { return .regions(parts) }
            return .holds
        }
        func origins(_ decision: OriginDecision) -> Verdict {
            let parts: [Int]
            if case .ownSpeedDial(let plan, let number, let exact) = decision {
                // Few classes own an entry that can match: the others are not asked one by one.
                let members = sets.members[set]
                parts = sets.split(set, decision, common: .number(-1)) {
                    ownSpeedDialMatches(of: members, plan: plan, number: number, exact: exact)
                }
            } else if case .ringGroupCaller(let plan, let group, _) = decision {
                // Only the classes of the group's members can answer 1: the others are not asked.
                let members = sets.members[set]
                parts = sets.split(set, decision, common: .number(0)) {
                    var found: [Int: DecisionValue] = [:]
                    for c in ringGroupClasses[plan][group] ?? [] where members.contains(c) { found[c] = value(of: decision, for: c) }
                    return found
                }
            } else {
                parts = sets.split(set, decision) { value(of: decision, for: $0) }
            }
            return parts.count > 1 ? .origins(parts) : .holds
        }
        switch observation {
        case .lookup(let site, let root, let exact, let number, let result):
            if result >= 0 { records.append(MatchedRecord(table: site.table, index: Int(result))) }
            return regions(analyzer.lookup(root: root, exact: exact, number: number, in: region))
        case .ownSpeedDial(_, let exact, let number, let result):
            guard !owners[plan].isEmpty else { return .holds }
            let verdict = regions(ownerAnalyzers[plan].lookup(root: owners[plan].root, exact: exact, number: number, in: region))
            if case .regions = verdict { return verdict }
            if result >= 0 { records.append(MatchedRecord(table: .speedDials, index: Int(result))) }
            let text = number.text(input: region.witnessBytes, extendedFrom: region.minLength)
            // No caller's own entry matches: every class falls through to the shared entries.
            guard owners[plan].matches(text, model: model) else { return .holds }
            return origins(.ownSpeedDial(plan: plan, number: text, exact: exact))
        case .prefixCheck(let prefix, let number, _):
            return regions(analyzer.prefixCheck(prefix, number: number, in: region))
        case .cut(let transition, let bounds, let number, _):
            return regions(analyzer.cut(transition, bounds: bounds, number: number, in: region))
        case .comparison(let a, let b, _):
            return regions(analyzer.comparison(a, b, in: region))
        case .userLookup(let number, let result):
            if let result { records.append(MatchedRecord(table: .localUsers, index: Int(result))) }
            let verdict = regions(analyzer.lookup(root: model.userNameRoot, exact: true, number: number, in: region))
            if case .regions = verdict { return verdict }
            // Names that are no dial strings are looked up by hashing the whole number.
            for name in nonDialUserNames[plan] {
                let byName = regions(analyzer.comparison(number, .literal(name), in: region))
                if case .regions = byName { return byName }
            }
            return .holds
        case .callLevel(let level, _):
            return origins(.callLevel(plan: plan, level: level))
        case .defaultLine:
            return origins(.defaultLine(plan: plan))
        case .ringGroupCaller(let group, let calledUser):
            return origins(.ringGroupCaller(plan: plan, group: group, calledUser: calledUser))
        case .callerLimit:
            // A value the signature keeps symbolic (`DurationLimit`): no split.
            return .holds
        case .refineCaller(let root, _):
            context = root.map { .refined(root: $0) } ?? .analyzed
            return .holds
        case .callerReset:
            context = .analyzed
            return .holds
        case .callerLookup, .callerCut:
            // Caller analysis and whose speed dials apply: the same for every class of a set
            // (classes are made by what they do).
            return .holds
        }
    }

    /// The caller a class presents in `context`, as a rewrite of its caller number.
    func callerRewrite(of origin: Int, plan: Int, context: CallerContext) -> Rewrite {
        rewriteTable[plan][Int(callerRewriteID(of: origin, plan: plan, context: context))]
    }

    /// `callerRewrite(of:plan:context:)` as a number: classes that present the same caller in
    /// `context` of plan `plan` have the same.
    func callerRewriteID(of origin: Int, plan: Int, context: CallerContext) -> Int32 {
        callerRewriteID(of: origin, plan: plan, context: context, in: rewriteIDs(plan: plan, context: context))
    }

    /// The numbers of the classes' rewrites in `context` of plan `plan`, as far as known.
    func rewriteIDs(plan: Int, context: CallerContext) -> RewriteIDs {
        if let known = rewrites[plan][context] { return known }
        let table = RewriteIDs(count: catalog.classes.count, shapes: shapes[plan].paths.count)
        rewrites[plan][context] = table
        return table
    }

    /// `callerRewriteID(of:plan:context:)` with the context's table at hand.
    func callerRewriteID(of origin: Int, plan: Int, context: CallerContext, in table: RewriteIDs) -> Int32 {
        let known = table.ids[origin]
        if known >= 0 { return known }
        let cells = catalog.classes[origin].analyzedCells[plan]
        let minLength = catalog.classes[origin].callerBounds.min
        if case .refined(let root) = context {
            // Classes of one shape present the same refined caller: it is made once per shape.
            let shape = Int(shapes[plan].ofClass[origin])
            if shape >= 0 && table.byShape[shape] >= 0 {
                table.ids[origin] = table.byShape[shape]
                return table.byShape[shape]
            }
            let text: String
            if shape >= 0 {
                text = shapes[plan].paths[shape]
            } else {
                let input = Array(catalog.classes[origin].representativeCaller.utf8)
                text = cells.text(input: input, extendedFrom: input.count)
            }
            let id = refinedRewriteID(of: origin, plan: plan, root: root, text: text)
            table.ids[origin] = id
            if shape >= 0 { table.byShape[shape] = id }
            return id
        }
        let id = rewriteID(Rewrite(cells: cells, minLength: minLength), plan: plan)
        table.ids[origin] = id
        return id
    }

    /// The caller shape of every class in plan `plan`: classes of one shape present the same
    /// refined caller in every refine group, or -1 when the class's analyzed caller holds
    /// characters outside the dial alphabet (it is then refined on its own).
    ///
    /// A refine group takes the longest of its rows' prefixes that starts the analyzed caller.
    /// Every such prefix is a dial string (the caller is one) and so a node of the union trie
    /// along the caller: it starts the caller's path through that trie, and every prefix of the
    /// path starts the caller. So the path finds the same row as the caller in every group, and
    /// the rewrite follows from the row, the cells and the length.
    private static func callerShapes(catalog: OriginCatalog, plan: Int) -> CallerShapes {
        let union = RefineUnion(catalog.models[plan])
        var numbers: [ShapeKey: Int32] = [:]
        var paths: [String] = []
        var ofClass: [Int32] = []
        ofClass.reserveCapacity(catalog.classes.count)
        for c in catalog.classes {
            let cells = c.analyzedCells[plan]
            let input = Array(c.representativeCaller.utf8)
            let text = cells.text(input: input, extendedFrom: input.count)
            guard DigitTrie.isDialString(text) else {
                ofClass.append(-1)
                continue
            }
            let key = ShapeKey(cells: cells, minLength: c.callerBounds.min, path: union.path(of: text))
            if let number = numbers[key] {
                ofClass.append(number)
            } else {
                numbers[key] = Int32(paths.count)
                ofClass.append(Int32(paths.count))
                paths.append(key.path)
            }
        }
        return CallerShapes(ofClass: ofClass, paths: paths)
    }

    /// The number of class `origin`'s rewrite in refine group `root` of plan `plan`, its
    /// analyzed caller (or a text that finds the same row) being `text`.
    private func refinedRewriteID(of origin: Int, plan: Int, root: Int32, text: String) -> Int32 {
        let model = models[plan]
        var cells = catalog.classes[origin].analyzedCells[plan]
        let minLength = catalog.classes[origin].callerBounds.min
        let row = model.trie.longestPrefix(text, root: root)
        guard row >= 0, let t = model.callerRefineTransitions[Int(row)].index,
            let cut = model.transitions[t].cut(count: cells.cells.count, bounds: model.assumptions.transitionBounds)
        else {
            // No row, or one that does not rewrite: the caller as analysis left it.
            return callerRewriteID(of: origin, plan: plan, context: .analyzed)
        }
        // The rewrite follows from the cells, the row and the length alone: classes that
        // share them share it.
        let key = RefinedKey(plan: plan, row: row, cells: cells, minLength: minLength)
        if let id = refined[key] { return id }
        cells = cells.cutting(cut, inserting: model.transitions[t].prefix)
        let id = rewriteID(Rewrite(cells: cells, minLength: minLength), plan: plan)
        refined[key] = id
        return id
    }

    /// The number of `rewrite` in plan `plan`'s table.
    private func rewriteID(_ rewrite: Rewrite, plan: Int) -> Int32 {
        if let known = rewriteNumbers[plan][rewrite] { return known }
        let id = Int32(rewriteTable[plan].count)
        rewriteTable[plan].append(rewrite)
        rewriteNumbers[plan][rewrite] = id
        return id
    }
}
extension LookupSite {
    var table: Table {
        switch self {
        case .speedDial: return .speedDials
        case .huntingDetection: return .huntingDetections
        case .calledAnalysis: return .calledAnalysis
        case .calledRefinement: return .calledRefinements
        }
    }
}

extension Observation {
    /// A lookup of analyze called number.
    var isCalledAnalysis: Bool {
        if case .lookup(.calledAnalysis, _, _, _, _) = self { return true }
        return false
    }
}
