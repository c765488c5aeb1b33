/// A set of origin classes (IDs of a catalog of `universe` classes): sorted 32-bit IDs while
/// that is the smaller form, else a bitmap over every class of the catalog.
///
/// The form follows from the count alone (IDs while `count * 32 <= universe`), so equal sets
/// have equal storage and compare and hash by it. An origin set that holds most of a dial
/// plan's users is a bitmap of `universe / 8` bytes instead of 8 bytes a class, and the rest of
/// a split is the bitmap less a few bits rather than a copy of the classes one by one.
struct ClassSet: Hashable, Sequence {
    fileprivate enum Storage: Hashable {
        case ids([Int32])
        case bits([UInt64])
    }

    private let storage: Storage
    let count: Int

    /// The set of `sorted` (ascending, distinct IDs below `universe`).
    init(sorted: [Int], universe: Int) {
        count = sorted.count
        if Self.usesBits(count: count, universe: universe) {
            var words = [UInt64](repeating: 0, count: (universe + 63) / 64)
            for c in sorted { words[c >> 6] |= 1 << UInt64(c & 63) }
            storage = .bits(words)
        } else {
            storage = .ids(sorted.map { Int32($0) })
        }
    }

    private init(storage: Storage, count: Int) {
        self.storage = storage
        self.count = count
    }

    private static func usesBits(count: Int, universe: Int) -> Bool { count * 32 > universe }

    /// The smallest class.
    var first: Int {
        switch storage {
        case .ids(let ids): return Int(ids[0])
        case .bits(let words):
            for (w, word) in words.enumerated() where word != 0 { return w * 64 + word.trailingZeroBitCount }
            preconditionFailure("an empty class set")
        }
    }

    func contains(_ c: Int) -> Bool {
        switch storage {
        case .ids(let ids):
            var low = 0, high = ids.count
            let value = Int32(c)
            while low < high {
                let mid = (low + high) / 2
                if ids[mid] < value { low = mid + 1 } else { high = mid }
            }
            return low < ids.count && ids[low] == value
        case .bits(let words):
            return c >> 6 < words.count && words[c >> 6] & (1 << UInt64(c & 63)) != 0
        }
    }

    /// This set less `removed` (sorted classes of the set), in the form its count calls for.
    func removing(sorted removed: [Int], universe: Int) -> ClassSet {
        let left = count - removed.count
        switch storage {
        case .bits(var words) where Self.usesBits(count: left, universe: universe):
            for c in removed { words[c >> 6] &= ~(1 << UInt64(c & 63)) }
            return ClassSet(storage: .bits(words), count: left)
        default:
            var rest: [Int] = []
            rest.reserveCapacity(left)
            var k = 0
            for c in self {
                if k < removed.count && removed[k] == c { k += 1 } else { rest.append(c) }
            }
            return ClassSet(sorted: rest, universe: universe)
        }
    }

    /// The classes in ascending order.
    var array: [Int] {
        var out: [Int] = []
        out.reserveCapacity(count)
        for c in self { out.append(c) }
        return out
    }

    struct Iterator: IteratorProtocol {
        private let storage: Storage
        private var index = 0
        private var word: UInt64 = 0

        fileprivate init(_ storage: Storage) {
            self.storage = storage
            if case .bits(let words) = storage, !words.isEmpty { word = words[0] }
        }

        mutating func next() -> Int? {
            switch storage {
            case .ids(let ids):
                guard index < ids.count else { return nil }
                index += 1
                return Int(ids[index - 1])
            case .bits(let words):
                while word == 0 {
                    index += 1
                    guard index < words.count else { return nil }
                    word = words[index]
                }
                let bit = word.trailingZeroBitCount
                word &= word - 1
                return index * 64 + bit
            }
        }
    }

    func makeIterator() -> Iterator { Iterator(storage) }

    var underestimatedCount: Int { count }
}
