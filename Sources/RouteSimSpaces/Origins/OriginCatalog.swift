import DialPlan
import DigitTrie
import RouteSim

/// Which origins to look at: everything, or the classes that hold one origin or start in one
/// dial plan.
public struct OriginFilter: Sendable, Equatable {
    public enum Origin: Sendable, Equatable {
        case user(String)
        /// A trunk; with a caller, only the class of that caller.
        case trunk(TrunkID, caller: String?)
        case line(String, caller: String?)
        /// A bare caller number: the local user of that name, else an unknown caller.
        case caller(String)
    }

    public var origin: Origin?
    /// Classes whose calls are in this dial plan after caller analysis (in any plan compared).
    public var dialPlan: String?

    public init(origin: Origin? = nil, dialPlan: String? = nil) {
        self.origin = origin
        self.dialPlan = dialPlan
    }

    public static let everything = OriginFilter()
}

/// An origin that exists in some of the plans compared but not in all (`diff`).
public struct OneSidedOrigin: Sendable, Equatable {
    public enum Which: Sendable, Equatable {
        case user(String)
        case trunk(TrunkID)
        case line(String)
    }

    public var origin: Which
    /// For each plan compared, whether the origin exists in it.
    public var exists: [Bool]
}

/// The origin classes of one plan (or of two, for `diff`: origins that are alike in both).
///
/// Local users are grouped by what the pipeline reads from them; trunks, lines and unknown
/// callers by their endpoint and by a partition of the caller space (`CallerSpace`). Classes are
/// numbered in a stable order: kind, dial plan, then their first member.
public struct OriginCatalog: Sendable {
    public private(set) var classes: [OriginClass] = []
    public private(set) var oneSided: [OneSidedOrigin] = []
    /// Classes to explore together: the same dial plan, line destination and early end in every
    /// plan. Each group is a sorted list of class IDs.
    private(set) var groups: [[Int]] = []

    let models: [RoutingModel]
    let maxLength: Int
    /// Local user names that are dial strings, per plan (unknown callers exclude them).
    let dialUserNames: [Set<String>]
    /// The names of `dialUserNames`, distinct over the plans, as bytes in byte order: the names
    /// that start with a prefix are neighbours (`usersIn`).
    private let sortedUserNames: [[UInt8]]

    public init(models: [RoutingModel], maxLength: Int, filter: OriginFilter = .everything) throws(SpaceError) {
        self.models = models
        self.maxLength = maxLength
        dialUserNames = models.map { model in Set(model.snapshot.localUsers.map(\.name).filter(DigitTrie.isDialString)) }
        sortedUserNames = Set(dialUserNames.joined()).map { Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) }
        let unions = models.map(RefineUnion.init)
        let owners = models.map { SpeedDialOwners($0) }
        var found: [OriginClass] = []
        found += try userClasses(unions: unions)
        let callerSpace = try CallerSpace(models: models, unions: unions, maxLength: maxLength)
        found += freeCallerClasses(callerSpace, owners: owners)
        found.sort(by: Self.order)
        for i in found.indices { found[i].id = i }
        classes = found.filter { matches($0, filter) }
        for i in classes.indices { classes[i].id = i }
        var byGroup: [GroupKey: [Int]] = [:]
        var order: [GroupKey] = []
        for c in classes {
            let key = GroupKey(
                plans: c.attributes.map(\.plan), destinations: c.attributes.map(\.lineDestination), early: c.attributes.map(\.early))
            if byGroup[key] == nil { order.append(key) }
            byGroup[key, default: []].append(c.id)
        }
        groups = order.map { byGroup[$0]! }
    }

    struct GroupKey: Hashable {
        var plans: [Int32]
        var destinations: [String?]
        var early: [EarlyEnd?]
    }

    // MARK: Local users

    private mutating func userClasses(unions: [RefineUnion]) throws(SpaceError) -> [OriginClass] {
        let simulators = models.map(Simulator.init(model:))
        var byKey: [[ClassAttributes]: Int] = [:]
        var classes: [OriginClass] = []
        var seen = Set<String>()
        for user in models[0].snapshot.localUsers where seen.insert(user.name).inserted {
            let name = user.name
            let indices = models.map { $0.userIndex[name] }
            guard indices.allSatisfy({ $0 != nil }) else {
                oneSided.append(OneSidedOrigin(origin: .user(name), exists: indices.map { $0 != nil }))
                continue
            }
            var attributes: [ClassAttributes] = []
            var cells: [NumberCells] = []
            for (i, model) in models.enumerated() {
                let observer = CallObserver()
                do {
                    _ = try simulators[i].observeOrigin(.localUser(name), with: observer)
                } catch {
                    throw SpaceError.internal("local user \(name) cannot start a call: \(error.message)")
                }
                guard let plan = observer.planAfterCallerAnalysis else {
                    throw SpaceError.internal("local user \(name): no dial plan after caller analysis")
                }
                let analyzed = observer.analyzedCaller
                let length = name.utf8.count
                let analyzedText = analyzed.text(input: Array(name.utf8), extendedFrom: length)
                let u = indices[i]!
                attributes.append(
                    ClassAttributes(
                        plan: plan, analyzed: Rewrite(cells: analyzed, minLength: length),
                        refinePath: unions[i].path(of: analyzedText), callerLength: analyzed.cells.count,
                        ownSpeedDials: model.speedDialRoot(forCaller: name) ?? -1, callLevel: model.users[Int(u)].callLevel,
                        limit: model.users[Int(u)].maxDuration, defaultLine: model.defaultLine(callerUser: u), lineDestination: nil,
                        early: nil, ringGroupUser: (model.ringGroupMembers[model.users[Int(u)].ringGroup]?.count ?? 0) >= 2 ? u : -1))
                cells.append(analyzed)
            }
            if let existing = byKey[attributes], case .users(var names) = classes[existing].members {
                // The class lets go of its names first, so that they grow in place rather than
                // being copied for every user.
                classes[existing].members = .users([])
                names.append(name)
                classes[existing].members = .users(names)
                classes[existing].size = classes[existing].size + .one
                continue
            }
            byKey[attributes] = classes.count
            let length = name.utf8.count
            classes.append(
                OriginClass(
                    id: 0, kind: .localUser, members: .users([name]), representative: .localUser(name), representativeCaller: name,
                    callerBounds: (length, length), attributes: attributes, analyzedCells: cells, size: .one))
        }
        for model in models.dropFirst() {
            for user in model.snapshot.localUsers where models[0].userIndex[user.name] == nil && seen.insert(user.name).inserted {
                oneSided.append(OneSidedOrigin(origin: .user(user.name), exists: models.map { $0.userIndex[user.name] != nil }))
            }
        }
        return classes
    }

    // MARK: Trunks, lines and unknown callers

    /// An endpoint family: trunks (or lines) that start calls alike in every plan.
    private struct Family: Hashable {
        var kind: OriginKind
        /// The dial plan calls start in before caller analysis, per plan.
        var startPlans: [Int32]
        /// Lines: the destination (nil: none) or the early end, per plan.
        var destinations: [String?]
        var early: [EarlyEnd?]
    }

    private mutating func freeCallerClasses(_ space: CallerSpace, owners: [SpeedDialOwners]) -> [OriginClass] {
        var families: [(Family, trunks: [TrunkID], lines: [String])] = []
        var familyIndex: [Family: Int] = [:]
        func add(_ family: Family, trunk: TrunkID? = nil, line: String? = nil) {
            let f = familyIndex[family] ?? families.count
            if f == families.count {
                familyIndex[family] = f
                families.append((family, [], []))
            }
            if let trunk { families[f].trunks.append(trunk) }
            if let line { families[f].lines.append(line) }
        }
        let unknownPlans = models.map { $0.dialPlanID($0.assumptions.unknownCallerDialPlan)! }
        add(Family(kind: .unknownCaller, startPlans: unknownPlans, destinations: models.map { _ in nil }, early: models.map { _ in nil }))
        var seenTrunks = Set<TrunkID>()
        for trunk in models[0].snapshot.sipTrunks where seenTrunks.insert(trunk.id).inserted {
            let indices = models.map { $0.trunkIndex[trunk.id] }
            guard indices.allSatisfy({ $0 != nil }) else {
                oneSided.append(OneSidedOrigin(origin: .trunk(trunk.id), exists: indices.map { $0 != nil }))
                continue
            }
            let plans = models.enumerated().map { i, m in m.trunks[Int(indices[i]!)].dialPlan }
            add(
                Family(kind: .sipTrunk, startPlans: plans, destinations: models.map { _ in nil }, early: models.map { _ in nil }),
                trunk: trunk.id)
        }
        var seenLines = Set<String>()
        for line in models[0].snapshot.externalLines where seenLines.insert(line.name).inserted {
            let indices = models.map { $0.lineIndex[line.name] }
            guard indices.allSatisfy({ $0 != nil }) else {
                oneSided.append(OneSidedOrigin(origin: .line(line.name), exists: indices.map { $0 != nil }))
                continue
            }
            var destinations: [String?] = [], early: [EarlyEnd?] = []
            for (i, m) in models.enumerated() {
                let row = m.snapshot.externalLines[Int(indices[i]!)]
                if row.autoAttendant {
                    early.append(.autoAttendant(row.name))
                    destinations.append(nil)
                } else if row.incomingDestination.isEmpty {
                    early.append(.noDestination)
                    destinations.append(nil)
                } else {
                    early.append(nil)
                    destinations.append(row.incomingDestination)
                }
            }
            let plans = models.map { $0.dialPlanID($0.assumptions.externalLineDialPlan)! }
            add(Family(kind: .externalLine, startPlans: plans, destinations: destinations, early: early), line: line.name)
        }
        for model in models.dropFirst() {
            for trunk in model.snapshot.sipTrunks where models[0].trunkIndex[trunk.id] == nil && seenTrunks.insert(trunk.id).inserted {
                oneSided.append(OneSidedOrigin(origin: .trunk(trunk.id), exists: models.map { $0.trunkIndex[trunk.id] != nil }))
            }
            for line in model.snapshot.externalLines where models[0].lineIndex[line.name] == nil && seenLines.insert(line.name).inserted {
                oneSided.append(OneSidedOrigin(origin: .line(line.name), exists: models.map { $0.lineIndex[line.name] != nil }))
            }
        }

        var classes: [OriginClass] = []
        // Classes by their attributes, with every value numbered (`FastKey`).
        var byKey: [FastKey: Int] = [:]
        // Every family reads the same leaves: their sizes, analyzed callers and the numbers of
        // their attributes are found once.
        let leafCounts = space.leaves.map(\.region.count)
        var numbers = ValueNumbers()
        let analyzed: [[Rewrite]] = space.leaves.map { leaf in
            models.indices.map { i in Rewrite(cells: leaf.profiles[i].analyzed, minLength: leaf.region.minLength) }
        }
        let leafNumbers: [[(analyzed: Int, refinePath: Int)]] = space.leaves.indices.map { l in
            models.indices.map { i in
                (numbers.number(of: analyzed[l][i]), numbers.number(of: space.leaves[l].profiles[i].refinePath))
            }
        }
        // What a family's key reads of each leaf's profiles (without copying a profile).
        let leafValues: [[(planSwitch: Int32?, lengthDependence: Int, ownSpeedDials: Int32)]] = space.leaves.map { leaf in
            leaf.profiles.map { ($0.planSwitch, $0.lengthDependence, $0.ownSpeedDials) }
        }
        // Leaves that every family reads alike (the same values in every plan: analyzed caller,
        // refine path, plan switch, length dependence, own speed dials) give the same class in a
        // family: a family of trunks or lines looks each such group up once.
        var leafGroups: [(leaves: [Int], callers: [NumberRegion], count: NumberCount)] = []
        do {
            var groupOf: [[Int]: Int] = [:]
            for (l, leaf) in space.leaves.enumerated() {
                var values: [Int] = []
                for i in models.indices {
                    let profile = leaf.profiles[i]
                    values += [
                        Int(profile.planSwitch ?? -1), leafNumbers[l][i].analyzed, leafNumbers[l][i].refinePath,
                        profile.lengthDependence, Int(profile.ownSpeedDials),
                    ]
                }
                if let g = groupOf[values] {
                    leafGroups[g].leaves.append(l)
                    leafGroups[g].callers.append(leaf.region)
                    leafGroups[g].count = leafGroups[g].count + leafCounts[l]
                } else {
                    groupOf[values] = leafGroups.count
                    leafGroups.append(([l], [leaf.region], leafCounts[l]))
                }
            }
        }
        // Groups that make one class together, merged in leaf order (many families merge the
        // same groups: they share the arrays).
        var merges: [[Int]: (leaves: [Int], callers: [NumberRegion], count: NumberCount)] = [:]
        func mergedGroups(_ groups: [Int]) -> (leaves: [Int], callers: [NumberRegion], count: NumberCount) {
            if let known = merges[groups] { return known }
            var leaves: [Int] = []
            var count = NumberCount.zero
            for g in groups {
                leaves += leafGroups[g].leaves
                count = count + leafGroups[g].count
            }
            leaves.sort()
            let merged = (leaves, leaves.map { space.leaves[$0].region }, count)
            merges[groups] = merged
            return merged
        }
        for (family, trunks, lines) in families {
            let allEarly = family.early.allSatisfy { $0 != nil }
            // A call that ends at its origin in every plan reads nothing of its caller.
            let leaves = allEarly ? [CallerSpace.Leaf(region: .all(maxLength: maxLength), profiles: [])] : space.leaves
            let counts = allEarly ? [NumberRegion.all(maxLength: maxLength).count] : leafCounts
            // Whether the family's line destination can be a caller's own speed dial, per plan.
            let ownApplies = models.indices.map { i in family.destinations[i].map { owners[i].matches($0, model: models[i]) } ?? true }
            let destinationNumbers = family.destinations.map { $0.map { numbers.number(of: $0) } ?? -1 }
            let earlyNumbers = family.early.map { $0.map { numbers.number(of: $0) } ?? -1 }
            let multiplier = NumberCount(UInt128(max(1, trunks.count + lines.count)))
            // The classes this family gives callers to (only their parts can be this family's),
            // with the leaves each gets, in order.
            var held: [Int: [Int]] = [:]
            /// The attributes of leaf `l` in this family, numbered: equal keys, equal attributes.
            func key(of l: Int) -> FastKey {
                var key = FastKey(kind: family.kind)
                for i in models.indices {
                    if family.early[i] != nil {
                        key.add((0, Int(family.startPlans[i]), earlyNumbers[i], 0, 0, 0, 0), plan: i)
                        continue
                    }
                    let profile = leafValues[l][i]
                    key.add(
                        (
                            1, Int(profile.planSwitch ?? family.startPlans[i]), leafNumbers[l][i].analyzed, leafNumbers[l][i].refinePath,
                            profile.lengthDependence, Int(ownApplies[i] ? profile.ownSpeedDials : -1), destinationNumbers[i]
                        ), plan: i)
                }
                return key
            }
            /// Gives the callers of leaves `indices` (in order, the first `l`), `size` origins in
            /// all, to the class of `key`, made from leaf `l` when there is none yet.
            func give(_ l: Int, _ indices: [Int], callers: [NumberRegion], size: NumberCount, key: FastKey) {
                if let existing = byKey[key], case .callers(var parts) = classes[existing].members {
                    // The class lets go of its parts first, so that they grow in place rather
                    // than being copied for every leaf.
                    classes[existing].members = .callers([])
                    // This family's part, if the class has one yet, is its last: only this
                    // family adds parts while its leaves are read.
                    if let last = parts.indices.last, parts[last].trunks == trunks && parts[last].lines == lines {
                        parts[last].callers += callers
                    } else {
                        parts.append(CallerPart(trunks: trunks, lines: lines, callers: callers, except: nil))
                    }
                    classes[existing].members = .callers(parts)
                    classes[existing].size = classes[existing].size + size
                    held[existing, default: []] += indices
                    return
                }
                let leaf = leaves[l]
                var attributes: [ClassAttributes] = []
                var cells: [NumberCells] = []
                for (i, model) in models.enumerated() {
                    if let early = family.early[i] {
                        attributes.append(
                            ClassAttributes(
                                plan: family.startPlans[i], analyzed: .identity, refinePath: "", callerLength: -1, ownSpeedDials: -1,
                                callLevel: nil, limit: 0, defaultLine: model.firstSharedLine, lineDestination: nil, early: early))
                        cells.append(.input(count: leaf.region.minLength))
                        continue
                    }
                    let profile = leaf.profiles[i]
                    attributes.append(
                        ClassAttributes(
                            plan: profile.planSwitch ?? family.startPlans[i], analyzed: analyzed[l][i],
                            refinePath: profile.refinePath, callerLength: profile.lengthDependence,
                            ownSpeedDials: ownApplies[i] ? profile.ownSpeedDials : -1, callLevel: nil,
                            limit: 0, defaultLine: model.firstSharedLine, lineDestination: family.destinations[i], early: nil))
                    cells.append(profile.analyzed)
                }
                let caller = representativeCaller(in: leaf.region, kind: family.kind)
                let origin: Origin
                switch family.kind {
                case .sipTrunk: origin = .sipTrunk(trunks[0], caller: caller)
                case .externalLine: origin = .externalLine(lines[0], caller: caller)
                default: origin = .caller(caller)
                }
                byKey[key] = classes.count
                held[classes.count] = indices
                classes.append(
                    OriginClass(
                        id: 0, kind: family.kind,
                        members: .callers([CallerPart(trunks: trunks, lines: lines, callers: callers, except: nil)]),
                        representative: origin, representativeCaller: caller,
                        callerBounds: (leaf.region.minLength, leaf.region.maxLength), attributes: attributes, analyzedCells: cells,
                        size: size))
            }
            if allEarly || family.kind == .unknownCaller {
                // Leaf by leaf (an unknown caller's leaf leaves out the numbers of local users).
                for (l, (leaf, count)) in zip(leaves, counts).enumerated() {
                    var size = count
                    if family.kind == .unknownCaller {
                        let users = usersIn(leaf.region)
                        size = NumberCount(size.value - min(size.value, users))
                        if size == .zero { continue }
                    }
                    give(l, [l], callers: [leaf.region], size: size * multiplier, key: key(of: l))
                }
            } else {
                // Group by group: the groups that make one class in this family, in the order
                // of their first leaves (the order classes are made in, leaf by leaf), give it
                // their callers together, in leaf order.
                var slots: [FastKey: Int] = [:]
                var gathered: [(key: FastKey, groups: [Int])] = []
                for (g, group) in leafGroups.enumerated() {
                    let k = key(of: group.leaves[0])
                    if let slot = slots[k] {
                        gathered[slot].groups.append(g)
                    } else {
                        slots[k] = gathered.count
                        gathered.append((k, [g]))
                    }
                }
                for (k, groups) in gathered {
                    let merged = groups.count == 1 ? leafGroups[groups[0]] : mergedGroups(groups)
                    give(merged.leaves[0], merged.leaves, callers: merged.callers, size: merged.count * multiplier, key: k)
                }
            }
            // Parts that hold most of the caller space are easier to read by what they leave out.
            // (The leaves are disjoint: a part leaves out the leaves it did not get.)
            for (c, indices) in held {
                guard case .callers(var parts) = classes[c].members else { continue }
                for p in parts.indices
                where parts[p].trunks == trunks && parts[p].lines == lines && parts[p].callers.count > leaves.count / 2 {
                    var except: [NumberRegion] = []
                    var k = 0
                    for (l, leaf) in leaves.enumerated() {
                        if k < indices.count && indices[k] == l { k += 1 } else { except.append(leaf.region) }
                    }
                    parts[p].except = except
                }
                classes[c].members = .callers(parts)
            }
        }
        return classes
    }

    /// A caller class's attributes in every plan, each value by its number in `ValueNumbers`
    /// (plan by plan, 7 values: early or not, dial plan, analyzed caller, refine path, caller
    /// length, own speed dials, line destination; or the early end): equal keys, equal
    /// attributes.
    private struct FastKey: Hashable {
        var kind: OriginKind
        /// The values of the first two plans (all that `map` and `diff` compare), inline.
        var values = SIMD16<Int64>()
        /// Those of any further plan.
        var more: [Int] = []

        init(kind: OriginKind) { self.kind = kind }

        /// The 7 values of plan `plan`.
        @inline(__always)
        mutating func add(_ v: (Int, Int, Int, Int, Int, Int, Int), plan index: Int) {
            guard index < 2 else {
                more += [v.0, v.1, v.2, v.3, v.4, v.5, v.6]
                return
            }
            let b = index * 7
            values[b] = Int64(v.0)
            values[b + 1] = Int64(v.1)
            values[b + 2] = Int64(v.2)
            values[b + 3] = Int64(v.3)
            values[b + 4] = Int64(v.4)
            values[b + 5] = Int64(v.5)
            values[b + 6] = Int64(v.6)
        }
    }

    /// Numbers for values, the same for equal ones.
    private struct ValueNumbers {
        private var numbers: [AnyHashable: Int] = [:]

        mutating func number(of value: AnyHashable) -> Int {
            if let known = numbers[value] { return known }
            numbers[value] = numbers.count
            return numbers.count - 1
        }
    }

    /// The smallest caller of `region` (for unknown callers: the smallest that names no local
    /// user in any plan).
    private func representativeCaller(in region: NumberRegion, kind: OriginKind) -> String {
        guard kind == .unknownCaller else { return region.witness }
        var candidate = region.witness
        var tries = 0
        while dialUserNames.contains(where: { $0.contains(candidate) }), tries < 1_000_000 {
            guard let next = Self.next(after: candidate, in: region) else { break }
            candidate = next
            tries += 1
        }
        return candidate
    }

    /// The number after `number` in the region's order (shorter first, then symbol by symbol).
    static func next(after number: String, in region: NumberRegion) -> String? {
        var symbols = number.utf8.map(SymbolSet.symbol)
        var p = symbols.count - 1
        while p >= 0 {
            let mask = region.mask(at: p)
            if let bigger = mask.symbols.first(where: { $0 > symbols[p] }) {
                symbols[p] = bigger
                for q in (p + 1)..<symbols.count { symbols[q] = region.mask(at: q).first }
                return String(decoding: symbols.map(SymbolSet.byte), as: UTF8.self)
            }
            p -= 1
        }
        guard symbols.count < region.maxLength else { return nil }
        let longer = (0...symbols.count).map { q in region.mask(at: q).first }
        return String(decoding: longer.map(SymbolSet.byte), as: UTF8.self)
    }

    /// Local users (in any plan) whose names lie in the region.
    ///
    /// Only the names that start with the region's fixed prefix (its leading positions of one
    /// symbol each) are read: it is called once per caller-space leaf, and reading every name
    /// each time made the catalog quadratic in the plan's size.
    private func usersIn(_ region: NumberRegion) -> UInt128 {
        var count: UInt128 = 0
        for i in region.candidates(in: sortedUserNames) where region.contains(sortedUserNames[i]) { count += 1 }
        return count
    }

    // MARK: Finding an origin

    /// The class of a concrete origin, or nil when the origin is in no class (it does not exist
    /// in every plan, its caller holds characters outside the dial alphabet or is too long, or
    /// the catalog was filtered).
    public func classIndex(of origin: Origin) -> Int? {
        classes.firstIndex { c in
            switch (origin, c.members) {
            case (.localUser(let name), .users(let names)): return names.contains(name)
            case (.caller(let number), .users(let names)): return names.contains(number)
            case (.caller(let number), .callers(let parts)):
                return c.kind == .unknownCaller && !dialUserNames.contains { $0.contains(number) }
                    && parts.contains { Self.holds($0, number) }
            case (.sipTrunk(let id, let caller), .callers(let parts)):
                return c.kind == .sipTrunk && parts.contains { $0.trunks.contains(id) && Self.holds($0, caller) }
            case (.externalLine(let name, let caller), .callers(let parts)):
                return c.kind == .externalLine && parts.contains { $0.lines.contains(name) && Self.holds($0, caller) }
            default: return false
            }
        }
    }

    // MARK: Order and filters

    static func order(_ a: OriginClass, _ b: OriginClass) -> Bool {
        if a.kind != b.kind { return a.kind < b.kind }
        let ka = a.sortKey, kb = b.sortKey
        return ka.lexicographicallyPrecedes(kb)
    }

    func matches(_ c: OriginClass, _ filter: OriginFilter) -> Bool {
        if let plan = filter.dialPlan {
            let named = c.attributes.enumerated().contains { i, a in models[i].dialPlanNames[Int(a.plan)] == plan }
            if !named { return false }
        }
        guard let origin = filter.origin else { return true }
        switch (origin, c.members) {
        case (.user(let name), .users(let names)): return names.contains(name)
        case (.caller(let number), .users(let names)): return names.contains(number)
        case (.caller(let number), .callers(let parts)):
            return c.kind == .unknownCaller && !dialUserNames.contains { $0.contains(number) }
                && parts.contains { $0.callers.contains { $0.contains(number) } }
        case (.trunk(let id, let caller), .callers(let parts)):
            return c.kind == .sipTrunk && parts.contains { part in part.trunks.contains(id) && Self.holds(part, caller) }
        case (.line(let name, let caller), .callers(let parts)):
            return c.kind == .externalLine && parts.contains { part in part.lines.contains(name) && Self.holds(part, caller) }
        default: return false
        }
    }

    /// Whether the part's callers include `caller` (any caller when nil).
    static func holds(_ part: CallerPart, _ caller: String?) -> Bool {
        guard let caller else { return true }
        return part.callers.contains { $0.contains(caller) }
    }
}

extension OriginClass {
    /// A stable key to order classes by: their first member.
    var sortKey: [String] {
        switch members {
        case .users(let names): return [String(format5(names.count)), names[0]]
        case .callers(let parts):
            let first = parts[0]
            let endpoint = first.trunks.first.map { String(format5(Int($0.rawValue))) } ?? first.lines.first ?? ""
            return [endpoint, first.callers[0].pattern, String(first.callers[0].maxLength)]
        }
    }
}

private func format5(_ n: Int) -> String {
    let text = String(n)
    return String(repeating: "0", count: max(0, 10 - text.count)) + text
}
