import DialPlan
import RouteSim

/// What `map`, `reach` and `diff` look at: how long numbers get, which origins, which numbers.
public struct SpaceOptions: Sendable {
    /// The longest number of the space (at most 64, what `routesim route` accepts).
    public var maxLength: Int
    public var origins: OriginFilter
    /// Only numbers of these regions (nil: every number).
    public var numbers: [NumberRegion]?

    /// 24 characters: an E.164 number has at most 15 digits; an international prefix (`00`,
    /// `011`, `0011`), a trunk access code and a carrier or feature prefix stay within 24, and at
    /// 24 every count is exact (13^24 < 2^128).
    public static let defaultMaxLength = 24
    /// What `routesim route` accepts.
    public static let longestNumber = 64

    public init(maxLength: Int = SpaceOptions.defaultMaxLength, origins: OriginFilter = .everything, numbers: [NumberRegion]? = nil) {
        self.maxLength = maxLength
        self.origins = origins
        self.numbers = numbers
    }
}

/// One row of a partition: the numbers of `region`, from the origins of `classes`, all do
/// what `signature` says.
public struct SpaceRow: Sendable {
    /// Origin classes (IDs of the catalog), sorted.
    public var classes: [Int]
    public var region: NumberRegion
    public var signature: RouteSignature
    /// The records the witness's run matched (kept for `reach --to record:…` only: empty unless
    /// the map was made with `keepRecords`).
    public var matched: [MatchedRecord]
}

/// The partition of a plan's number space (`routesim map`): for each set of origin classes
/// that behave alike on some numbers, the regions of those numbers, each with one signature.
///
/// Classes that start in the same dial plan are explored together; where they differ (a call
/// level, a duration limit, a default line) the exploration splits them, so a section holds the
/// numbers on which exactly its classes agree. A class's whole map is the union of the sections
/// that list it.
public struct SpaceMap {
    public let catalog: OriginCatalog
    /// The explorer, which turns the classes' symbolic callers into rewrites.
    public let explorer: SpaceExplorer
    public let options: SpaceOptions
    public private(set) var sections: [Section] = []
    /// Simulated calls the exploration took.
    public private(set) var runs = 0

    /// The rows of one set of classes, in number order.
    public struct Section: Sendable {
        /// The classes (sorted IDs of the catalog).
        public var classes: [Int]
        public var rows: [SpaceRow]
    }

    /// Explores every number of the plan for the origins `options` selects.
    ///
    /// With `keepRecords`, rows that matched different records are not joined (for `reach
    /// --to record:…`).
    public init(model: RoutingModel, options: SpaceOptions = SpaceOptions(), keepRecords: Bool = false) throws(SpaceError) {
        self.options = options
        catalog = try OriginCatalog(models: [model], maxLength: options.maxLength, filter: options.origins)
        let explorer = SpaceExplorer(catalog: catalog)
        self.explorer = explorer
        let starts = options.numbers ?? [.all(maxLength: options.maxLength)]
        // Equal signatures share one copy (many rows say the same).
        var signatures: Set<RouteSignature> = []
        for group in explorer.groups {
            var mergers: [RowMerger] = []
            var bySet: [Int: Int] = [:]
            // A set's classes as an array, made once for its rows.
            var arrays: [Int: [Int]] = [:]
            for start in starts {
                try explorer.exploreRows(group: group, region: start) { leaf in
                    let m = bySet[leaf.originSet] ?? mergers.count
                    if m == mergers.count {
                        bySet[leaf.originSet] = m
                        mergers.append(RowMerger(keepRecords: keepRecords))
                    }
                    let signature = signatures.insert(leaf.signatures[0]).memberAfterInsert
                    let classes = arrays[leaf.originSet] ?? explorer.originSet(leaf.originSet)
                    arrays[leaf.originSet] = classes
                    mergers[m].add(
                        SpaceRow(
                            classes: classes, region: leaf.region, signature: signature,
                            matched: keepRecords ? leaf.matched[0] : []))
                }
            }
            for merger in mergers where !merger.rows.isEmpty {
                sections.append(Section(classes: merger.rows[0].classes, rows: merger.rows))
            }
        }
        runs = explorer.runs
    }

    /// What the origins of `classes` make of a signature's symbolic caller and duration.
    public func view(of classes: [Int]) -> OriginView {
        explorer.view(of: classes, plan: 0)
    }
}

extension SpaceExplorer {
    /// What the origins of `classes` make of a signature's symbolic caller and duration, in
    /// plan `plan`.
    ///
    /// What a view finds is kept for the next view of the same classes (a report asks once per
    /// row, and many rows share their classes).
    public func view(of classes: [Int], plan: Int) -> OriginView {
        view(ofSet: sets.intern(classes), plan: plan)
    }

    /// `view(of:plan:)` of the classes of an origin set.
    func view(ofSet set: Int, plan: Int) -> OriginView {
        let key = ViewKey(set: set, plan: plan)
        let classes = sets.members[set]
        let memo: ViewMemo
        if let known = views[key] {
            memo = known
        } else {
            memo = ViewMemo(callerLimits: Set(classes.lazy.map { self.catalog.classes[$0].attributes[plan].limit }))
            views[key] = memo
        }
        return OriginView(
            callerRewrite: { group in
                if let found = memo.rewrites[group] { return found }
                // One rewrite for every class, or none: the first that differs decides.
                let value = CallerValue.origin(refinedBy: group)
                let first = classes.first
                var one = self.callerRewrite(of: first, plan: plan, value)
                if let context = self.callerContext(value, plan: plan) {
                    let table = self.rewriteIDs(plan: plan, context: context)
                    let id = self.callerRewriteID(of: first, plan: plan, context: context, in: table)
                    // The classes' numbers as far as known are read from the table directly.
                    let known = table.ids
                    for c in classes where known[c] != id {
                        if known[c] < 0 && self.callerRewriteID(of: c, plan: plan, context: context, in: table) == id { continue }
                        one = nil
                        break
                    }
                }
                memo.rewrites[group] = one
                return one
            },
            callerLimits: memo.callerLimits)
    }
}

extension SpaceExplorer {
    /// `explore` with its errors typed.
    func exploreRows(group: [Int], region: NumberRegion, leaf: (SpaceLeaf) -> Void) throws(SpaceError) {
        do {
            try explore(group: group, region: region) { leaf($0) }
        } catch let error as SpaceError {
            throw error
        } catch {
            throw SpaceError.internal("\(error)")
        }
    }
}

/// Joins neighbouring rows that say the same for readable patterns: `20`, `21`, … `24` become
/// `2[0-4]`, and `0044` with `0044x…` becomes `0044…`.
///
/// Rows come in exploration order, where the parts of a split follow one another; a row is
/// joined with the one before it, then again with the one before that, while they can be.
struct RowMerger {
    private(set) var rows: [SpaceRow] = []
    /// Rows that matched different records stay apart.
    var keepRecords = false

    mutating func add(_ row: SpaceRow) {
        var row = row
        while let last = rows.last, last.classes == row.classes, last.signature == row.signature,
            !keepRecords || last.matched == row.matched, let joined = Self.join(last.region, row.region)
        {
            rows.removeLast()
            row.region = joined
            row.matched = last.matched
        }
        rows.append(row)
    }

    /// The region holding exactly the numbers of both, when it is a region.
    static func join(_ a: NumberRegion, _ b: NumberRegion) -> NumberRegion? {
        if a.minLength == b.minLength && a.maxLength == b.maxLength {
            var differing = -1
            for p in 0..<a.minLength where a.masks[p] != b.masks[p] {
                if differing >= 0 { return nil }
                differing = p
            }
            if differing < 0 {
                // The same positions: the next symbols of both, each leaving out its own.
                let mine = a.excluded.filter { !b.next.contains(SymbolSet.symbol($0[0])) || b.excluded.contains($0) }
                let theirs = b.excluded.filter { !a.next.contains(SymbolSet.symbol($0[0])) || a.excluded.contains($0) }
                guard mine.count == a.excluded.count && theirs.count == b.excluded.count else { return nil }
                return NumberRegion(masks: a.masks, next: a.next.union(b.next), maxLength: a.maxLength, excluded: mine + theirs)
            }
            guard a.next == b.next, a.excluded == b.excluded else { return nil }
            return a.restricting(differing, to: a.masks[differing].union(b.masks[differing]))
        }
        // The shorter lengths, then the longer ones that continue them.
        let (short, long) = a.maxLength < b.minLength ? (a, b) : (b, a)
        guard short.maxLength + 1 == long.minLength, long.minLength > short.minLength, !long.grows || long.next == .all else {
            return nil
        }
        let lo = short.minLength
        guard Array(long.masks.prefix(lo)) == short.masks, short.excluded.isEmpty else { return nil }
        let next = long.masks[lo]
        if short.grows && short.next != next { return nil }
        for p in (lo + 1)..<long.minLength where long.masks[p] != .all { return nil }
        var excluded: [[UInt8]] = []
        if !long.excluded.isEmpty {
            // What the longer part leaves out, seen from the shorter: one next symbol only.
            guard next.isSingle, long.minLength == lo + 1 else { return nil }
            excluded = long.excluded.map { [SymbolSet.byte(next.first)] + $0 }
        }
        return NumberRegion(masks: short.masks, next: next, maxLength: long.maxLength, excluded: excluded)
    }
}
