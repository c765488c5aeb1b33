import DialPlan
import DigitTrie
import RouteSim

/// What `diff` can leave unexplored: the parts of the called-number space whose calls route
/// alike in both plans without looking.
///
/// It applies when the two plans differ in their `anacldnbr` rows only (every other table, the
/// dial plans, the assumptions and every origin class the same). A row is **shared** when the
/// same row (dial plan, prefix and every field) is in both plans. A shared row is **clean**
/// when what comes after it reads no other `anacldnbr` row: it does not re-analyse, and it
/// routes to a line, a trunk, a routing group or an interception, or (without changing the
/// number) to the local user the number names when no number of the part names a user who
/// forwards or has follow-me (their calls are analysed again; who rings in a ring group reads
/// the users only, the same in both plans, with the caller's class). At the first
/// analysis of the called number, a part of the region whose every number, in both plans, can
/// only match clean rows — every valued trie node its numbers can reach is clean, and every
/// number matches one — does the same in both: everything the call read before was the same
/// in both plans (tables that did not change), the lookup finds the same row, and everything
/// after it reads unchanged tables only.
///
/// **Through re-analysis.** A shared row that changes the number and re-analyses it does not end
/// the walk: the numbers that reach it are rewritten by its transition and walked again from
/// the dial plan's root, as the next analysis pass looks them up (`Reading`). This is exact when
/// the transition touches only the characters the row's prefix matched (so it cuts every such
/// number alike, and the rest of the number follows unchanged) and it changes them (so the call
/// is analysed again); otherwise the part is explored. Every number that reaches the row is
/// rewritten and walked, including those a longer row below it takes — more than needed, never
/// less. In a pass after the first, a row to a user is not clean (the number is no longer the
/// one dialled), every number must match a row again (a miss would fall back to the defaults
/// with the kept record), and a pass past `maxAnalysisPasses` is not followed. Hunting-group
/// detection between passes reads `hgdect` only, the same in both plans, and ends the call.
///
/// The explorer drops such parts instead of simulating them; the rows it does explore, and so
/// the diff, are the ones the whole exploration finds.
struct DiffPruning {
    private let tries: [CompactTrie]
    /// The analysis root of each dial plan, per plan.
    private let roots: [[Int32?]]
    /// The dial plan of each analysis root of the old plan.
    private let planOfRoot: [Int32: Int]
    /// Per plan, per `anacldnbr` row: clean.
    private let cleanRow: [[Row]]
    /// Per plan, per trie node: 0 not known yet, 1 every row below (and at) it is clean, 2 not;
    /// `[0]` counting rows to users as not clean, `[1]` as clean.
    private var cleanBelow: [[[UInt8]]]
    /// Local users whose calls may be analysed again (a forward number, follow-me), their
    /// names as bytes in byte order (`NumberRegion.candidates(in:)`).
    private let reanalysingUsers: [[UInt8]]
    /// Per plan, the transition of each shared row that re-analyses (by row).
    private let rewrites: [[Int: CompiledTransition]]
    private let bounds: Assumptions.TransitionBounds
    private let maxPasses: Int
    /// The dial plan whose rows a number that matches none of its own plan's rows is looked up
    /// in next (`unmatchedPlanFallback=defaultPlan`), or nil.
    private let fallbackPlan: Int?

    /// What a row's calls read after it.
    enum Row: UInt8 {
        /// It changed, or it may lead to another analysis.
        case open
        /// The same in both plans, and nothing after it reads `anacldnbr`.
        case clean
        /// The same in both plans, and it delivers the number as it is to the user it names.
        case toUser
        /// The same in both plans, and it changes the number and analyses it again.
        case reanalyses
    }

    /// Nil when the plans differ in more than their `anacldnbr` rows, or a plan has two rows
    /// for one trie key (which one the trie holds could then differ).
    init?(old: RoutingModel, new: RoutingModel, catalog: OriginCatalog) {
        guard old.assumptions == new.assumptions, old.dialPlanNames == new.dialPlanNames,
            old.defaultDialPlan == new.defaultDialPlan
        else { return nil }
        var a = old.snapshot, b = new.snapshot
        a.calledAnalysis = []
        b.calledAnalysis = []
        a.metadata = nil
        b.metadata = nil
        guard a == b else { return nil }
        guard catalog.classes.allSatisfy({ $0.attributes[0] == $0.attributes[1] }) else { return nil }
        let models = [old, new]
        guard let pairs = Self.sameKeyRows(old, new) ?? Self.sameKeyRowsByHash(old, new) else { return nil }
        var clean: [[Row]] = models.map { Array(repeating: .open, count: $0.snapshot.calledAnalysis.count) }
        var rewrites: [[Int: CompiledTransition]] = [[:], [:]]
        // The pairs whose rows are the same, compared in place (a row is a large record).
        let same = old.snapshot.calledAnalysis.withUnsafeBufferPointer { a in
            new.snapshot.calledAnalysis.withUnsafeBufferPointer { b in pairs.map { a[$0.old] == b[$0.new] } }
        }
        for (k, (i, j)) in pairs.enumerated() where same[k] {
            let compiled = old.calledRecords[i]
            let closed: Row
            if compiled.changesNumber && compiled.reanalyze && compiled.routeKind != .unsupported {
                // Followed when its transition exists and is known (otherwise the number may
                // stay as it is, and the row routes: explored).
                guard let t = compiled.transition.index, old.transitions[t].kind != .unknown else { continue }
                closed = .reanalyses
                rewrites[0][i] = old.transitions[t]
                rewrites[1][j] = old.transitions[t]
            } else {
                switch compiled.routeKind {
                case .externalLine, .sipTrunk, .intercept, .routingGroup: closed = .clean
                case .localUser: closed = compiled.changesNumber ? .open : .toUser
                case .unsupported: closed = .open
                }
            }
            clean[0][i] = closed
            clean[1][j] = closed
        }
        self.rewrites = rewrites
        bounds = old.assumptions.transitionBounds
        maxPasses = old.assumptions.maxAnalysisPasses
        fallbackPlan = old.assumptions.unmatchedPlanFallback == .defaultPlan ? Int(old.defaultDialPlan) : nil
        tries = models.map(\.trie)
        roots = models.map(\.calledAnalysisRoots)
        var planOfRoot: [Int32: Int] = [:]
        for (d, root) in old.calledAnalysisRoots.enumerated() { if let root { planOfRoot[root] = d } }
        self.planOfRoot = planOfRoot
        cleanRow = clean
        cleanBelow = models.map { model in [0, 1].map { _ in Array(repeating: 0, count: model.trie.nodeCount) } }
        reanalysingUsers = old.snapshot.localUsers.filter { user in
            !user.forwardUnconditionalNumber.isEmpty || !user.forwardBusyNumber.isEmpty || !user.forwardNoAnswerNumber.isEmpty
                || !user.forwardUnreachableNumber.isEmpty || user.followMeType != 0 || !user.followMeDestinations.isEmpty
        }.map { Array($0.name.utf8) }.sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// The rows of the two plans under the same key (dial plan and matched prefix), when each
    /// plan's row `i` has the same key as the other's (as in a plan and its edited copy): nil
    /// when they are not so aligned, or a key is held by two rows of a plan.
    ///
    /// A key that is a dial string is held by the row the trie holds under it (the first), so
    /// a row that the trie does not hold at its key shares the key with an earlier row; the
    /// few others are counted in a dictionary.
    private static func sameKeyRows(_ old: RoutingModel, _ new: RoutingModel) -> [(old: Int, new: Int)]?? {
        let count = old.snapshot.calledAnalysis.count
        guard new.snapshot.calledAnalysis.count == count, old.calledAnalysisPlans.elementsEqual(new.calledAnalysisPlans) else {
            return .none
        }
        let aligned = old.snapshot.calledAnalysis.withUnsafeBufferPointer { a in
            new.snapshot.calledAnalysis.withUnsafeBufferPointer { b in (0..<count).allSatisfy { a[$0].calledPrefix == b[$0].calledPrefix } }
        }
        guard aligned else { return .none }
        let unique = old.snapshot.calledAnalysis.withUnsafeBufferPointer { rows in
            var others: Set<Key> = []
            for i in 0..<count {
                let plan = old.calledAnalysisPlans[i]
                let prefix = old.matchedPrefix(rows[i].calledPrefix)
                if DigitTrie.isDialString(prefix) {
                    guard let root = old.calledAnalysisRoots[Int(plan)], old.trie.exactMatch(prefix, root: root) == Int32(i) else {
                        return false
                    }
                } else if !others.insert(Key(plan: plan, prefix: prefix)).inserted {
                    return false
                }
            }
            return true
        }
        return .some(unique ? (0..<count).map { ($0, $0) } : nil)
    }

    private struct Key: Hashable {
        var plan: Int32
        var prefix: String
    }

    /// `sameKeyRows` for any two plans: every row's key hashed.
    private static func sameKeyRowsByHash(_ old: RoutingModel, _ new: RoutingModel) -> [(old: Int, new: Int)]? {
        var rows: [[Key: Int]] = []
        for model in [old, new] {
            var byKey: [Key: Int] = [:]
            byKey.reserveCapacity(model.snapshot.calledAnalysis.count)
            for (i, row) in model.snapshot.calledAnalysis.enumerated() {
                let key = Key(plan: model.calledAnalysisPlans[i], prefix: model.matchedPrefix(row.calledPrefix))
                if byKey.updateValue(i, forKey: key) != nil { return nil }
            }
            rows.append(byKey)
        }
        return rows[0].compactMap { key, i in rows[1][key].map { (i, $0) } }
    }

    /// Whether every number of `region`, at the first analysis of the called number (`number`
    /// under the old plan's `root`, from a run of a witness of `witnessLength` characters),
    /// matches a clean row in both plans: nil when not; else the numbers of the region that are
    /// still to be explored — none, or (`cleanBut`) the names of users whose calls are analysed
    /// again, each a region of its one number — every other number of it being clean.
    mutating func cleanBut(_ region: NumberRegion, root: Int32, number: NumberCells, witnessLength: Int) -> [NumberRegion]? {
        guard let plan = planOfRoot[root] else { return nil }
        // Rows to users (and the defaults) count as clean in a walk with `toUser`, which so holds
        // wherever the walk without it does: one walk is enough where it decides.
        func walk(toUser: Bool) -> Bool {
            isClean(region, plan: plan, number: number, witnessLength: witnessLength, toUser: toUser)
        }
        // A number the plan wrote whole (a speed dial's destination): the user a row to a
        // user delivers it to is the one it names, the same for every number of the region.
        if !number.extends, number.cells.allSatisfy({ NumberCells.literalByte($0) != nil }) {
            let name = number.cells.map { NumberCells.literalByte($0)! }
            return walk(toUser: !Self.holds(reanalysingUsers, name)) ? [] : nil
        }
        // Rows to users are clean when the number is the dialled one and names no user whose
        // calls are analysed again.
        let dialled =
            number.extends && number.cells.count == witnessLength && number.cells.indices.allSatisfy { number.cells[$0] == Int32($0) }
        guard dialled else { return walk(toUser: false) ? [] : nil }
        guard walk(toUser: true) else { return nil }
        // Every number of the region matches clean rows or rows to the user it names, unchanged,
        // in both plans (the walk holds for each part of the region, which it reads a subset
        // of): only the names of users whose calls are analysed again are left, one number each
        // — unless no number reaches a row to a user at all.
        let names = region.candidates(in: reanalysingUsers).compactMap { k in
            let name = reanalysingUsers[k]
            return region.contains(name) ? NumberRegion(masks: name.map { .single(SymbolSet.symbol($0)) }, maxLength: name.count) : nil
        }
        return names.isEmpty || walk(toUser: false) ? [] : names
    }

    /// Whether `sorted` (in byte order) holds `name`.
    private static func holds(_ sorted: [[UInt8]], _ name: [UInt8]) -> Bool {
        var (lo, hi) = (0, sorted.count)
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid].lexicographicallyPrecedes(name) { lo = mid + 1 } else { hi = mid }
        }
        return lo < sorted.count && sorted[lo] == name
    }

    private mutating func isClean(_ region: NumberRegion, plan: Int, number: NumberCells, witnessLength: Int, toUser: Bool) -> Bool {
        let reading = Reading(cells: number.cells[...], extends: number.extends, extensionStart: witnessLength)
        for p in 0..<2 {
            let walk = Walk(region: region, reading: reading, plan: p, dialPlan: plan, toUser: toUser, pass: 1, tail: [])
            if !walk.reachesCleanRows(in: &self) { return false }
        }
        return true
    }

    /// The numbers of a part of a region as one analysis pass reads them: `cells` (bytes of
    /// the plan, or positions of the dialled number), then, when the number `extends`, the
    /// dialled number's characters from `extensionStart` on.
    struct Reading {
        var cells: ArraySlice<Int32>
        var extends: Bool
        var extensionStart: Int

        /// What is left after the first `count` characters (which the reading has).
        func dropping(_ count: Int) -> Reading {
            if count <= cells.count { return Reading(cells: cells.dropFirst(count), extends: extends, extensionStart: extensionStart) }
            return Reading(cells: [], extends: extends, extensionStart: extensionStart + count - cells.count)
        }
    }

    /// One analysis pass of the numbers of a reading, in one plan.
    private struct Walk {
        let region: NumberRegion
        let reading: Reading
        /// The plan (0 old, 1 new) and the dial plan whose root the pass looks under.
        let plan: Int
        let dialPlan: Int
        let toUser: Bool
        /// The analysis pass (1: the first analysis of the called number).
        let pass: Int
        /// The dialled number's symbols from the region's `minLength` up to the reading's
        /// `extensionStart` (read by an earlier pass): the start of what the region's
        /// exclusions are matched against.
        let tail: [UInt8]

        /// The dialled number's symbols from the region's `minLength` up to the `j`th character of
        /// the reading (the first `j` of them being `path`'s), when the reading has reached its
        /// extension.
        private func tail(at j: Int, path: [UInt8]) -> [UInt8] {
            var found = tail
            let start = reading.cells.count
            for k in start..<j where reading.extensionStart + (k - start) >= region.minLength { found.append(path[k]) }
            return found
        }

        /// Whether every number of the reading matches a row under the dial plan's root, and
        /// only rows that are clean, or that re-analyse into numbers that are (`pass` on).
        func reachesCleanRows(in pruning: inout DiffPruning) -> Bool {
            guard let r = pruning.roots[plan][dialPlan] else { return false }
            let value = pruning.tries[plan].value(of: Int(r))
            var path: [UInt8] = []
            var known: [Int: Bool] = [:]
            return reaches(Int(r), 0, best: value >= 0 ? Match(row: Int(value), depth: 0) : nil, path: &path, known: &known, in: &pruning)
        }

        /// Whether a number that matches no row is clean: in the first pass, where no row was
        /// matched before, the call goes on by the defaults — to the out-group line, or to the
        /// local user the number names, as a row to a user does (`toUser`) — unless the dial
        /// plan falls back to another's rows. (Hunting-group detection on a miss reads `hgdect`
        /// only.)
        private func unmatchedIsClean(in pruning: DiffPruning) -> Bool {
            toUser && pass == 1 && (pruning.fallbackPlan == nil || pruning.fallbackPlan == dialPlan)
        }

        /// The row a longest-prefix lookup has matched so far: the deepest valued node on the
        /// path, `depth` characters down.
        struct Match {
            var row: Int
            var depth: Int
        }

        /// Whether the numbers whose lookup ends with `match` (the first `match.depth` characters
        /// of `path`) are clean; `known` keeps the answers for rows that re-analyse.
        private func isClean(_ match: Match, path: [UInt8], known: inout [Int: Bool], in pruning: inout DiffPruning) -> Bool {
            if pruning.isClean(row: match.row, plan: plan, toUser: toUser) { return true }
            guard pruning.cleanRow[plan][match.row] == .reanalyses else { return false }
            if let answer = known[match.row] { return answer }
            let answer = isClean(row: match.row, path: Array(path[..<match.depth]), depth: match.depth, in: &pruning)
            known[match.row] = answer
            return answer
        }

        /// Whether the row the numbers of `path` (the first `depth` characters of the reading)
        /// reach is clean, or re-analyses them into numbers that only reach clean rows.
        private func isClean(row: Int, path: [UInt8], depth: Int, in pruning: inout DiffPruning) -> Bool {
            if pruning.isClean(row: row, plan: plan, toUser: toUser) { return true }
            guard pruning.cleanRow[plan][row] == .reanalyses, pass < pruning.maxPasses,
                let transition = pruning.rewrites[plan][row],
                // The cut must lie within the prefix: every number of the path is cut alike.
                let cut = transition.cut(count: path.count, bounds: pruning.bounds), !cut.clamped
            else { return false }
            let rewritten = Array(path[..<cut.at]) + Array(transition.prefix.utf8) + Array(path[(cut.at + cut.removed)...])
            // The number does not change: no re-analysis, the row routes it.
            guard rewritten != path else { return false }
            let rest = reading.dropping(depth)
            let next = Reading(
                cells: (rewritten.map(NumberCells.literalCell) + rest.cells)[...], extends: rest.extends,
                extensionStart: rest.extensionStart)
            let walk = Walk(
                region: region, reading: next, plan: plan, dialPlan: dialPlan, toUser: false, pass: pass + 1,
                tail: depth > reading.cells.count ? tail(at: depth, path: path) : tail)
            return walk.reachesCleanRows(in: &pruning)
        }

        /// Whether every number of the reading that reaches `node` after `j` characters (those
        /// of `path`) matches only clean rows from there on, `best` being the row it has
        /// matched so far (nil: none yet).
        ///
        /// A row on the path is the match only of the numbers whose lookup ends below it
        /// without a deeper row — those that end there, or go on with a symbol the trie has
        /// no child for — so a row that a deeper one overrides for every number of the reading
        /// is not asked about.
        func reaches(
            _ node: Int, _ j: Int, best: Match?, path: inout [UInt8], known: inout [Int: Bool], in pruning: inout DiffPruning
        ) -> Bool {
            // Whether the numbers whose lookup ends at this node are clean (asked once).
            var endsClean: Bool? = nil
            func ends(_ pruning: inout DiffPruning, _ known: inout [Int: Bool], _ path: [UInt8]) -> Bool {
                if let endsClean { return endsClean }
                let answer = best.map { isClean($0, path: path, known: &known, in: &pruning) } ?? unmatchedIsClean(in: pruning)
                endsClean = answer
                return answer
            }
            if pruning.isCleanBelow(node, plan: plan, toUser: toUser) && ends(&pruning, &known, path) { return true }
            let symbols: SymbolSet
            // What the region leaves out past `minLength`, as read so far (nil: nothing here).
            var left: [UInt8]? = nil
            if j < reading.cells.count {
                let cell = reading.cells[reading.cells.startIndex + j]
                if let byte = NumberCells.literalByte(cell) {
                    let symbol = SymbolSet.symbol(byte)
                    // Matching stops at a character outside the alphabet.
                    if symbol < 0 { return ends(&pruning, &known, path) }
                    symbols = .single(symbol)
                } else {
                    symbols = region.masks[Int(cell)]
                }
            } else {
                guard reading.extends else { return ends(&pruning, &known, path) }
                let position = reading.extensionStart + (j - reading.cells.count)
                // A number of the region may end here.
                if position >= region.minLength && !ends(&pruning, &known, path) { return false }
                if position >= region.maxLength { return true }
                symbols = position < region.minLength ? region.masks[position] : position == region.minLength ? region.next : .all
                if position >= region.minLength && !region.excluded.isEmpty { left = tail(at: j, path: path) }
            }
            let trie = pruning.tries[plan]
            for symbol in 0..<SymbolSet.alphabetSize where symbols.contains(symbol) {
                // The numbers that go on with an excluded path are not in the region (the paths
                // are minimal: a shorter one would have been left out before).
                if let left,
                    region.excluded.contains(where: {
                        $0.count == left.count + 1 && $0.last == SymbolSet.byte(symbol) && $0.starts(with: left)
                    })
                {
                    continue
                }
                path.append(SymbolSet.byte(symbol))
                defer { path.removeLast() }
                if let child = trie.childNode(of: node, symbol: symbol) {
                    let value = trie.value(of: child)
                    let below = value >= 0 ? Match(row: Int(value), depth: j + 1) : best
                    if !reaches(child, j + 1, best: below, path: &path, known: &known, in: &pruning) { return false }
                } else if let value = trie.leafValue(of: node, symbol: symbol) {
                    if !isClean(Match(row: Int(value), depth: j + 1), path: path, known: &known, in: &pruning) { return false }
                } else if !ends(&pruning, &known, path) {
                    return false
                }
            }
            return true
        }
    }

    /// Whether a row is clean (rows to users only with `toUser`).
    private func isClean(row: Int, plan: Int, toUser: Bool) -> Bool {
        switch cleanRow[plan][row] {
        case .clean: return true
        case .toUser: return toUser
        case .open, .reanalyses: return false
        }
    }

    /// Whether every row at or below `node` is clean.
    private mutating func isCleanBelow(_ node: Int, plan: Int, toUser: Bool) -> Bool {
        let k = toUser ? 1 : 0
        switch cleanBelow[plan][k][node] {
        case 1: return true
        case 2: return false
        default: break
        }
        let trie = tries[plan]
        var clean = true
        let value = trie.value(of: node)
        if value >= 0 && !isClean(row: Int(value), plan: plan, toUser: toUser) { clean = false }
        var symbol = 0
        while clean && symbol < SymbolSet.alphabetSize {
            if let child = trie.childNode(of: node, symbol: symbol) {
                clean = isCleanBelow(child, plan: plan, toUser: toUser)
            } else if let leaf = trie.leafValue(of: node, symbol: symbol) {
                clean = isClean(row: Int(leaf), plan: plan, toUser: toUser)
            }
            symbol += 1
        }
        cleanBelow[plan][k][node] = clean ? 1 : 2
        return clean
    }
}
