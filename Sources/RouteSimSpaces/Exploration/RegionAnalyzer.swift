import DigitTrie
import RouteSim

/// What one decision means for a whole region: every number of the region decides alike, or
/// the region must be split into the parts given (each of which may need splitting again).
enum RegionVerdict {
    case invariant
    case split([NumberRegion])
}

/// Decides whether a decision the simulator made for a region's witness is made alike for every
/// number of the region: the heart of `routesim map`.
///
/// The simulator ran the witness (the region's shortest, smallest number) and an observer
/// recorded each decision with the cells of the number it looked at (`NumberCells`): which
/// characters are the plan's, which are positions of the dialled number, and whether a longer
/// number's extra characters follow at the end. A position the region fixes reads the same
/// for every number; a position it leaves open (a mask of several symbols, or a position past
/// the witness's end) may not. For each kind of decision the analyzer walks what the decision
/// read and finds the first open position that could change it:
///
/// - a trie lookup that reaches an open position where some symbol of the mask has a child
///   splits that position (one region per such symbol, one for the rest); past the witness's
///   end it splits the lengths;
/// - a transition that cuts past what every number has splits the lengths;
/// - a comparison (or a prefix check) that meets an open position compared with a character
///   splits that position by the character.
struct RegionAnalyzer {
    let trie: any SpaceTrie

    /// What the position `j` of a number holds, seen from the region.
    enum Cell {
        /// The same byte for every number.
        case fixed(UInt8)
        /// A position of the input whose symbol varies: `p`, within the region's masks.
        case open(Int)
        /// Past the witness's end: only longer numbers have a character here.
        case beyondEnd
    }

    static func cell(_ number: NumberCells, _ j: Int, in region: NumberRegion) -> Cell {
        if j >= number.cells.count { return .beyondEnd }
        let c = number.cells[j]
        if let byte = NumberCells.literalByte(c) { return .fixed(byte) }
        let p = Int(c)
        let mask = region.masks[p]
        return mask.isSingle ? .fixed(SymbolSet.byte(mask.first)) : .open(p)
    }

    /// Whether numbers longer than the witness have more characters in this number.
    static func grows(_ number: NumberCells, in region: NumberRegion) -> Bool {
        number.extends && region.grows
    }

    /// A longest-prefix (or exact) lookup of `number` under `root`.
    func lookup(root: Int32, exact: Bool, number: NumberCells, in region: NumberRegion) -> RegionVerdict {
        var node = trie.node(ofRoot: root)
        var j = 0
        while true {
            switch Self.cell(number, j, in: region) {
            case .fixed(let byte):
                let symbol = SymbolSet.symbol(byte)
                if symbol < 0 { return .invariant }  // matching stops at a character outside the alphabet
                let child = trie.child(of: node, symbol: symbol)
                if child == 0 { return .invariant }
                if child < 0 {
                    // A leaf: the longest match ends here; an exact match only if nothing follows.
                    if exact && j == number.cells.count - 1 && Self.grows(number, in: region) {
                        return .split(region.splitting(atLength: region.minLength + 1))
                    }
                    return .invariant
                }
                node = Int(child)
                j += 1
            case .open(let p):
                var distinguished = SymbolSet.empty
                for symbol in region.masks[p].symbols where trie.child(of: node, symbol: symbol) != 0 {
                    distinguished.insert(symbol)
                }
                if distinguished.isEmpty { return .invariant }
                return .split(region.splitting(p, distinguishing: distinguished))
            case .beyondEnd:
                // Longer numbers go on with their characters from minLength.
                guard Self.grows(number, in: region) else { return .invariant }
                if !exact {
                    // A longest match changes only where a longer prefix starts: split those
                    // continuations off (the first valued node on every path below), and every
                    // other longer number keeps the witness's match.
                    let frontier = self.frontier(below: node, first: region.next, depth: region.maxLength - region.minLength)
                        .filter { path in !region.excluded.contains { path.starts(with: $0) } }
                    return frontier.isEmpty ? .invariant : .split(region.splittingFrontier(frontier))
                }
                var continuing = SymbolSet.empty
                for symbol in region.next.symbols where trie.child(of: node, symbol: symbol) != 0 { continuing.insert(symbol) }
                if !continuing.isEmpty { return .split(region.splittingNext(distinguishing: continuing)) }
                // No longer number goes further: a longest match is the witness's; an exact one
                // differs only when the witness itself matched.
                if exact && trie.value(of: node) >= 0 { return .split(region.splitting(atLength: region.minLength + 1)) }
                return .invariant
            }
        }
    }

    /// The paths from `node` to the first node that holds a value on every branch (symbols of
    /// `first` at the first step), at most `depth` long.
    func frontier(below node: Int, first: SymbolSet, depth: Int) -> [[UInt8]] {
        var found: [[UInt8]] = []
        var stack: [(node: Int, path: [UInt8])] = [(node, [])]
        while let (at, path) = stack.popLast() {
            guard path.count < depth else { continue }
            let symbols = path.isEmpty ? first.symbols : Array(0..<SymbolSet.alphabetSize)
            for symbol in symbols.reversed() {
                let child = trie.child(of: at, symbol: symbol)
                if child == 0 { continue }
                let next = path + [SymbolSet.byte(symbol)]
                if child < 0 || trie.value(of: Int(child)) >= 0 {
                    found.append(next)
                } else {
                    stack.append((Int(child), next))
                }
            }
        }
        return found
    }

    /// Whether `number` starts with `prefix`.
    func prefixCheck(_ prefix: String, number: NumberCells, in region: NumberRegion) -> RegionVerdict {
        for (j, byte) in prefix.utf8.enumerated() {
            switch Self.cell(number, j, in: region) {
            case .fixed(let have):
                if have != byte { return .invariant }
            case .open(let p):
                let symbol = SymbolSet.symbol(byte)
                guard region.masks[p].contains(symbol) else { return .invariant }
                return .split(region.splitting(p, distinguishing: .single(symbol)))
            case .beyondEnd:
                // Only a longer number can start with the prefix, through its symbol at minLength.
                let symbol = SymbolSet.symbol(byte)
                guard Self.grows(number, in: region), region.next.contains(symbol) else { return .invariant }
                return .split(region.splittingNext(distinguishing: .single(symbol)))
            }
        }
        return .invariant
    }

    /// A transition cut `number`: every number of the region must be cut at the same places,
    /// before any character a longer number adds.
    func cut(_ transition: CompiledTransition, bounds: Assumptions.TransitionBounds, number: NumberCells, in region: NumberRegion)
        -> RegionVerdict
    {
        guard Self.grows(number, in: region), transition.kind != .unknown else { return .invariant }
        // The cut is the same for every longer number once the number reaches the end of what
        // the transition touches: its start, and for replace and delete its length after that.
        let start = max(transition.start, 0)
        let reach = start + (transition.kind == .add ? 0 : max(transition.length, 0))
        let count = number.cells.count
        if count >= reach { return .invariant }
        let longest = count + region.maxLength - region.minLength
        if bounds == .skip && start > longest { return .invariant }  // no number reaches the start: none changes
        // Shorter numbers are clamped, each length its own way (a clamped cut removes or passes
        // the characters a longer number adds): each length apart, up to the first unclamped.
        let needed = region.minLength + (reach - count)
        return .split(region.splitting(atLength: min(needed, region.maxLength)))
    }

    /// Whether two numbers are equal.
    func comparison(_ a: NumberCells, _ b: NumberCells, in region: NumberRegion) -> RegionVerdict {
        let growsA = Self.grows(a, in: region), growsB = Self.grows(b, in: region)
        if growsA != growsB {
            // One grows with the number and the other does not: equal lengths for one length only.
            let (growing, fixed) = growsA ? (a, b) : (b, a)
            let equalAt = region.minLength + (fixed.cells.count - growing.cells.count)
            guard equalAt >= region.minLength && equalAt <= region.maxLength else { return .invariant }
            if equalAt > region.minLength { return .split(region.splitting(atLength: equalAt)) }
            return .split(region.splitting(atLength: region.minLength + 1))
        }
        guard a.cells.count == b.cells.count else { return .invariant }
        for j in 0..<a.cells.count {
            switch (Self.cell(a, j, in: region), Self.cell(b, j, in: region)) {
            case (.fixed(let x), .fixed(let y)):
                if x != y { return .invariant }
            case (.fixed(let x), .open(let p)), (.open(let p), .fixed(let x)):
                let symbol = SymbolSet.symbol(x)
                guard region.masks[p].contains(symbol) else { return .invariant }
                return .split(region.splitting(p, distinguishing: .single(symbol)))
            case (.open(let p), .open(let q)):
                if p == q { continue }
                let shared = region.masks[p].intersection(region.masks[q])
                if shared.isEmpty { return .invariant }
                return .split(region.splitting(p, distinguishing: shared))
            default:
                return .invariant  // both lie within the witness: not reached
            }
        }
        return .invariant
    }
}
