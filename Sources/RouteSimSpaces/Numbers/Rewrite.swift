import RouteSim

/// A number as a function of the number a call started from: the dialled number, for called
/// numbers; the origin's caller number, for callers.
///
/// Segments are literal text the plan wrote and runs of the input's characters:
/// `strip 1, prepend 0086` is `[literal "0086", input from 1]`. Two numbers derived the same way
/// have equal rewrites, whatever the input, which is what lets one rewrite describe a whole
/// region of numbers.
public struct Rewrite: Hashable, Sendable {
    public enum Segment: Hashable, Sendable {
        case literal(String)
        /// The input's characters at positions `from..<to` (0-based), or from `from` to the end.
        case input(from: Int, to: Int?)
    }

    public var segments: [Segment]

    public init(segments: [Segment]) { self.segments = segments }

    /// The input unchanged.
    public static let identity = Rewrite(segments: [.input(from: 0, to: nil)])

    /// The rewrite that the cells describe, for inputs of at least `minLength` characters (the
    /// characters of a longer input past `minLength` follow the cells when they extend).
    ///
    /// The form is the same whatever region the cells were followed on: a number that extends
    /// always ends with the input from `minLength` on (empty for an input of that length), so
    /// the same derivation gives the same rewrite on a short region and on a long one.
    init(cells: NumberCells, minLength: Int) {
        var segments: [Segment] = []
        var literal: [UInt8] = []
        var run: (from: Int, to: Int)?
        func flushLiteral() {
            if !literal.isEmpty { segments.append(.literal(String(decoding: literal, as: UTF8.self))) }
            literal = []
        }
        func flushRun() {
            if let r = run { segments.append(.input(from: r.from, to: r.to)) }
            run = nil
        }
        for cell in cells.cells {
            if let byte = NumberCells.literalByte(cell) {
                flushRun()
                literal.append(byte)
            } else {
                flushLiteral()
                let p = Int(cell)
                if let r = run, r.to == p {
                    run = (r.from, p + 1)
                } else {
                    flushRun()
                    run = (p, p + 1)
                }
            }
        }
        flushLiteral()
        if cells.extends, let r = run, r.to == minLength {
            segments.append(.input(from: r.from, to: nil))
        } else {
            flushRun()
            if cells.extends { segments.append(.input(from: minLength, to: nil)) }
        }
        self.segments = segments
    }

    /// The number for one input.
    public func apply(to input: [UInt8]) -> String {
        var out: [UInt8] = []
        for segment in segments {
            switch segment {
            case .literal(let text): out.append(contentsOf: text.utf8)
            case .input(let from, let to):
                let end = min(to ?? input.count, input.count)
                if from < end { out.append(contentsOf: input[from..<end]) }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    public func apply(to input: String) -> String { apply(to: Array(input.utf8)) }

    public var isIdentity: Bool { self == .identity }

    /// The number when no character of the input survives.
    public var constant: String? {
        var out = ""
        for segment in segments {
            guard case .literal(let text) = segment else { return nil }
            out += text
        }
        return out
    }

    /// The same function written against `region`: positions every number of the region holds
    /// the same character at become literal text, and a tail no number of the region has is
    /// dropped. Two rewrites give the same number for every input of the region when (and,
    /// for the positions that vary, only when) their literalized forms are equal.
    func literalized(over region: NumberRegion) -> Rewrite {
        var out: [Segment] = []
        func add(literal byte: UInt8) {
            if case .literal(let text)? = out.last {
                out[out.count - 1] = .literal(text + String(UnicodeScalar(byte)))
            } else {
                out.append(.literal(String(UnicodeScalar(byte))))
            }
        }
        func add(position p: Int) {
            if case .input(let from, let to?)? = out.last, to == p {
                out[out.count - 1] = .input(from: from, to: p + 1)
            } else {
                out.append(.input(from: p, to: p + 1))
            }
        }
        for segment in segments {
            switch segment {
            case .literal(let text): for byte in text.utf8 { add(literal: byte) }
            case .input(let from, let to):
                let end = min(to ?? region.minLength, region.minLength)
                if from < end {
                    for p in from..<end {
                        if region.isConstant(p) { add(literal: SymbolSet.byte(region.masks[p].first)) } else { add(position: p) }
                    }
                }
                if to == nil && region.maxLength > region.minLength {
                    let start = max(from, region.minLength)
                    if case .input(let f, let t?)? = out.last, t == start {
                        out[out.count - 1] = .input(from: f, to: nil)
                    } else {
                        out.append(.input(from: start, to: nil))
                    }
                }
            }
        }
        return Rewrite(segments: out)
    }

    // MARK: For people

    /// The rewrite in words: `as dialled`, `strip 1, prepend 0086`, `append #`, `"100"`, or the
    /// segments (`"0" + d[1:3] + d[4:]`, `d` being the input).
    public func text(input name: String = "dialled", symbol: String = "d") -> String {
        if let constant { return "\"\(constant)\"" }
        if isIdentity { return "as \(name)" }
        var lead = "", trail = ""
        var middle = segments[...]
        if case .literal(let text)? = middle.first {
            lead = text
            middle = middle.dropFirst()
        }
        if case .literal(let text)? = middle.last {
            trail = text
            middle = middle.dropLast()
        }
        if middle.count == 1, case .input(let from, nil)? = middle.first {
            var words: [String] = []
            if from > 0 { words.append("strip \(from)") }
            if !lead.isEmpty { words.append("prepend \(lead)") }
            if !trail.isEmpty { words.append("append \(trail)") }
            return words.joined(separator: ", ")
        }
        return segments.map { segment -> String in
            switch segment {
            case .literal(let text): return "\"\(text)\""
            case .input(let from, let to): return "\(symbol)[\(from):\(to.map(String.init) ?? "")]"
            }
        }.joined(separator: " + ")
    }
}
