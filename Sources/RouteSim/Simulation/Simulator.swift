import DialPlan

/// Runs calls through a routing model, stage by stage (docs/semantics.md §3–§5).
///
/// `route(_:)` records a trace step for every stage; `routeFast(_:)` runs the same code without
/// recording anything, for bulk use and benchmarks. Both are pure: no I/O, no global state.
public struct Simulator: Sendable {
    public let model: RoutingModel

    public init(model: RoutingModel) {
        self.model = model
    }

    /// A simulator for a plan: builds its model, refusing duplicate keys (`RoutingModel`).
    public init(snapshot: Snapshot, assumptions: Assumptions = Assumptions()) throws(SnapshotError) {
        self.init(model: try RoutingModel(snapshot: snapshot, assumptions: assumptions))
    }

    /// Simulates a call with its full trace.
    public func route(_ call: Call) throws(CallError) -> RouteResult {
        var run = CallRun(model: model, tracing: true)
        return try run.simulate(call)
    }

    /// Simulates a call without a trace (`steps` stays empty).
    public func routeFast(_ call: Call) throws(CallError) -> RouteResult {
        var run = CallRun(model: model, tracing: false)
        return try run.simulate(call)
    }

    /// Checks a number a user typed: non-empty, at most 64 characters, printable ASCII without
    /// spaces. Characters outside the dial alphabet are allowed (matching stops there).
    public static func validateNumber(_ number: String, role: String) throws(CallError) {
        if number.isEmpty { throw CallError(.invalidNumber, message: "the \(role) number is empty") }
        let plain = number.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.count <= 64 && bytes.allSatisfy { $0 > 0x20 && $0 < 0x7F }
        }
        if plain == true { return }
        if number.utf8.count > 64 {
            throw CallError(.invalidNumber, message: "the \(role) number is \(number.utf8.count) characters long; at most 64 are allowed")
        }
        if let bad = number.unicodeScalars.first(where: { $0.value <= 0x20 || $0.value >= 0x7F }) {
            let shown = bad.value == 0x20 ? "a space" : "U+\(String(bad.value, radix: 16, uppercase: true))"
            throw CallError(
                .invalidNumber,
                message:
                    "the \(role) number '\(number.debugDescription.dropFirst().dropLast())' holds \(shown); use digits, * # + (or a user name)"
            )
        }
    }
}
