/// A read-only array of plain values in memory it does not copy: its own allocation, or a
/// region of a mapped compiled plan that `owner` keeps alive.
///
/// What the large tables of a loaded plan live in (packed records, compiled rows): the same type
/// whether the plan was just built or mapped from a file, so the code that reads them cannot
/// tell the two apart. Reads are bounds-checked in debug builds only.
public struct FlatArray<Element: BitwiseCopyable>: RandomAccessCollection, @unchecked Sendable {
    // @unchecked: the elements are never written once the array is made, and `owner` keeps them alive.
    @usableFromInline let base: UnsafePointer<Element>?
    public let count: Int
    @usableFromInline let owner: AnyObject?

    /// An empty array.
    public init() {
        base = nil
        count = 0
        owner = nil
    }

    /// A copy of `elements` in memory of its own.
    public init(_ elements: some Collection<Element>) {
        var builder = FlatArrayBuilder<Element>(capacity: elements.count)
        for element in elements { builder.append(element) }
        self = builder.finish()
    }

    /// `count` elements at `base`, kept alive by `owner` (a mapped file, an allocation).
    package init(base: UnsafePointer<Element>?, count: Int, owner: AnyObject?) {
        precondition(count == 0 || base != nil, "a non-empty flat array has an address")
        self.base = base
        self.count = count
        self.owner = owner
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    @inlinable
    public subscript(position: Int) -> Element {
        assert(position >= 0 && position < count, "index \(position) out of 0..<\(count)")
        return base.unsafelyUnwrapped[position]
    }

    /// The elements as a buffer, for loops that want no bounds checks.
    public var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    /// The bytes the elements take.
    public var memoryBytes: Int { count * MemoryLayout<Element>.stride }
}

extension FlatArray: Equatable where Element: Equatable {
    public static func == (lhs: FlatArray, rhs: FlatArray) -> Bool { lhs.elementsEqual(rhs) }
}

/// Memory a `FlatArray` owns, freed with the last array (or builder) that uses it.
final class FlatArrayMemory {
    let pointer: UnsafeMutableRawPointer

    init(byteCount: Int) { pointer = UnsafeMutableRawPointer.allocate(byteCount: max(byteCount, 1), alignment: 64) }

    deinit { pointer.deallocate() }
}

/// Appends plain values to memory that becomes a `FlatArray` without a copy.
///
/// A value type for speed (no exclusivity checks per append); copies share the memory, so
/// append through one copy only.
public struct FlatArrayBuilder<Element: BitwiseCopyable> {
    private var memory: FlatArrayMemory
    @usableFromInline var base: UnsafeMutablePointer<Element>
    @usableFromInline var capacity: Int
    @usableFromInline var used = 0
    /// The elements appended so far.
    public var count: Int { used }

    public init(capacity: Int = 16) {
        self.capacity = max(capacity, 1)
        memory = FlatArrayMemory(byteCount: self.capacity * MemoryLayout<Element>.stride)
        base = memory.pointer.bindMemory(to: Element.self, capacity: self.capacity)
    }

    /// Makes room for `additional` more elements.
    public mutating func reserve(_ additional: Int) {
        guard used + additional > capacity else { return }
        let grown = max(capacity * 2, used + additional)
        let moved = FlatArrayMemory(byteCount: grown * MemoryLayout<Element>.stride)
        let movedBase = moved.pointer.bindMemory(to: Element.self, capacity: grown)
        movedBase.initialize(from: base, count: used)
        memory = moved
        base = movedBase
        capacity = grown
    }

    @inlinable
    public mutating func append(_ element: Element) {
        if used == capacity { reserve(1) }
        appendWithinCapacity(element)
    }

    @inlinable
    mutating func appendWithinCapacity(_ element: Element) {
        (base + used).initialize(to: element)
        used += 1
    }

    /// Appends `elements`.
    public mutating func append(contentsOf elements: UnsafeBufferPointer<Element>) {
        reserve(elements.count)
        if let source = elements.baseAddress { (base + used).initialize(from: source, count: elements.count) }
        used += elements.count
    }

    /// The element at `index`, to patch one written earlier.
    public subscript(index: Int) -> Element {
        get {
            precondition(index >= 0 && index < used)
            return base[index]
        }
        set {
            precondition(index >= 0 && index < used)
            base[index] = newValue
        }
    }

    /// Room for `count` more elements, written by `body` in place (it returns how many it wrote).
    public mutating func appendInPlace(upTo count: Int, _ body: (UnsafeMutablePointer<Element>) -> Int) {
        reserve(count)
        let written = body(base + used)
        precondition(written >= 0 && written <= count)
        used += written
    }

    /// The elements so far, as an array that shares this memory.
    public func finish() -> FlatArray<Element> {
        FlatArray(base: UnsafePointer(base), count: used, owner: memory)
    }
}
