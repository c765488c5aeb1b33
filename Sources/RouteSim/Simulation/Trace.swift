/// The steps of a traced call, in order (`RouteResult.steps`).
///
/// A step's record key, name and words are read from the plan it was recorded against when they
/// are asked for. The trace keeps that plan once, for all of its steps, and gives each step the
/// plan as it is read: a reference kept in every step was retained as the step was recorded and
/// released when the result was destroyed, at every step of every traced call.
///
/// A collection of `TraceStep`s: index it, iterate it, `first`, `last`, `filter`, `map` and
/// `Array(_:)` as with an array. Built from steps (`Trace(steps)`, or an array literal), it holds
/// them as they are.
public struct Trace: RandomAccessCollection, Sendable, Equatable, ExpressibleByArrayLiteral {
    /// The plan the recorded steps are read from (nil: the steps hold their own, or none).
    private let plan: RoutingModel?
    /// The steps as recorded, without the plan.
    private var recorded: [TraceStep]

    /// The steps a call recorded against `plan`.
    init(plan: RoutingModel, recorded: [TraceStep]) {
        self.plan = plan
        self.recorded = recorded
    }

    /// A trace of the given steps, each as it is.
    public init(_ steps: some Sequence<TraceStep>) {
        plan = nil
        recorded = Array(steps)
    }

    public init(arrayLiteral steps: TraceStep...) { self.init(steps) }

    public var startIndex: Int { recorded.startIndex }
    public var endIndex: Int { recorded.endIndex }

    public subscript(position: Int) -> TraceStep {
        guard let plan else { return recorded[position] }
        return recorded[position].reading(from: plan)
    }

    /// Equal when every step is, as read.
    public static func == (a: Trace, b: Trace) -> Bool { a.elementsEqual(b) }
}
