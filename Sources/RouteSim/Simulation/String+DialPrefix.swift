// Dial numbers are byte strings of the dial alphabet: these compare and cut them by UTF-8 bytes,
// as the trie matches them, never by Unicode characters.

extension String {
    /// Whether the number starts with `prefix`, byte for byte (no Unicode segmentation).
    @inline(__always)
    func hasDialPrefix(_ prefix: String) -> Bool {
        utf8.starts(with: prefix.utf8)
    }

    /// The number without its first `prefix.utf8.count` bytes (call after `hasDialPrefix`).
    func droppingDialPrefix(_ prefix: String) -> String {
        String(Substring(utf8.dropFirst(prefix.utf8.count)))
    }
}
