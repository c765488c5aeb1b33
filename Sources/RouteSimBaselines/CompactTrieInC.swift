import CCompactTrie
import DigitTrie

/// The physical bound: the compact trie's lookup in plain C (`CCompactTrie`), over the words and
/// leaves of the very `CompactTrie` the routing model uses. What is left between the two is
/// what Swift costs; the memory both walk is the same.
public struct CompactTrieInC {
    let trie: CompactTrie

    public init(_ trie: CompactTrie) { self.trie = trie }

    /// The value of the longest prefix of `number` under `root`, or -1 (what `trie.longestPrefix` answers).
    public func longestPrefix(_ number: String, root: Int32) -> Int32 {
        var number = number
        let nodes = trie.nodeWords.baseAddress!, leaves = trie.leafValues.baseAddress ?? UnsafePointer(bitPattern: 8)!
        return number.withUTF8 { ccompacttrie_longest_prefix(nodes, leaves, root, $0.baseAddress, $0.count) }
    }

    /// Looks up every query in turn, in one C loop, writing `results[i]`; returns how many matched.
    @discardableResult
    public func lookUpAll(_ queries: UnsafeBufferPointer<TrieQuery>, bytes: UnsafePointer<UInt8>, into results: UnsafeMutablePointer<Int32>)
        -> Int
    {
        let nodes = trie.nodeWords.baseAddress!, leaves = trie.leafValues.baseAddress ?? UnsafePointer(bitPattern: 8)!
        // TrieQuery and ccompacttrie_query are both three Int32s, in the same order.
        return UnsafeRawPointer(queries.baseAddress!).withMemoryRebound(to: ccompacttrie_query.self, capacity: queries.count) {
            ccompacttrie_lookup_all(nodes, leaves, bytes, $0, queries.count, results)
        }
    }
}
