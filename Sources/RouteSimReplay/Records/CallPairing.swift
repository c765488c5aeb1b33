/// One call as the records tell it: the caller-side and callee-side records merged when both
/// were written, else the one record there is.
public struct RecordedCall: Sendable, Equatable {
    /// The merged record; its place is the caller-side record's (or the only one's).
    public var record: CDRRecord
    /// The other half's place, when two records were paired.
    public var partner: RecordPlace?

    public init(record: CDRRecord, partner: RecordPlace? = nil) {
        self.record = record
        self.partner = partner
    }
}

/// Pairs the two half-call records of a call (docs/replay.md, "Pairing").
///
/// Two records are one call when they share the call ID (when a `callID` column is mapped), or
/// else the start time, the caller number and the dialled number. When the records say which
/// half they are, an O-CDR pairs with a T-CDR only; when they do not, the second record of a key
/// is the first one's other half. A record waits for its partner for `window` records, then is
/// replayed alone: memory stays bounded whatever the file's length. A record without a start
/// time (and no call ID) is never paired.
struct CallPairing {
    let window: Int

    /// A 64-bit FNV-1a hash of the pairing key: hashing one integer is cheaper than three
    /// strings, and a match is confirmed on the fields themselves (`sameCall`).
    private typealias Key = UInt64

    private struct Waiting {
        var sequence: Int
        var key: Key
        var record: CDRRecord
        var done: Bool
    }

    private static func key(_ record: CDRRecord) -> Key {
        if record.pairingHash != 0 { return record.pairingHash }
        var hash = PairingHash()
        if let callID = record.callID {
            hash.mix(callID)
        } else {
            hash.mix(record.start ?? "")
            hash.mix(record.caller)
            hash.mix(record.dialed)
        }
        return hash.value
    }

    /// Whether two records have the same pairing key.
    private static func sameCall(_ a: CDRRecord, _ b: CDRRecord) -> Bool {
        if a.callID != nil || b.callID != nil { return a.callID == b.callID }
        return a.start == b.start && a.caller == b.caller && a.dialed == b.dialed
    }

    /// Waiting records in arrival order, from `head`.
    private var queue: [Waiting] = []
    private var head = 0
    /// The queue position of the record waiting under each key.
    private var waiting: [Key: Int] = [:]
    private var sequence = 0
    /// Calls made of two records.
    private(set) var paired = 0

    init(window: Int) {
        self.window = max(1, window)
    }

    /// Takes a record; returns the calls that are complete now (a pair, or records that waited
    /// too long).
    mutating func add(_ record: CDRRecord, into out: inout [RecordedCall]) {
        sequence += 1
        expire(before: sequence - window, into: &out)
        guard record.callID != nil || record.start != nil else {
            out.append(RecordedCall(record: record))
            return
        }
        let key = Self.key(record)
        if let position = waiting.removeValue(forKey: key) {
            queue[position].done = true
            // Moved out, not copied: the queue entry is done with.
            var other = Self.placeholder
            swap(&other, &queue[position].record)
            if Self.sameCall(other, record) && (other.half == nil || record.half == nil || other.half != record.half) {
                paired += 1
                out.append(Self.merge(other, record))
                return
            }
            // Two records of the same half (or, once in 2⁶⁴, another key with the same hash):
            // the waiting one is a call of its own.
            out.append(RecordedCall(record: other))
        }
        waiting[key] = queue.count
        queue.append(Waiting(sequence: sequence, key: key, record: record, done: false))
    }

    /// The records still waiting, each a call of its own, in arrival order.
    mutating func finish(into out: inout [RecordedCall]) {
        expire(before: Int.max, into: &out)
    }

    private mutating func expire(before limit: Int, into out: inout [RecordedCall]) {
        while head < queue.count && queue[head].sequence <= limit {
            let entry = queue[head]
            if !entry.done {
                // A waiting record is the one its key maps to: a newer record of the key would
                // have marked it done.
                out.append(RecordedCall(record: entry.record))
                waiting.removeValue(forKey: entry.key)
            }
            head += 1
        }
        // Drop the consumed front now and then so the queue stays near `window` entries.
        if head > 4096 && head * 2 > queue.count {
            queue.removeFirst(head)
            for (key, position) in waiting { waiting[key] = position - head }
            head = 0
        }
    }

    private static let placeholder = CDRRecord(place: RecordPlace(file: "", line: 0), caller: "", dialed: "")

    /// One call from its two halves: where it came from as the caller side tells it, where it
    /// went as the callee side tells it (each falling back on the other).
    static func merge(_ first: consuming CDRRecord, _ second: consuming CDRRecord) -> RecordedCall {
        var o = first
        var t = second
        if t.half == .caller && o.half != .caller { swap(&o, &t) }
        var merged = o
        merged.half = nil
        merged.origin = o.origin ?? t.origin
        merged.destination = t.destination ?? o.destination
        merged.called = t.called ?? o.called
        if o.answered == true || t.answered == true {
            merged.answered = true
        } else {
            merged.answered = o.answered ?? t.answered
        }
        merged.cause = t.cause ?? o.cause
        merged.callTag = t.callTag ?? o.callTag
        if let d = t.duration { merged.duration = max(d, o.duration ?? d) }
        return RecordedCall(record: merged, partner: t.place)
    }
}

/// FNV-1a over the bytes of the pairing key's fields, each closed by a separator byte.
struct PairingHash {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func mix(_ bytes: UnsafeBufferPointer<UInt8>) {
        var h = value
        for byte in bytes { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        value = (h ^ 0x1F) &* 0x100_0000_01b3
    }

    mutating func mix(_ text: String) {
        var text = text
        text.withUTF8 { mix($0) }
    }
}
