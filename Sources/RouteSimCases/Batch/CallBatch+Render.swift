import DialPlan
import RouteSim

extension CallBatch.Entry {
    /// The line `route --batch --format json` prints for this call's result (without the
    /// newline): the line number and the input echoed, then the result (its steps only when
    /// `withSteps`). The server's batch endpoint prints the same.
    public func jsonLine(_ result: RouteResult, withSteps: Bool) -> String {
        guard case .object(let members) = result.jsonValue else { return "" }
        // The line's members made in one list (inserted at the front, every member moved twice).
        var line: [(String, JSONValue)] = []
        line.reserveCapacity(members.count + 2)
        line.append(("line", .int(self.line)))
        line.append(("input", input))
        for member in members where withSteps || member.0 != "steps" { line.append(member) }
        return JSONValue.object(line).compactText
    }

    /// The line `route --batch` prints in its text format (without the newline):
    /// `SOURCE:LINE  user 100 dials 92002  →  SUMMARY`, control characters escaped.
    public func textLine(_ result: RouteResult, source: String) -> String {
        "\(source):\(line)  \(call.summary)  →  \(result.summaryText)".escapingControlCharacters
    }
}
