import DialPlan

/// Builds synthetic dial plans of realistic shape, of any size, the same for the same seed.
///
/// A plan has several dial plans (`default`, `restricted`, `intl-in` and one site plan per
/// 100,000 rows), caller analysis that switches plans, thousands of local users, SIP trunks with
/// failover chains and a refine-called-number group each, external lines, routing groups,
/// transitions with re-analysis (`+` → `00`, national → international), hunting groups with
/// detection numbers, speed dials, and an international (`00…`), national (`0…`), short-code
/// (`11x`), extension (`2…`) and out-group (`9`) prefix structure. With `Options.services`,
/// some users are in ring groups, have follow-me or voice mail.
///
/// The clean plan has no dangling reference, no loop and no duplicate key. Planted defects
/// (`Options.defects`) are extra records appended after the clean ones, so a plan with defects
/// is the clean plan of the same seed plus the records `GeneratedPlan.planted` lists.
public enum PlanGenerator {
    /// What to generate.
    public struct Options: Sendable, Equatable {
        /// The number of analyze-called-number (`anacldnbr`) rows of the clean plan (≥ 100).
        public var rows: Int
        public var seed: UInt64
        /// Kinds of defect to plant (for lint benchmarks and tests).
        public var defects: Set<DefectKind>
        /// Ring groups, follow-me and voice mail on some users (off: the plan of earlier
        /// versions, byte for byte).
        public var services: Bool

        public init(rows: Int, seed: UInt64 = 1, defects: Set<DefectKind> = [], services: Bool = false) {
            self.rows = rows
            self.seed = seed
            self.defects = defects
            self.services = services
        }
    }

    /// The smallest plan the generator builds (the fixed structure of every dial plan needs room).
    public static let minimumRows = 100

    /// A kind of defect the generator can plant.
    public enum DefectKind: String, CaseIterable, Sendable, Comparable {
        /// Re-analysis that never settles, a failover-chain cycle, a forwarding loop.
        case loops
        /// References to a trunk, routing group, transition or hunting group that does not exist.
        case dangling
        /// A duplicate key, and a dial plan that no user, trunk or caller analysis uses.
        case shadowed

        public static func < (lhs: Self, rhs: Self) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// One planted defect: the kind, the record that holds it, and what it is.
    public struct PlantedDefect: Sendable, Equatable {
        public var kind: DefectKind
        public var table: Table
        public var index: Int
        public var summary: String
    }

    /// A generated plan and the defects planted in it.
    public struct GeneratedPlan: Sendable {
        public var snapshot: Snapshot
        public var planted: [PlantedDefect]
    }

    /// Generates the plan `options` describe.
    public static func generate(_ options: Options) -> GeneratedPlan {
        precondition(options.rows >= minimumRows, "a generated plan has at least \(minimumRows) rows")
        var builder = PlanBuilder(options: options)
        builder.buildCleanPlan()
        for kind in DefectKind.allCases where options.defects.contains(kind) {
            builder.plant(kind)
        }
        return GeneratedPlan(snapshot: builder.snapshot, planted: builder.planted)
    }
}

/// The sizes of every table for a number of analysis rows.
struct PlanScale {
    let rows: Int
    let sitePlans: Int
    let users: Int
    let trunks: Int
    let lines: Int
    let routingGroups: Int
    let callerRefineGroups: Int
    let callerAnalysisRows: Int
    let huntingGroups: Int
    let speedDials: Int
    /// How many of each planted defect.
    let defectsPerKind: Int

    init(rows: Int) {
        func clamp(_ value: Int, _ low: Int, _ high: Int) -> Int { min(max(value, low), high) }
        self.rows = rows
        sitePlans = clamp(rows / 100_000, 1, 8)
        users = clamp(rows / 10, 200, 100_000)
        trunks = clamp(rows / 200, 8, 5_000)
        lines = clamp(rows / 2_000, 4, 500)
        routingGroups = clamp(trunks / 3, 4, 2_000)
        callerRefineGroups = clamp(trunks / 4, 2, 500)
        callerAnalysisRows = clamp(rows / 1_000, 4, 1_000)
        huntingGroups = clamp(users / 100, 2, 1_000)
        speedDials = clamp(users / 10, 10, 10_000)
        defectsPerKind = clamp(rows / 50_000, 1, 100)
    }
}
