import DigitTrie

// Dial numbers are byte strings of the dial alphabet: these compare and cut them by UTF-8 bytes,
// as the trie matches them, never by Unicode characters.

extension String {
    /// Whether the number starts with `prefix`, byte for byte (no Unicode segmentation).
    @inline(__always)
    func hasDialPrefix(_ prefix: String) -> Bool {
        // The bytes compared in place; a generic walk of the two views cost a hundred
        // instructions for a one-digit prefix.
        withDialBytes(of: self) { number in
            withDialBytes(of: prefix) { start in start.count <= number.count && zip(number, start).allSatisfy { $0 == $1 } }
        }
    }

    /// The number without its first `prefix.utf8.count` bytes (call after `hasDialPrefix`).
    func droppingDialPrefix(_ prefix: String) -> String {
        String(Substring(utf8.dropFirst(prefix.utf8.count)))
    }

    /// Whether the number starts with `*` or `#`, the characters the server's own services (feature
    /// codes, pick-up, voice-mail access…) start with: a decision on the number the trace reports,
    /// never one that routes.
    var startsLikeServiceCode: Bool {
        guard let first = utf8.first else { return false }
        return first == UInt8(ascii: "*") || first == UInt8(ascii: "#")
    }
}
