import DialPlan
import RouteSim

extension CallBatch.Entry {
    /// The line `route --batch --format json` prints for this call's result (without the
    /// newline): the line number and the input echoed, then the result (its steps only when
    /// `withSteps`). The server's batch endpoint prints the same.
    public func jsonLine(_ result: RouteResult, withSteps: Bool) -> String {
        result.jsonLine(leading: [("line", .int(line)), ("input", input)], steps: withSteps)
    }

    /// The line `route --batch` prints in its text format (without the newline):
    /// `SOURCE:LINE  user 100 dials 92002  →  SUMMARY`, control characters escaped.
    public func textLine(_ result: RouteResult, source: String) -> String {
        var out = TextBuilder(capacity: 256)
        out.append(source)
        out.append(":")
        out.append(line)
        out.append("  ")
        call.write(summary: &out)
        out.append("  →  ")
        result.write(summary: &out)
        return out.text.escapingControlCharacters
    }
}
