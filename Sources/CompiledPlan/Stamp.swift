/// What was true when a cached compiled file was last checked in full: the identity of the plan
/// file it was compiled from, the identity of the compiled file, and when. Kept in a small file
/// beside the compiled one.
///
/// A later run that finds both files with the same identities uses the compiled file without
/// reading either: any write to a file changes its status-change time. The plan file must also
/// have been unchanged for two seconds before the stamp was written; otherwise a change within
/// the same clock tick could keep its identity, and the next run checks the contents instead.
struct Stamp: Equatable {
    var source: FileIdentity
    var compiled: FileIdentity
    /// Wall-clock nanoseconds when the stamp was written.
    var written: Int64

    /// How long a plan file must have been left alone before its identity is trusted.
    static let settleNanoseconds: Int64 = 2_000_000_000

    /// Whether the stamp vouches for `compiled` as the compilation of `source` as they are now.
    func vouches(source: FileIdentity, compiled: FileIdentity) -> Bool {
        source == self.source && compiled == self.compiled
            && max(source.modified, source.changed) + Self.settleNanoseconds < written
    }

    var text: String { "routesim-stamp 1\nsource \(source)\ncompiled \(compiled)\nwritten \(written)\n" }

    init(source: FileIdentity, compiled: FileIdentity, written: Int64) {
        self.source = source
        self.compiled = compiled
        self.written = written
    }

    /// Parses `text`; nil for anything else (an unreadable stamp vouches for nothing).
    init?(text: String) {
        let lines = text.split(separator: "\n")
        guard lines.count == 4, lines[0] == "routesim-stamp 1",
            lines[1].hasPrefix("source "), let source = FileIdentity(lines[1].dropFirst(7)),
            lines[2].hasPrefix("compiled "), let compiled = FileIdentity(lines[2].dropFirst(9)),
            lines[3].hasPrefix("written "), let written = Int64(lines[3].dropFirst(8))
        else { return nil }
        self.init(source: source, compiled: compiled, written: written)
    }
}
