import DialPlan
import DigitTrie
import RouteSim

/// The re-analysis behaviour of a plan as a finite graph, explored exhaustively.
///
/// A node is a *number class* `(dial plan, K)`: every number that starts with the digits `K`.
/// Its edges are the re-analysing records (changeInd = 1, reAnaInd = 1, an existing transition
/// of a known type) that a number of the class can match: the longest record prefix of `K`
/// itself, and every re-analysing record whose prefix extends `K` (found through the trie,
/// where each node knows whether a re-analysing record lies below it). Following an edge
/// narrows the class to the record's prefix `P` (the longer of `K` and `P`) and applies the
/// transition to those known digits:
///
/// - a change that lies inside the known digits gives an exact new class (`0…` replaced by
///   `+1…` gives `+1…`), and if it leaves the digits as they were there is no edge (the server
///   does not analyse an unchanged number again);
/// - a change that reaches past them keeps what stays known before the change (`K[..<start]`
///   plus the inserted text), or `K` itself when it starts past the end.
///
/// Classes are cut to a bounded length, so the graph is finite. Every concrete run of the
/// analysis loop maps onto a path of this graph, so a plan whose graph has no cycle and no path
/// longer than the pass limit cannot loop. A cycle is only a candidate: the linter tries the
/// numbers of the cycle's classes (bare and padded) through the simulator, and only a number the
/// simulator releases as a loop makes an RS201 finding; a cycle no number confirms is RS203.
struct ReanalysisGraph {
    struct State: Hashable {
        var plan: Int32
        var known: String
    }

    struct Edge {
        /// The `anacldnbr` record followed.
        var record: Int32
        /// The digits known when the record matches (the class narrowed to the record's prefix).
        var matched: String
        var target: Int
    }

    let context: LintContext
    var states: [State] = []
    var index: [State: Int] = [:]
    var edges: [[Edge]] = []
    /// Whether a re-analysing record lies at or below each trie node (called-analysis roots).
    var marked: [Bool]
    let maxLength: Int
    var exhausted = false

    init(context: LintContext) {
        self.context = context
        let model = context.model
        var marked = [Bool](repeating: false, count: model.trie.nodeCount)
        var longest = 0
        for (i, row) in model.snapshot.calledAnalysis.enumerated() {
            longest = max(longest, row.calledPrefix.utf8.count)
            guard Self.reanalyses(model, i) else { continue }
            guard let root = model.calledAnalysisRoots[Int(context.calledPlans[i])] else { continue }
            model.trie.walk(context.matchPrefix(row.calledPrefix), from: root) { marked[$0] = true }
        }
        self.marked = marked
        // Long enough that deleting a few leading digits still leaves the matching digits known.
        maxLength = min(64, longest + 16)
    }

    /// Whether record `i` analyses the number again when it changes it.
    static func reanalyses(_ model: RoutingModel, _ i: Int) -> Bool {
        let row = model.snapshot.calledAnalysis[i]
        guard row.changesNumber, row.reanalyze, let t = model.calledRecords[i].transition.index else { return false }
        if case .unknown = model.snapshot.transitions[t].type { return false }
        return DigitTrie.isDialString(row.calledPrefix)
    }

    /// Explores from every re-analysing record; stops after `limit` classes.
    mutating func explore(limit: Int) {
        let model = context.model
        var work: [Int] = []
        for (i, row) in model.snapshot.calledAnalysis.enumerated() where Self.reanalyses(model, i) {
            let s = state(State(plan: context.calledPlans[i], known: context.matchPrefix(row.calledPrefix)))
            if edges[s].isEmpty && !visited.contains(s) { work.append(s) }
        }
        while let s = work.popLast() {
            guard visited.insert(s).inserted else { continue }
            if states.count > limit {
                exhausted = true
                return
            }
            let found = successors(of: states[s])
            edges[s] = found
            for edge in found where !visited.contains(edge.target) { work.append(edge.target) }
        }
    }

    var visited = Set<Int>()

    mutating func state(_ s: State) -> Int {
        if let i = index[s] { return i }
        let i = states.count
        states.append(s)
        edges.append([])
        index[s] = i
        return i
    }

    /// The re-analysing records a number of class `s` can match, with the class each leads to.
    mutating func successors(of s: State) -> [Edge] {
        let model = context.model
        guard let root = model.calledAnalysisRoots[Int(s.plan)] else { return [] }
        var records: [(Int32, String)] = []
        let longest = model.trie.longestPrefix(s.known, root: root)
        if longest >= 0, Self.reanalyses(model, Int(longest)) { records.append((longest, s.known)) }
        // Walk to the node of the known digits, then collect the marked records below it.
        if let node = model.trie.walk(s.known, from: root), marked[node] { collectBelow(node, into: &records) }
        var out: [Edge] = []
        for (record, known) in records {
            let prefix = context.matchPrefix(model.snapshot.calledAnalysis[Int(record)].calledPrefix)
            let matched = prefix.utf8.count > known.utf8.count ? prefix : known
            guard var next = Self.apply(model, record: Int(record), to: matched) else { continue }
            if next.utf8.count > maxLength { next = String(decoding: next.utf8.prefix(maxLength), as: UTF8.self) }
            out.append(Edge(record: record, matched: matched, target: state(State(plan: s.plan, known: next))))
        }
        return out
    }

    /// Collects the re-analysing records strictly below `node`.
    func collectBelow(_ node: Int, into records: inout [(Int32, String)]) {
        let model = context.model
        model.trie.forEachValue(below: node, entering: { marked[$0] }) { value in
            if Self.reanalyses(model, Int(value)) { records.append((value, "")) }
        }
    }

    /// The known digits after record `record`'s transition, or nil when the number certainly
    /// does not change (no re-analysis).
    static func apply(_ model: RoutingModel, record: Int, to known: String) -> String? {
        guard let t = model.calledRecords[record].transition.index else { return nil }
        return model.snapshot.transitions[t].apply(toNumbersStartingWith: known)
    }

    // MARK: Cycles

    /// The strongly connected components that hold a cycle (Tarjan), each as its state indices,
    /// and the longest path (in edges) from every state that reaches no cycle.
    func cyclicComponents() -> (cycles: [[Int]], depth: [Int]) {
        var indexOf = [Int](repeating: -1, count: states.count)
        var low = [Int](repeating: 0, count: states.count)
        var onStack = [Bool](repeating: false, count: states.count)
        var stack: [Int] = []
        var counter = 0
        var cycles: [[Int]] = []
        // Longest path; Int.max for states on or leading to a cycle.
        var depth = [Int](repeating: 0, count: states.count)
        for root in 0..<states.count where indexOf[root] < 0 {
            var frames: [(node: Int, next: Int)] = [(root, 0)]
            indexOf[root] = counter; low[root] = counter; counter += 1
            stack.append(root); onStack[root] = true
            while var frame = frames.popLast() {
                let v = frame.node
                if frame.next < edges[v].count {
                    let w = edges[v][frame.next].target
                    frame.next += 1
                    frames.append(frame)
                    if indexOf[w] < 0 {
                        indexOf[w] = counter; low[w] = counter; counter += 1
                        stack.append(w); onStack[w] = true
                        frames.append((w, 0))
                    } else if onStack[w] {
                        low[v] = min(low[v], indexOf[w])
                    }
                    continue
                }
                if let parent = frames.last { low[parent.node] = min(low[parent.node], low[v]) }
                guard low[v] == indexOf[v] else { continue }
                var component: [Int] = []
                while true {
                    let w = stack.removeLast()
                    onStack[w] = false
                    component.append(w)
                    if w == v { break }
                }
                // Components come out sinks first: successors' depths are final.
                let cyclic = component.count > 1 || edges[v].contains { $0.target == v }
                if cyclic { cycles.append(component.sorted()) }
                for s in component {
                    if cyclic {
                        depth[s] = Int.max
                    } else {
                        depth[s] = edges[s].map { depth[$0.target] == Int.max ? Int.max : depth[$0.target] + 1 }.max() ?? 0
                    }
                }
            }
        }
        return (cycles, depth)
    }

    /// A cycle through the component: the edges in order, starting at its smallest state.
    func cycle(in component: [Int]) -> [Edge] {
        let members = Set(component)
        let start = component[0]
        // Breadth-first from start back to start inside the component.
        var previous: [Int: (Int, Edge)] = [:]
        var queue = [start]
        var head = 0
        while head < queue.count {
            let v = queue[head]
            head += 1
            for edge in edges[v] where members.contains(edge.target) {
                if edge.target == start {
                    var path = [edge]
                    var at = v
                    while at != start, let (from, e) = previous[at] {
                        path.append(e)
                        at = from
                    }
                    return path.reversed()
                }
                if previous[edge.target] == nil {
                    previous[edge.target] = (v, edge)
                    queue.append(edge.target)
                }
            }
        }
        return []
    }

    /// The longest path from state `s` (following the deepest successor), as edges.
    func longestPath(from s: Int, depth: [Int]) -> [Edge] {
        var path: [Edge] = []
        var at = s
        while let edge = edges[at].max(by: { depth[$0.target] < depth[$1.target] }) {
            path.append(edge)
            at = edge.target
        }
        return path
    }
}
