/// The steps of a traced call, in order (`RouteResult.steps`).
///
/// A step's record key, name and words are read from the plan it was recorded against when they
/// are asked for, and its citations spelt from the assumptions the call ran under. The trace
/// keeps the plan and the assumptions once, for all of its steps, and gives them to each step as
/// it is read: a reference kept in every step (and a list of citations) was retained as the step
/// was recorded and released when the result was destroyed, at every step of every traced call.
///
/// A collection of `TraceStep`s: index it, iterate it, `first`, `last`, `filter`, `map` and
/// `Array(_:)` as with an array. Built from steps (`Trace(steps)`, or an array literal), it holds
/// them as they are.
public struct Trace: RandomAccessCollection, Sendable, Equatable, ExpressibleByArrayLiteral {
    /// The plan the recorded steps are read from, and the assumptions their citations are spelt
    /// from (nil: the steps hold their own, or none).
    private let plan: RoutingModel?
    private let rules: AssumptionsBox?
    /// The steps as recorded, without the plan.
    private var recorded: [TraceStep]

    /// The steps a call recorded against `plan`, under `rules`.
    init(plan: RoutingModel, rules: AssumptionsBox, recorded: [TraceStep]) {
        self.plan = plan
        self.rules = rules
        self.recorded = recorded
    }

    /// A trace of the given steps, each as it is.
    public init(_ steps: some Sequence<TraceStep>) {
        plan = nil
        rules = nil
        recorded = Array(steps)
    }

    public init(arrayLiteral steps: TraceStep...) { self.init(steps) }

    public var startIndex: Int { recorded.startIndex }
    public var endIndex: Int { recorded.endIndex }

    public subscript(position: Int) -> TraceStep {
        guard let plan, let rules else { return recorded[position] }
        return recorded[position].reading(from: plan, under: rules)
    }

    /// Equal when every step is, as read.
    public static func == (a: Trace, b: Trace) -> Bool { a.elementsEqual(b) }
}
