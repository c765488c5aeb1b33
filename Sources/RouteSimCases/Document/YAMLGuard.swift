/// Checks a YAML case file before the YAML parser reads it: no anchors or aliases, nesting and
/// size within bounds.
///
/// Aliases let a few hundred bytes stand for billions of nodes (`a: &a [x,x,x]`,
/// `b: &b [*a,*a,*a]`, …: "billion laughs"); the parser would build them and the reader walk
/// them, taking gigabytes, and deep nesting would exhaust the stack of the parser's recursive
/// composer. Case files need neither, so both are refused here, from the text, before anything
/// is built: the scan is linear and its memory constant. The scan follows YAML's lexical
/// structure (quoted and block scalars, comments, flow collections): an anchor (`&name`) or an
/// alias (`*name`) is a token where a node may start, since a plain scalar cannot start with
/// `&` or `*`; inside a scalar or a comment the characters mean nothing. It may refuse a few
/// exotic files (a continued plain scalar whose next line starts with `&` or `*`), never pass
/// one with an alias: `CaseNode` counts the nodes it builds as a second line of defence.
enum YAMLGuard {
    /// The largest case file read, in bytes.
    static let maxBytes = 16 << 20
    /// The deepest nesting read (a case file needs about 6).
    static let maxDepth = 64

    static func check(_ text: String, source: String) throws(CaseFileError) {
        let bytes = Array(text.utf8)
        if bytes.count > maxBytes {
            throw CaseFileError(
                source: source, message: "the file is \(bytes.count) bytes; case files are read up to \(maxBytes) bytes: split it")
        }
        var scanner = Scanner(bytes: bytes, source: source)
        try scanner.run()
    }

    private struct Scanner {
        let bytes: [UInt8]
        let source: String
        var i = 0
        var line = 1
        var flowDepth = 0
        /// Indentations of the open block levels, strictly increasing.
        var indents: [Int] = []
        /// Nested nodes opened on the current line by `- `, `? ` and `key: ` (compact notation).
        var inlineLevels = 0
        /// Where the current line starts, and the column of the last node started on it.
        var lineStart = 0
        var lastNodeColumn = -1

        init(bytes: [UInt8], source: String) {
            self.bytes = bytes
            self.source = source
        }

        func byte(_ at: Int) -> UInt8? { at < bytes.count ? bytes[at] : nil }

        static func isSpace(_ b: UInt8?) -> Bool { b == 0x20 || b == 0x09 }
        static func isBreakOrEnd(_ b: UInt8?) -> Bool { b == nil || b == 0x0A || b == 0x0D }
        static func isBlankOrEnd(_ b: UInt8?) -> Bool { isSpace(b) || isBreakOrEnd(b) }

        func refuse(_ message: String, line: Int? = nil) -> CaseFileError {
            CaseFileError(source: source, line: line ?? self.line, message: message)
        }

        mutating func checkDepth() throws(CaseFileError) {
            if indents.count + inlineLevels + flowDepth > YAMLGuard.maxDepth {
                throw refuse("the document is nested deeper than \(YAMLGuard.maxDepth) levels; case files need a few")
            }
        }

        mutating func run() throws(CaseFileError) {
            var atLineStart = true
            var nodeStart = true
            while i < bytes.count {
                if atLineStart {
                    atLineStart = false
                    inlineLevels = 0
                    lineStart = i
                    lastNodeColumn = -1
                    var indent = 0
                    while byte(i) == 0x20 {
                        indent += 1
                        i += 1
                    }
                    let first = byte(i)
                    if Self.isBreakOrEnd(first) || first == UInt8(ascii: "#") {
                        // Blank or comment-only: no structure.
                    } else if flowDepth == 0 {
                        while let top = indents.last, indent < top { indents.removeLast() }
                        if indent > (indents.last ?? -1) { indents.append(indent) }
                        try checkDepth()
                    }
                    nodeStart = true
                }
                guard let b = byte(i) else { break }
                switch b {
                case 0x0A:
                    i += 1
                    line += 1
                    atLineStart = true
                    continue
                case 0x0D, 0x20, 0x09:
                    i += 1
                    continue
                case UInt8(ascii: "#"):
                    skipToLineEnd()
                    continue
                default:
                    break
                }
                if nodeStart {
                    nodeStart = false
                    let column = i - lineStart
                    defer { lastNodeColumn = column }
                    switch b {
                    case UInt8(ascii: "&"):
                        throw refuse("YAML anchors (&name) are not supported in case files; write each value out")
                    case UInt8(ascii: "*"):
                        throw refuse("YAML aliases (*name) are not supported in case files; write each value out")
                    case UInt8(ascii: "!"):
                        // A tag, then the node itself.
                        while !Self.isBlankOrEnd(byte(i)) { i += 1 }
                        nodeStart = true
                        continue
                    case UInt8(ascii: "\""):
                        try skipDoubleQuoted()
                        continue
                    case UInt8(ascii: "'"):
                        try skipSingleQuoted()
                        continue
                    case UInt8(ascii: "|"),
                        UInt8(ascii: ">") where flowDepth == 0:
                        // Its text is indented deeper than the node it is the value of.
                        skipBlockScalar(level: lastNodeColumn >= 0 ? lastNodeColumn : (indents.last ?? -1))
                        continue
                    default:
                        break
                    }
                }
                switch b {
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    flowDepth += 1
                    try checkDepth()
                    i += 1
                    nodeStart = true
                case UInt8(ascii: "]"), UInt8(ascii: "}"):
                    flowDepth = max(0, flowDepth - 1)
                    i += 1
                case UInt8(ascii: ",") where flowDepth > 0:
                    i += 1
                    nodeStart = true
                case UInt8(ascii: "-"), UInt8(ascii: "?"),
                    UInt8(ascii: ":") where Self.isBlankOrEnd(byte(i + 1)):
                    // `- item`, `? key`, `key: value`: a node starts after the indicator.
                    i += 1
                    if flowDepth == 0 {
                        inlineLevels += 1
                        try checkDepth()
                    }
                    nodeStart = true
                case UInt8(ascii: ":") where flowDepth > 0:
                    i += 1
                    nodeStart = true
                default:
                    skipPlain()
                }
            }
        }

        mutating func skipToLineEnd() {
            while !Self.isBreakOrEnd(byte(i)) { i += 1 }
        }

        /// A plain scalar's characters on this line, up to `: `, ` #`, the line end, or (in a
        /// flow collection) a flow indicator.
        mutating func skipPlain() {
            i += 1
            while let b = byte(i) {
                if Self.isBreakOrEnd(b) { return }
                if b == UInt8(ascii: ":") && (Self.isBlankOrEnd(byte(i + 1)) || flowDepth > 0) { return }
                if b == UInt8(ascii: "#") && Self.isSpace(byte(i - 1)) { return }
                if flowDepth > 0 && (b == UInt8(ascii: ",") || b == UInt8(ascii: "]") || b == UInt8(ascii: "}")) { return }
                i += 1
            }
        }

        mutating func skipDoubleQuoted() throws(CaseFileError) {
            let start = line
            i += 1
            while let b = byte(i) {
                switch b {
                case UInt8(ascii: "\\"): i += 2
                case UInt8(ascii: "\""):
                    i += 1
                    return
                case 0x0A:
                    line += 1
                    i += 1
                default: i += 1
                }
            }
            throw refuse("a double-quoted string is not closed", line: start)
        }

        mutating func skipSingleQuoted() throws(CaseFileError) {
            let start = line
            i += 1
            while let b = byte(i) {
                if b == UInt8(ascii: "'") {
                    if byte(i + 1) == UInt8(ascii: "'") {
                        i += 2
                        continue
                    }
                    i += 1
                    return
                }
                if b == 0x0A { line += 1 }
                i += 1
            }
            throw refuse("a single-quoted string is not closed", line: start)
        }

        /// `|` or `>`: the header to the line end, then every line indented deeper than `level`,
        /// the column of the node the scalar belongs to (or blank), is its text.
        mutating func skipBlockScalar(level: Int) {
            skipToLineEnd()
            while byte(i) != nil {
                // At a line break: look at the next line.
                var j = i + 1
                var indent = 0
                while j < bytes.count && bytes[j] == 0x20 {
                    indent += 1
                    j += 1
                }
                let first = j < bytes.count ? bytes[j] : nil
                let blank = Self.isBreakOrEnd(first)
                guard blank || indent > level else { break }
                line += 1
                i = j
                skipToLineEnd()
            }
            // Leave `i` at the line break so that the main loop counts it and starts a line.
        }
    }
}
