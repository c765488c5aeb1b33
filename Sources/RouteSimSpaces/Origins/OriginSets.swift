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
    /// The called user (a model index) is in ring group `group`: whether the caller is another
    /// member of it.
    case ringGroupCaller(plan: Int, group: Int, calledUser: Int32)
}

/// What a class answers to a decision.
enum DecisionValue: Hashable {
    case number(Int)
    case rewrite(Rewrite)
}

/// Sets of origin classes, each stored once under a small number, and how each set splits on
/// each decision (remembered: the same set meets the same decision in many regions).
struct OriginSets {
    /// The number of classes of the catalog: the IDs lie below it.
    let universe: Int
    private(set) var members: [ClassSet] = []
    private var index: [Members: Int] = [:]
    private var splits: [SplitKey: [Int]] = [:]

    init(universe: Int) { self.universe = universe }

    private struct SplitKey: Hashable {
        var set: Int
        var decision: OriginDecision
    }

    /// A set's classes with their hash, worked out once: the index grows without hashing
    /// every set again (sets can hold tens of thousands of classes).
    private struct Members: Hashable {
        let classes: ClassSet
        let hash: Int

        init(_ classes: ClassSet) {
            self.classes = classes
            hash = classes.hashValue
        }

        static func == (a: Members, b: Members) -> Bool { a.hash == b.hash && a.classes == b.classes }
        func hash(into hasher: inout Hasher) { hasher.combine(hash) }
    }

    /// The number of the set of these classes (sorted class IDs).
    mutating func intern(_ classes: [Int]) -> Int { intern(ClassSet(sorted: classes, universe: universe)) }

    /// The number of this set of classes.
    mutating func intern(_ classes: ClassSet) -> Int {
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
        let first = value(members[set].first)
        if members[set].allSatisfy({ value($0) == first }) {
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
    /// lists (classes of the set, with their answers): it reads the whole set only when it splits,
    /// and the part that answers `common` is the set less the exceptions.
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
        let special = differing.keys.sorted()
        var parts: [DecisionValue: [Int]] = [:]
        var order: [DecisionValue] = []
        for c in special {
            let v = differing[c]!
            if parts[v] == nil { order.append(v) }
            parts[v, default: []].append(c)
        }
        // The parts in the order of their first class: the common part's first class is the
        // set's first that is not an exception.
        var firsts: [(first: Int, value: DecisionValue)] = order.map { (parts[$0]![0], $0) }
        if special.count < members[set].count {
            var firstCommon = -1
            var k = 0
            for c in members[set] {
                if k < special.count && special[k] == c {
                    k += 1
                } else {
                    firstCommon = c
                    break
                }
            }
            firsts.append((firstCommon, common))
        }
        firsts.sort { $0.first < $1.first }
        let result =
            firsts.count == 1
            ? [set]
            : firsts.map { part in
                // (No exception answers `common`: they were left out above.)
                part.value == common
                    ? intern(members[set].removing(sorted: special, universe: universe))
                    : intern(parts[part.value]!)
            }
        splits[key] = result
        return result
    }
}
