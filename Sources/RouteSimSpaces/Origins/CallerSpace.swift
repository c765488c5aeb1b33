import DialPlan
import DigitTrie
import RouteSim

/// Every refine-caller prefix of a plan in one trie: the path a caller takes through it says
/// which row of every refine-caller group matches the caller.
///
/// Two callers that reach the same place in this trie have the same set of refine prefixes that
/// start them, so the same longest row in each group: one walk instead of one per group.
struct RefineUnion {
    let trie: DigitTrie
    let root: Int32
    /// The rows of every group by their prefix.
    let rowsByPrefix: [String: [Int]]

    init(_ model: RoutingModel) {
        var trie = DigitTrie()
        let root = trie.makeRoot()
        var rows: [String: [Int]] = [:]
        for (i, row) in model.snapshot.callerRefinements.enumerated() {
            // As the model's index holds it: `*` is the empty catch-all under `starIsCatchAll`.
            let prefix = model.matchedPrefix(row.callerPrefix)
            guard DigitTrie.isDialString(prefix) else { continue }
            trie.insert(prefix, root: root, value: Int32(i))
            rows[prefix, default: []].append(i)
        }
        trie.freeze()
        self.trie = trie
        self.root = root
        rowsByPrefix = rows
    }

    /// The longest path of `caller` through the trie (leaves included): its refine prefixes.
    func path(of caller: String) -> String {
        var node = trie.node(ofRoot: root)
        var length = 0
        for byte in caller.utf8 {
            let symbol = DigitTrie.symbol(byte)
            if symbol < 0 { break }
            let child = trie.child(of: node, symbol: symbol)
            if child == 0 { break }
            length += 1
            if child < 0 { break }
            node = Int(child)
        }
        return String(decoding: caller.utf8.prefix(length), as: UTF8.self)
    }

    /// The rows whose prefix starts `caller` (every group's candidates).
    func rows(along caller: String) -> [Int] {
        let path = Array(path(of: caller).utf8)
        var rows: [Int] = []
        for length in 0...path.count {
            if let here = rowsByPrefix[String(decoding: path.prefix(length), as: UTF8.self)] { rows += here }
        }
        return rows
    }
}

/// What analyze caller number, speed dial and refine caller number make of a caller, in one
/// plan: the same for every caller of a caller class.
struct CallerProfile: Hashable, Sendable {
    /// The dial plan caller analysis switches to (nil: the call keeps its plan).
    var planSwitch: Int32?
    var analyzed: NumberCells
    var refinePath: String
    /// The caller's own speed-dial root, or -1.
    var ownSpeedDials: Int32
    /// The caller's length, where a refine row's transition depends on it; else -1.
    var lengthDependence: Int
}

/// The caller space cut into regions whose callers every caller-side stage treats alike, in
/// each plan compared: caller analysis (its row and its transition), whose own speed-dial
/// entries apply, and which refine-caller row of every group matches (with its transition).
///
/// Found as the called space is: each region's witness runs through the simulator's origin
/// stages with an observer, and a region splits until every decision is the same for all its
/// callers (`RegionAnalyzer`).
struct CallerSpace {
    struct Leaf {
        var region: NumberRegion
        /// One profile per plan compared.
        var profiles: [CallerProfile]
    }

    private(set) var leaves: [Leaf] = []

    init(models: [RoutingModel], unions: [RefineUnion], maxLength: Int) throws(SpaceError) {
        let simulators = models.map(Simulator.init(model:))
        let analyzers = models.map { RegionAnalyzer(trie: $0.trie) }
        let unionAnalyzers = unions.map { RegionAnalyzer(trie: $0.trie) }
        var pending = [NumberRegion.all(maxLength: maxLength)]
        work: while let region = pending.popLast() {
            var profiles: [CallerProfile] = []
            for (i, model) in models.enumerated() {
                let witness = region.witness
                let observer = CallObserver()
                do {
                    _ = try simulators[i].observeOrigin(.caller(witness), with: observer)
                } catch {
                    throw SpaceError.internal("caller \(witness) cannot be simulated: \(error.message)")
                }
                if let problem = observer.inconsistency { throw SpaceError.internal(problem) }
                var analysisRow: Int32 = -1
                for observation in observer.observations {
                    let verdict: RegionVerdict
                    switch observation {
                    case .callerLookup(.callerAnalysis, let root, let exact, let number, let result):
                        analysisRow = result
                        verdict = analyzers[i].lookup(root: root, exact: exact, number: number, in: region)
                    case .callerCut(let transition, let bounds, let number, _):
                        verdict = analyzers[i].cut(transition, bounds: bounds, number: number, in: region)
                    default:
                        verdict = .invariant
                    }
                    if case .split(let parts) = verdict {
                        pending += parts.reversed()
                        continue work
                    }
                }
                // Own speed dials: the caller as it arrived, exactly.
                if case .split(let parts) = analyzers[i].lookup(
                    root: model.speedDialCallerRoot, exact: true, number: .input(count: region.minLength), in: region)
                {
                    pending += parts.reversed()
                    continue work
                }
                // Refine caller number: the union walk, then every row along it.
                let analyzed = observer.analyzedCaller
                let analyzedText = analyzed.text(input: Array(witness.utf8), extendedFrom: witness.utf8.count)
                if case .split(let parts) = unionAnalyzers[i].lookup(
                    root: unions[i].root, exact: false, number: analyzed, in: region)
                {
                    pending += parts.reversed()
                    continue work
                }
                var lengthDependence = -1
                for row in unions[i].rows(along: analyzedText) {
                    guard let t = model.callerRefineTransitions[row].index else { continue }
                    let transition = model.transitions[t]
                    let bounds = model.assumptions.transitionBounds
                    if case .split(let parts) = analyzers[i].cut(transition, bounds: bounds, number: analyzed, in: region) {
                        pending += parts.reversed()
                        continue work
                    }
                    if transition.kind != .unknown && analyzed.cells.count < Self.reach(transition) {
                        lengthDependence = region.minLength
                    }
                }
                let own = model.speedDialRoot(forCaller: witness) ?? -1
                profiles.append(
                    CallerProfile(
                        planSwitch: analysisRow >= 0 ? model.callerAnalysisPlans[Int(analysisRow)] : nil, analyzed: analyzed,
                        refinePath: unions[i].path(of: analyzedText), ownSpeedDials: own, lengthDependence: lengthDependence))
            }
            leaves.append(Leaf(region: region, profiles: profiles))
        }
    }

    /// How far into a number a transition reaches: its start, plus its length when it removes.
    static func reach(_ transition: CompiledTransition) -> Int {
        max(transition.start, 0) + (transition.kind == .add ? 0 : max(transition.length, 0))
    }
}

/// An error of the symbolic analysis itself: a bug, never bad input. The message says what
/// went wrong so that it can be reported.
public struct SpaceError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }

    /// A call met a decision the analysis does not follow symbolically (a named limitation,
    /// docs/spaces.md): the analysis stops rather than give a region it cannot vouch for.
    static func unsupported(_ what: String, call: Call, plan: String) -> SpaceError {
        SpaceError(
            message:
                "the number-space analysis cannot follow this plan: \(what) (met when \(call.summary) in \(plan)): ask routesim route for these numbers"
        )
    }

    static func `internal`(_ what: String) -> SpaceError {
        SpaceError(message: "internal error in the number-space analysis (please report it): \(what)")
    }
}
