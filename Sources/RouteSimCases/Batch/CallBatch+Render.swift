import DialPlan
import RouteSim

extension CallBatch.Entry {
    /// The line `route --batch --format json` prints for this call's result (without the
    /// newline): the line number and the input echoed, then the result (its steps only when
    /// `withSteps`). The server's batch endpoint prints the same.
    public func jsonLine(_ result: RouteResult, withSteps: Bool) -> String {
        var out = JSONLineWriter()
        write(result, withSteps: withSteps, to: &out)
        return out.line
    }

    /// `jsonLine` and a newline, appended to `out` (a batch's lines written into one buffer).
    public func appendJSONLine(_ result: RouteResult, withSteps: Bool, to out: inout TextBuilder) {
        var line = JSONLineWriter(appendingTo: out)
        write(result, withSteps: withSteps, to: &line)
        out.append("\n")
    }

    private func write(_ result: RouteResult, withSteps: Bool, to out: inout JSONLineWriter) {
        out.openObject()
        out.key("line")
        out.int(line)
        out.key("input")
        out.value(input)
        result.writeMembers(toLine: &out, steps: withSteps)
        out.closeObject()
    }

    /// The line `route --batch` prints in its text format (without the newline):
    /// `SOURCE:LINE  user 100 dials 92002  →  SUMMARY`, control characters escaped.
    public func textLine(_ result: RouteResult, source: String) -> String {
        var out = TextBuilder(capacity: 256)
        write(result, source: source, to: &out)
        return out.text
    }

    /// `textLine` and a newline, appended to `out`.
    public func appendTextLine(_ result: RouteResult, source: String, to out: inout TextBuilder) {
        write(result, source: source, to: &out)
        out.append("\n")
    }

    private func write(_ result: RouteResult, source: String, to out: inout TextBuilder) {
        let start = out.byteCount
        out.append(source)
        out.append(":")
        out.append(line)
        out.append("  ")
        call.write(summary: &out)
        out.append("  →  ")
        result.write(summary: &out)
        out.escapeControlCharacters(from: start)
    }
}
