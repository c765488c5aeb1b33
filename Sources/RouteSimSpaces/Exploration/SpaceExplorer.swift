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
    let owners: [SpeedDialOwners]
    let ownerAnalyzers: [RegionAnalyzer]
    let nonDialUserNames: [[String]]
    var sets = OriginSets()
    private var rewrites: [RewriteKey: Rewrite] = [:]
    /// Simulated calls so far (per plan).
    public private(set) var runs = 0

    private struct RewriteKey: Hashable {
        var origin: Int
        var plan: Int
        var context: CallerContext
    }

    public init(catalog: OriginCatalog) {
        self.catalog = catalog
        models = catalog.models
        simulators = models.map(Simulator.init(model:))
        analyzers = models.map { RegionAnalyzer(trie: $0.trie) }
        owners = models.map(SpeedDialOwners.init)
        ownerAnalyzers = owners.map { RegionAnalyzer(trie: $0.trie) }
        nonDialUserNames = models.map { $0.snapshot.localUsers.map(\.name).filter { !DigitTrie.isDialString($0) } }
    }

    /// The classes of an origin set.
    public func originSet(_ set: Int) -> [Int] { sets.members[set] }

    /// The groups of classes the catalog explores together.
    public var groups: [[Int]] { catalog.groups }

    /// Explores `region` for the classes of `group`, calling `leaf` with each leaf in order
    /// (region by region, parts in symbol order).
    public func explore(group: [Int], region: NumberRegion, leaf: (SpaceLeaf) throws -> Void) throws {
        var pending: [(set: Int, region: NumberRegion)] = [(sets.intern(group), region)]
        while let (set, region) = pending.popLast() {
            switch try step(set, region) {
            case .leaf(let found): try leaf(found)
            case .split(let parts): pending += parts.reversed()
            }
        }
    }

    enum StepResult {
        case leaf(SpaceLeaf)
        case split([(set: Int, region: NumberRegion)])
    }

    /// Runs the state's witness in every plan and checks its decisions.
    func step(_ set: Int, _ region: NumberRegion) throws(SpaceError) -> StepResult {
        let representative = catalog.classes[sets.members[set][0]]
        let call = Call(origin: representative.representative, called: region.witness)
        var signatures: [RouteSignature] = []
        var matched: [[MatchedRecord]] = []
        for plan in models.indices {
            let observer = CallObserver()
            let result: RouteResult
            do {
                result = try simulators[plan].observe(call, with: observer)
            } catch {
                throw SpaceError.internal("\(call.origin) dialling \(call.called) cannot be simulated: \(error.message)")
            }
            runs += 1
            if let problem = observer.inconsistency { throw SpaceError.internal(problem) }
            var context = CallerContext.analyzed
            var records: [MatchedRecord] = []
            for observation in observer.observations {
                if let split = check(observation, plan: plan, set: set, region: region, context: &context, records: &records) {
                    return .split(split)
                }
            }
            let parts = sets.split(set, .callerRewrite(plan: plan, context: context)) { c in
                .rewrite(callerRewrite(of: c, plan: plan, context: context))
            }
            if parts.count > 1 { return .split(parts.map { ($0, region) }) }
            let caller = callerRewrite(of: representative.id, plan: plan, context: context)
            let followed = Rewrite(cells: observer.caller, minLength: representative.callerBounds.min)
            if followed != caller {
                throw SpaceError.internal(
                    "the caller of \(call.origin) is \(followed.text()) but its class presents \(caller.text()) (\(context))")
            }
            signatures.append(RouteSignature(result: result, observer: observer, region: region, caller: caller))
            matched.append(records)
        }
        return .leaf(SpaceLeaf(originSet: set, region: region, signatures: signatures, matched: matched))
    }

    /// Checks one decision; the parts to explore instead when it does not hold for the state.
    private func check(
        _ observation: Observation, plan: Int, set: Int, region: NumberRegion, context: inout CallerContext,
        records: inout [MatchedRecord]
    ) -> [(set: Int, region: NumberRegion)]? {
        let analyzer = analyzers[plan]
        let model = models[plan]
        func regions(_ verdict: RegionVerdict) -> [(set: Int, region: NumberRegion)]? {
            if case .split(let parts) = verdict { return parts.map { (set, $0) } }
            return nil
        }
        func origins(_ decision: OriginDecision, _ value: (OriginClass) -> DecisionValue) -> [(set: Int, region: NumberRegion)]? {
            let parts = sets.split(set, decision) { value(catalog.classes[$0]) }
            return parts.count > 1 ? parts.map { ($0, region) } : nil
        }
        switch observation {
        case .lookup(let site, let root, let exact, let number, let result):
            if result >= 0 { records.append(MatchedRecord(table: site.table, index: Int(result))) }
            return regions(analyzer.lookup(root: root, exact: exact, number: number, in: region))
        case .ownSpeedDial(_, let exact, let number, let result):
            guard !owners[plan].isEmpty else { return nil }
            if let split = regions(ownerAnalyzers[plan].lookup(root: owners[plan].root, exact: exact, number: number, in: region)) {
                return split
            }
            if result >= 0 { records.append(MatchedRecord(table: .speedDials, index: Int(result))) }
            let text = number.text(input: region.witnessBytes, extendedFrom: region.minLength)
            return origins(.ownSpeedDial(plan: plan, number: text, exact: exact)) { c in
                let root = c.attributes[plan].ownSpeedDials
                guard root >= 0 else { return .number(-1) }
                return .number(Int(exact ? model.trie.exactMatch(text, root: root) : model.trie.longestPrefix(text, root: root)))
            }
        case .prefixCheck(let prefix, let number, _):
            return regions(analyzer.prefixCheck(prefix, number: number, in: region))
        case .cut(let transition, let bounds, let number, _):
            return regions(analyzer.cut(transition, bounds: bounds, number: number, in: region))
        case .comparison(let a, let b, _):
            return regions(analyzer.comparison(a, b, in: region))
        case .userLookup(let number, let result):
            if let result { records.append(MatchedRecord(table: .localUsers, index: Int(result))) }
            if let split = regions(analyzer.lookup(root: model.userNameRoot, exact: true, number: number, in: region)) { return split }
            // Names that are no dial strings are looked up by hashing the whole number.
            for name in nonDialUserNames[plan] {
                if let split = regions(analyzer.comparison(number, .literal(name), in: region)) { return split }
            }
            return nil
        case .callLevel(let level, _):
            return origins(.callLevel(plan: plan, level: level)) { c in
                switch c.kind {
                case .localUser: return .number(model.admits(userLevel: c.attributes[plan].callLevel ?? 0, level: level) ? 1 : 0)
                case .sipTrunk, .externalLine: return .number(1)
                case .unknownCaller: return .number(0)
                }
            }
        case .defaultLine:
            return origins(.defaultLine(plan: plan)) { .number($0.attributes[plan].defaultLine ?? -1) }
        case .callerLimit(_, let others):
            return origins(.callerLimit(plan: plan, others: others)) { .number(smallestDurationLimit($0.attributes[plan].limit, others)) }
        case .refineCaller(let root, _):
            context = root.map { .refined(root: $0) } ?? .analyzed
            return nil
        case .callerReset:
            context = .analyzed
            return nil
        case .callerLookup, .callerCut:
            // Caller analysis and whose speed dials apply: the same for every class of a set
            // (classes are made by what they do).
            return nil
        }
    }

    /// The caller a class presents in `context`, as a rewrite of its caller number.
    func callerRewrite(of origin: Int, plan: Int, context: CallerContext) -> Rewrite {
        let key = RewriteKey(origin: origin, plan: plan, context: context)
        if let known = rewrites[key] { return known }
        let c = catalog.classes[origin]
        let model = models[plan]
        var cells = c.analyzedCells[plan]
        if case .refined(let root) = context {
            let input = Array(c.representativeCaller.utf8)
            let text = cells.text(input: input, extendedFrom: input.count)
            let row = model.trie.longestPrefix(text, root: root)
            if row >= 0, let t = model.callerRefineTransitions[Int(row)].index {
                let transition = model.transitions[t]
                if let cut = transition.cut(count: cells.cells.count, bounds: model.assumptions.transitionBounds) {
                    cells = cells.cutting(cut, inserting: transition.prefix)
                }
            }
        }
        let rewrite = Rewrite(cells: cells, minLength: c.callerBounds.min)
        rewrites[key] = rewrite
        return rewrite
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
