/// The caller number a signature presents: as caller analysis left it, or after a refine group.
enum CallerContext: Hashable, Sendable {
    case analyzed
    /// Refined by the refine-caller group under this trie root.
    case refined(root: Int32)
}

/// A decision that depends on the origin: the explorer asks every class of a set for its value
/// and splits the set where the values differ.
enum OriginDecision: Hashable, Sendable {
    /// A record requires call level `level`: admitted or not.
    case callLevel(plan: Int, level: Int)
    /// The default external line.
    case defaultLine(plan: Int)
    /// The caller's own speed-dial entry for this number.
    case ownSpeedDial(plan: Int, number: String, exact: Bool)
}

/// What a class answers to a decision.
enum DecisionValue: Hashable {
    case number(Int)
    case rewrite(Rewrite)
}

/// Sets of origin classes, each stored once under a small number, and how each set splits on
/// each decision (remembered: the same set meets the same decision in many regions).
struct OriginSets {
    private(set) var members: [[Int]] = []
    private var index: [Members: Int] = [:]
    private var splits: [SplitKey: [Int]] = [:]

    private struct SplitKey: Hashable {
        var set: Int
        var decision: OriginDecision
    }

    /// A set's classes with their hash, worked out once: the index grows without hashing
    /// every set again (sets can hold tens of thousands of classes).
    private struct Members: Hashable {
        let classes: [Int]
        let hash: Int

        init(_ classes: [Int]) {
            self.classes = classes
            hash = classes.hashValue
        }

        static func == (a: Members, b: Members) -> Bool { a.hash == b.hash && a.classes == b.classes }
        func hash(into hasher: inout Hasher) { hasher.combine(hash) }
    }

    /// The number of the set of these classes (sorted class IDs).
    mutating func intern(_ classes: [Int]) -> Int {
        let key = Members(classes)
        if let i = index[key] { return i }
        members.append(classes)
        index[key] = members.count - 1
        return members.count - 1
    }

    /// The parts of `set` that answer `decision` alike, in the order of their first class.
    mutating func split(_ set: Int, _ decision: OriginDecision, value: (Int) -> DecisionValue) -> [Int] {
        if members[set].count == 1 { return [set] }
        let key = SplitKey(set: set, decision: decision)
        if let known = splits[key] { return known }
        // Most sets answer alike: that is found without gathering the answers.
        let first = value(members[set][0])
        if members[set].dropFirst().allSatisfy({ value($0) == first }) {
            splits[key] = [set]
            return [set]
        }
        var parts: [DecisionValue: [Int]] = [:]
        var order: [DecisionValue] = []
        for c in members[set] {
            let v = value(c)
            if parts[v] == nil { order.append(v) }
            parts[v, default: []].append(c)
        }
        let result = order.count == 1 ? [set] : order.map { intern(parts[$0]!) }
        splits[key] = result
        return result
    }

    /// `split` for a decision that every class answers with `common` but those `exceptions`
    /// lists (classes of the set, with their answers): it reads the whole set only when it splits.
    mutating func split(
        _ set: Int, _ decision: OriginDecision, common: DecisionValue, exceptions: () -> [Int: DecisionValue]
    ) -> [Int] {
        if members[set].count == 1 { return [set] }
        let key = SplitKey(set: set, decision: decision)
        if let known = splits[key] { return known }
        let differing = exceptions().filter { $0.value != common }
        if differing.isEmpty {
            splits[key] = [set]
            return [set]
        }
        // The set in one pass beside the sorted exceptions: the others are not looked up.
        let special = differing.keys.sorted()
        var parts: [DecisionValue: [Int]] = [:]
        var order: [DecisionValue] = []
        var rest: [Int] = []
        rest.reserveCapacity(members[set].count - special.count)
        var k = 0
        for c in members[set] {
            if k < special.count && special[k] == c {
                k += 1
                let v = differing[c]!
                if parts[v] == nil { order.append(v) }
                parts[v, default: []].append(c)
            } else {
                if rest.isEmpty { order.append(common) }
                rest.append(c)
            }
        }
        let result = order.count == 1 ? [set] : order.map { intern($0 == common ? rest : parts[$0]!) }
        splits[key] = result
        return result
    }
}
