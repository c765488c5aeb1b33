import DialPlan
import DigitTrie

/// Analyze called number and hunting-group detection (a trie root per dial plan), and analyze
/// caller number (one global root), with every reference of their rows resolved.
struct AnalysisIndex {
    /// From this many `anacldnbr` rows the rows are compiled on a thread of their own.
    static let parallelRows = 20_000

    let calledRecords: CompiledAnalysisRows
    let calledRoots: [Int32?]
    let huntingDetectionRoots: [Int32?]
    /// The dial plan of each `hgdect` row.
    let huntingDetectionPlans: [Int32]
    let callerRoot: Int32
    let callerTransitions: [Reference]
    let callerPlans: [Int32?]

    init(
        _ snapshot: Snapshot, _ assumptions: Assumptions, plans: inout DialPlanNumbering, keys: KeyIndexes,
        refinements: RefinementIndex, trie: inout some TrieSink, stored: StoredRecords? = nil
    ) {
        func normalized(_ prefix: String) -> String { assumptions.prefixMatched(prefix, true) }

        // Analyze called number: a root per dial plan.
        var calledRoots = [Int32?](repeating: nil, count: plans.names.count)
        let calledPlans = plans.calledAnalysisPlans
        let lines = keys.lines, trunks = keys.trunks, groups = keys.routingGroups, transitions = keys.transitions
        let refineRoots = refinements.callerRoots
        // Rows are read in place (`rows[i].field`): iterating the array, or passing a row to a
        // function, would copy each large record.
        func addCalledPrefixes() {
            snapshot.calledAnalysis.withUnsafeBufferPointer { rows in
                for i in rows.indices {
                    let plan = Int(calledPlans[i])
                    let root = calledRoots[plan] ?? trie.makeRoot()
                    calledRoots[plan] = root
                    trie.add(normalized(rows[i].calledPrefix), root: root, value: Int32(i))
                }
            }
        }
        // The rows compiled straight into the words the model keeps (no array built and copied).
        func compileCalledRows() -> Int32Words {
            let count = snapshot.calledAnalysis.count
            return Int32Words(count: count * CompiledAnalysisRows.width) { words in
                let compiled = words.baseAddress.unsafelyUnwrapped
                snapshot.calledAnalysis.withUnsafeBufferPointer { rows in
                    for i in rows.indices {
                        // The line, trunk or group the route type names; types 2 and 6 need their target,
                        // so a 0 is as dangling as an unknown ID (RS403).
                        let routeType = rows[i].routeType
                        let target: Reference
                        switch routeType {
                        case .externalLine: target = .line(rows[i].externalLine, in: lines)
                        case .sipTrunk:
                            let trunk = rows[i].trunk
                            target = .resolve(trunk, in: trunks, isUnset: trunk.isNone, unset: .dangling)
                        case .routingGroup:
                            let group = rows[i].routingGroup
                            target = .resolve(group, in: groups, isUnset: group.isNone, unset: .dangling)
                        default: target = .none
                        }
                        let refineGroup = rows[i].callerRefineGroup
                        CompiledAnalysisRows.store(
                            CompiledCalledAnalysis(
                                target: target, transition: .transition(rows[i].transition, in: transitions),
                                callerRefine: .resolve(refineGroup, in: refineRoots, isUnset: refineGroup.isNone),
                                routeKind: RouteKind(routeType), changesNumber: rows[i].changesNumber,
                                reanalyze: rows[i].reanalyze, callLevel: Int32(clamping: rows[i].callLevel),
                                maxDuration: Int32(clamping: rows[i].maxDuration)),
                            at: compiled + i * CompiledAnalysisRows.width)
                    }
                }
            }
        }
        if let stored {
            // The compiled rows as stored, in place; each plan's root made at its first row, as above.
            calledRecords = stored.calledRecords
            for plan in calledPlans where calledRoots[Int(plan)] == nil { calledRoots[Int(plan)] = trie.makeRoot() }
        } else {
            // The prefixes go into the trie in row order here while the rows are compiled on
            // another thread (on a large plan: the compiled words are the same either way).
            let threads = snapshot.calledAnalysis.count >= Self.parallelRows ? ParallelWork.defaultThreads : 1
            let (_, compiled) = ParallelWork.both(threads: threads, addCalledPrefixes, compileCalledRows)
            calledRecords = CompiledAnalysisRows(words: compiled)
        }
        self.calledRoots = calledRoots

        // Hunting-group detection: a root per dial plan.
        var huntRoots = [Int32?](repeating: nil, count: plans.names.count)
        var huntPlans: [Int32] = []
        huntPlans.reserveCapacity(snapshot.huntingDetections.count)
        let huntByPrefix = assumptions.huntingDetectionMatch == .prefix
        for (i, row) in snapshot.huntingDetections.enumerated() {
            let plan = Int(plans.id(of: row.dialPlan))
            huntPlans.append(Int32(plan))
            let root = huntRoots[plan] ?? trie.makeRoot()
            huntRoots[plan] = root
            trie.add(assumptions.prefixMatched(row.calledNumber, huntByPrefix), root: root, value: Int32(i))
        }
        huntingDetectionRoots = huntRoots
        huntingDetectionPlans = huntPlans

        // Analyze caller number: one global table.
        let callerRoot = trie.makeRoot()
        for (i, row) in snapshot.callerAnalysis.enumerated() {
            trie.add(normalized(row.callerPrefix), root: callerRoot, value: Int32(i))
        }
        self.callerRoot = callerRoot
        callerTransitions = snapshot.callerAnalysis.map { Reference.transition($0.transition, in: keys.transitions) }
        callerPlans = snapshot.callerAnalysis.map { $0.dialPlan.isEmpty ? nil : plans.ids[$0.dialPlan]! }
    }
}
