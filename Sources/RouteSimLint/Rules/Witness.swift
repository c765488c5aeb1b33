import RouteSim

/// A number that proves a finding: dialed (or calling) as described, it does what the finding says.
public struct Witness: Sendable, Equatable {
    /// Whether the number is the called or the caller number.
    public enum Role: String, Sendable { case called, caller }

    public var number: String
    public var role: Role
    /// The dial plan the number is analysed in.
    public var dialPlan: String?
    /// An origin that reproduces the finding through `Simulator.route`, when the plan has one.
    public var origin: Origin?

    public init(number: String, role: Role = .called, dialPlan: String? = nil, origin: Origin? = nil) {
        self.number = number
        self.role = role
        self.dialPlan = dialPlan
        self.origin = origin
    }
}

extension Witness {
    /// `witness 8123 from user 100`, `witness caller 0044 …`.
    public var text: String {
        var text = "witness \(role == .caller ? "caller " : "")\(number)"
        if let origin { text += " \(origin.text)" } else if let dialPlan { text += " in dial plan \(dialPlan)" }
        return text
    }
}
