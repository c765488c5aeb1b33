import DigitTrie

/// A hash table per prefix length, probed longest first: how Kamailio's `lcr` module matches.
///
/// Honestly optimised: a prefix is packed into a `UInt64` key (4 bits a symbol, up to 15
/// symbols, plus the length), so a probe hashes one integer instead of a string, and only the
/// lengths that occur are probed. Longer prefixes fall back to a string table.
public struct HashPerLength: PrefixTable {
    /// Tables by prefix length, longest first.
    private var tables: [(length: Int, keys: [UInt64: Int32])] = []
    private var long: [String: Int32] = [:]
    private var longLengths: [Int] = []

    static let packedLimit = 15

    public init(rows: [(prefix: String, value: Int32)]) {
        var byLength: [Int: [UInt64: Int32]] = [:]
        for row in rows {
            let bytes = Array(row.prefix.utf8)
            if bytes.count > Self.packedLimit {
                if long[row.prefix] == nil { long[row.prefix] = row.value }
                continue
            }
            let key = Self.pack(bytes[...])
            if byLength[bytes.count]?[key] == nil { byLength[bytes.count, default: [:]][key] = row.value }
        }
        tables = byLength.keys.sorted(by: >).map { ($0, byLength[$0]!) }
        longLengths = Set(long.keys.map(\.utf8.count)).sorted(by: >)
    }

    @inline(__always)
    static func pack(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var key = UInt64(bytes.count)
        for b in bytes { key = key << 4 | UInt64(DigitTrie.symbol(b) + 1) }
        return key
    }

    public func longestPrefix(_ number: String) -> Int32 {
        var number = number
        return number.withUTF8 { bytes in
            // Matching stops at the first character outside the dial alphabet.
            var usable = 0
            while usable < bytes.count && DigitTrie.symbol(bytes[usable]) >= 0 { usable += 1 }
            for length in longLengths where length <= usable {
                if let v = long[String(decoding: UnsafeBufferPointer(rebasing: bytes[0..<length]), as: UTF8.self)] { return v }
            }
            // Packed keys of every length up to 15, built once per lookup.
            var keys = (
                UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0),
                UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0)
            )
            let limit = min(usable, Self.packedLimit)
            return withUnsafeMutableBytes(of: &keys) { raw in
                let packed = raw.bindMemory(to: UInt64.self)
                var digits: UInt64 = 0
                packed[0] = 0
                for i in 0..<limit {
                    digits = digits << 4 | UInt64(DigitTrie.symbol(bytes[i]) + 1)
                    packed[i + 1] = digits
                }
                for (length, table) in tables where length <= limit {
                    // The length rides above the digits, as `pack` puts it.
                    let key = UInt64(length) << (4 * UInt64(length)) | packed[length]
                    if let v = table[key] { return v }
                }
                return -1
            }
        }
    }
}
