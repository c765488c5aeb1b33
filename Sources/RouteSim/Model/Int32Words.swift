/// Read-only little-endian `Int32` words that may live in memory no Swift array owns: a compiled
/// plan's mapped section, used in place (kept alive by its owner), or words a model built. The
/// model's per-row tables (`CompiledAnalysisRows`, the rows' dial plans) are these, so that a
/// model made from a stored index (`RoutingModel.StoredIndex`) neither copies nor decodes a
/// million rows to answer one call.
package struct Int32Words: RandomAccessCollection, @unchecked Sendable {
    // @unchecked: the words never change once made, and `owner` keeps them alive.
    private let base: UnsafePointer<Int32>?
    package let count: Int
    private let owner: AnyObject?

    /// Words in memory `owner` keeps alive; `bytes` must be 4-byte aligned and a whole number of words.
    init(inPlace bytes: UnsafeRawBufferPointer, owner: AnyObject) {
        precondition(bytes.count % 4 == 0 && Int(bitPattern: bytes.baseAddress) % 4 == 0, "misaligned Int32 words")
        base = bytes.baseAddress?.assumingMemoryBound(to: Int32.self)
        count = bytes.count / 4
        self.owner = owner
    }

    /// A copy of `words` (stored little-endian).
    init(_ words: [Int32]) {
        self.init(count: words.count) { target in
            words.withUnsafeBufferPointer { source in
                for i in source.indices { (target.baseAddress.unsafelyUnwrapped + i).initialize(to: source[i]) }
            }
        }
    }

    /// `count` words that `fill` writes (every one, in the host's byte order) straight into the
    /// memory they are then kept in: no array is built and copied (at a million analysis rows, 24
    /// MB less at once while the model is built).
    init(count: Int, fill: (UnsafeMutableBufferPointer<Int32>) -> Void) {
        let storage = WordStorage(count: count)
        fill(storage.words)
        #if _endian(big)
            for i in storage.words.indices { storage.words[i] = storage.words[i].littleEndian }
        #endif
        base = UnsafePointer(storage.words.baseAddress)
        self.count = count
        owner = storage
    }

    package var startIndex: Int { 0 }
    package var endIndex: Int { count }

    @inline(__always)
    package subscript(i: Int) -> Int32 {
        precondition(UInt(bitPattern: i) < UInt(bitPattern: count), "Int32Words index out of range")
        return Int32(littleEndian: base.unsafelyUnwrapped[i])
    }

    /// The words' bytes, little-endian, as a stored index writes them.
    package func withUnsafeBytes<T>(_ body: (UnsafeRawBufferPointer) -> T) -> T {
        body(UnsafeRawBufferPointer(start: base, count: count * 4))
    }
}

/// Words a model built, freed with it.
private final class WordStorage {
    let words: UnsafeMutableBufferPointer<Int32>

    /// Room for `count` words, each to be written once (`Int32` is trivial: a plain store
    /// initializes it). Plain loops fill it: `initialize(from: values.lazy.map(\.littleEndian))`
    /// projected a key path per word, which took longer than decoding the plan's JSON.
    init(count: Int) {
        words = .allocate(capacity: max(count, 1))
    }

    deinit { words.deallocate() }
}

/// The `anacldnbr` rows compiled (`CompiledCalledAnalysis`), six words each: target,
/// transition, caller-refine root, call level, maximum duration, and the route kind with the
/// change and re-analysis flags in bits 8 and 9 — the layout a stored index keeps, so that its
/// section is used as it is.
package struct CompiledAnalysisRows: RandomAccessCollection, Sendable {
    static let width = 6
    package let words: Int32Words

    /// Rows whose every route kind and flag is known (`isValid`), or made by `append`.
    init(words: Int32Words) { self.words = words }

    /// Writes `r`'s six words at `words` (in the host's byte order, as `Int32Words(count:fill:)` takes them).
    @inline(__always)
    static func store(_ r: CompiledCalledAnalysis, at words: UnsafeMutablePointer<Int32>) {
        let kind = Int32(r.routeKind.rawValue) | (r.changesNumber ? 1 << 8 : 0) | (r.reanalyze ? 1 << 9 : 0)
        words[0] = r.target.raw
        words[1] = r.transition.raw
        words[2] = r.callerRefine.raw
        words[3] = r.callLevel
        words[4] = r.maxDuration
        words[5] = kind
    }

    /// Whether `words` are whole rows, each with a known route kind and no unknown flag.
    static func isValid(_ words: Int32Words) -> Bool {
        guard words.count % width == 0 else { return false }
        var i = width - 1
        while i < words.count {
            let kind = words[i]
            guard kind & ~0x3FF == 0, RouteKind(rawValue: UInt8(kind & 0xFF)) != nil else { return false }
            i += width
        }
        return true
    }

    package var startIndex: Int { 0 }
    package var endIndex: Int { words.count / Self.width }

    @inline(__always)
    package subscript(i: Int) -> CompiledCalledAnalysis {
        let at = i * Self.width
        let kind = words[at + 5]
        return CompiledCalledAnalysis(
            target: Reference(raw: words[at]), transition: Reference(raw: words[at + 1]), callerRefine: Reference(raw: words[at + 2]),
            // Known: checked when the rows were made (`isValid`), or made from route kinds.
            routeKind: RouteKind(rawValue: UInt8(truncatingIfNeeded: kind)) ?? .unsupported, changesNumber: kind & 1 << 8 != 0,
            reanalyze: kind & 1 << 9 != 0, callLevel: words[at + 3], maxDuration: words[at + 4])
    }
}
