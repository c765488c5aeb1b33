import DialPlan
import DigitTrie
import RouteSim

/// What `diff` can leave unexplored: the parts of the called-number space whose calls route
/// alike in both plans without looking.
///
/// It applies when the two plans differ in their `anacldnbr` rows only (every other table, the
/// dial plans, the assumptions and every origin class the same). A row is **clean** when the
/// same row (dial plan, prefix and every field) is in both plans, and what comes after it reads
/// no other `anacldnbr` row: it does not re-analyse, and it routes to a line, a trunk, a routing
/// group or an interception, or (without changing the number) to the local user the number
/// names when no number of the part names a user who forwards or has a ring group or
/// follow-me (their calls are analysed again). At the first
/// analysis of the called number, a part of the region whose every number, in both plans, can
/// only match clean rows — every valued trie node its numbers can reach is clean, and every
/// number matches one — does the same in both: everything the call read before was the same
/// in both plans (tables that did not change), the lookup finds the same row, and everything
/// after it reads unchanged tables only. The explorer drops such parts instead of simulating
/// them; the rows it does explore, and so the diff, are the ones the whole exploration finds.
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
    /// Local users whose calls may be analysed again (a forward number, a ring group, follow-me).
    private let reanalysingUsers: [String]

    /// What a row's calls read after it.
    enum Row: UInt8 {
        /// It changed, or it may lead to another analysis.
        case open
        /// The same in both plans, and nothing after it reads `anacldnbr`.
        case clean
        /// The same in both plans, and it delivers the number as it is to the user it names.
        case toUser
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
        struct Key: Hashable {
            var plan: Int32
            var prefix: String
        }
        let models = [old, new]
        var rows: [[Key: Int]] = []
        for model in models {
            var byKey: [Key: Int] = [:]
            byKey.reserveCapacity(model.snapshot.calledAnalysis.count)
            for (i, row) in model.snapshot.calledAnalysis.enumerated() {
                let key = Key(plan: model.calledAnalysisPlans[i], prefix: model.matchedPrefix(row.calledPrefix))
                if byKey.updateValue(i, forKey: key) != nil { return nil }
            }
            rows.append(byKey)
        }
        var clean: [[Row]] = models.map { Array(repeating: .open, count: $0.snapshot.calledAnalysis.count) }
        for (key, i) in rows[0] {
            guard let j = rows[1][key], old.snapshot.calledAnalysis[i] == new.snapshot.calledAnalysis[j] else { continue }
            let compiled = old.calledRecords[i]
            let closed: Row
            switch compiled.routeKind {
            case .externalLine, .sipTrunk, .intercept, .routingGroup: closed = compiled.changesNumber && compiled.reanalyze ? .open : .clean
            case .localUser: closed = compiled.changesNumber ? .open : .toUser
            case .unsupported: closed = .open
            }
            clean[0][i] = closed
            clean[1][j] = closed
        }
        tries = models.map(\.trie)
        roots = models.map(\.calledAnalysisRoots)
        var planOfRoot: [Int32: Int] = [:]
        for (d, root) in old.calledAnalysisRoots.enumerated() { if let root { planOfRoot[root] = d } }
        self.planOfRoot = planOfRoot
        cleanRow = clean
        cleanBelow = models.map { model in [0, 1].map { _ in Array(repeating: 0, count: model.trie.nodeCount) } }
        reanalysingUsers = old.snapshot.localUsers.filter { user in
            !user.forwardUnconditionalNumber.isEmpty || !user.forwardBusyNumber.isEmpty || !user.forwardNoAnswerNumber.isEmpty
                || !user.forwardUnreachableNumber.isEmpty || user.ringGroup != 0 || user.ringGroupRight || user.followMeType != 0
                || !user.followMeDestinations.isEmpty
        }.map(\.name)
    }

    /// Whether every number of `region`, at the first analysis of the called number (`number`
    /// under the old plan's `root`, from a run of a witness of `witnessLength` characters),
    /// matches a clean row in both plans.
    mutating func isClean(_ region: NumberRegion, root: Int32, number: NumberCells, witnessLength: Int) -> Bool {
        guard let plan = planOfRoot[root] else { return false }
        if isClean(region, plan: plan, number: number, witnessLength: witnessLength, toUser: false) { return true }
        // Rows to users are clean when the number is the dialled one and names no user whose
        // calls are analysed again.
        let dialled =
            number.extends && number.cells.count == witnessLength && number.cells.indices.allSatisfy { number.cells[$0] == Int32($0) }
        guard dialled, !reanalysingUsers.contains(where: { region.contains($0) }) else { return false }
        return isClean(region, plan: plan, number: number, witnessLength: witnessLength, toUser: true)
    }

    private mutating func isClean(_ region: NumberRegion, plan: Int, number: NumberCells, witnessLength: Int, toUser: Bool) -> Bool {
        for p in 0..<2 {
            guard let r = roots[p][plan] else { return false }
            let value = tries[p].value(of: Int(r))
            if value >= 0 && !isClean(row: Int(value), plan: p, toUser: toUser) { return false }
            let walk = Walk(region: region, number: number, witnessLength: witnessLength, plan: p, toUser: toUser)
            if !walk.reaches(Int(r), 0, matched: value >= 0, in: &self) { return false }
        }
        return true
    }

    /// The numbers of a region as one lookup reads them: its cells, then (when the number
    /// extends) the region's characters past the witness.
    private struct Walk {
        let region: NumberRegion
        let number: NumberCells
        let witnessLength: Int
        let plan: Int
        let toUser: Bool

        /// Whether every number of the region that reaches `node` after `j` characters matches
        /// only clean rows from there on (`matched`: a row above already matches it).
        func reaches(_ node: Int, _ j: Int, matched: Bool, in pruning: inout DiffPruning) -> Bool {
            if matched && pruning.isCleanBelow(node, plan: plan, toUser: toUser) { return true }
            let symbols: SymbolSet
            if j < number.cells.count {
                let cell = number.cells[j]
                if let byte = NumberCells.literalByte(cell) {
                    let symbol = SymbolSet.symbol(byte)
                    if symbol < 0 { return matched }  // matching stops at a character outside the alphabet
                    symbols = .single(symbol)
                } else {
                    symbols = region.masks[Int(cell)]
                }
            } else {
                guard number.extends else { return matched }
                let position = witnessLength + (j - number.cells.count)
                // A number of the region may end here.
                if position >= region.minLength && !matched { return false }
                if position >= region.maxLength { return true }
                symbols = position < region.minLength ? region.masks[position] : position == region.minLength ? region.next : .all
            }
            let trie = pruning.tries[plan]
            for symbol in 0..<SymbolSet.alphabetSize where symbols.contains(symbol) {
                if let child = trie.childNode(of: node, symbol: symbol) {
                    let value = trie.value(of: child)
                    if value >= 0 && !pruning.isClean(row: Int(value), plan: plan, toUser: toUser) { return false }
                    if !reaches(child, j + 1, matched: matched || value >= 0, in: &pruning) { return false }
                } else if let value = trie.leafValue(of: node, symbol: symbol) {
                    if !pruning.isClean(row: Int(value), plan: plan, toUser: toUser) { return false }
                } else if !matched {
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
        case .open: return false
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
