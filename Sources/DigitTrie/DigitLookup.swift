/// The two lookups both tries answer on a number's UTF-8 bytes (`DigitTrie`, `CompactTrie`),
/// and their forms for a `String`.
package protocol DigitLookup {
    /// The value of the longest prefix of `number` under `root`, or -1.
    func longestPrefix(_ number: UnsafeBufferPointer<UInt8>, root: Int32) -> Int32
    /// The value stored for exactly `number` under `root`, or -1.
    func exactMatch(_ number: UnsafeBufferPointer<UInt8>, root: Int32) -> Int32
}

extension DigitLookup {
    /// `longestPrefix` for a `String` (read in place: no copy of the string).
    @inlinable
    package func longestPrefix(_ number: String, root: Int32) -> Int32 {
        withDialBytes(of: number) { longestPrefix($0, root: root) }
    }

    /// `exactMatch` for a `String` (read in place: no copy of the string).
    @inlinable
    package func exactMatch(_ number: String, root: Int32) -> Int32 {
        withDialBytes(of: number) { exactMatch($0, root: root) }
    }
}

/// `body` of the number's UTF-8 bytes, read in place when the string holds them contiguously
/// (a copy only for a bridged or foreign string).
@inlinable
package func withDialBytes<R>(of number: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    if let value = number.utf8.withContiguousStorageIfAvailable(body) { return value }
    var copy = number
    return copy.withUTF8(body)
}
