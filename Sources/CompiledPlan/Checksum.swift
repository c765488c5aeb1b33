/// XXH64 (Yann Collet's xxHash, 64-bit): the checksum of a compiled plan's sections and the
/// content hash of a plan file. Not cryptographic: it detects accidents (a truncated or
/// overwritten file, a bit flipped on disk), not tampering.
struct Checksum {
    private static let p1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let p2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let p3: UInt64 = 0x1656_67B1_9E37_79F9
    private static let p4: UInt64 = 0x85EB_CA77_C2B2_AE63
    private static let p5: UInt64 = 0x27D4_EB2F_1656_67C5

    private var lanes: (UInt64, UInt64, UInt64, UInt64)
    private var pending: [UInt8] = []
    private var total: UInt64 = 0
    private let seed: UInt64

    init(seed: UInt64 = 0) {
        self.seed = seed
        lanes = (seed &+ Self.p1 &+ Self.p2, seed &+ Self.p2, seed, seed &- Self.p1)
        pending.reserveCapacity(32)
    }

    /// The checksum of `bytes` in one call.
    static func of(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        var checksum = Checksum(seed: seed)
        checksum.update(bytes)
        return checksum.finish()
    }

    @inline(__always)
    private static func round(_ lane: UInt64, _ input: UInt64) -> UInt64 {
        rotate(lane &+ input &* p2, 31) &* p1
    }

    @inline(__always)
    private static func rotate(_ x: UInt64, _ r: UInt64) -> UInt64 { x << r | x >> (64 - r) }

    @inline(__always)
    private static func merge(_ acc: UInt64, _ lane: UInt64) -> UInt64 {
        (acc ^ round(0, lane)) &* p1 &+ p4
    }

    /// Adds `bytes` to what the checksum covers.
    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var p = bytes.baseAddress, !bytes.isEmpty else { return }
        var count = bytes.count
        total &+= UInt64(count)
        if !pending.isEmpty {
            let take = min(32 - pending.count, count)
            pending.append(contentsOf: UnsafeRawBufferPointer(start: p, count: take))
            p += take
            count -= take
            if pending.count < 32 { return }
            pending.withUnsafeBytes { stripe in consume(stripe.baseAddress!, stripes: 1) }
            pending.removeAll(keepingCapacity: true)
        }
        let stripes = count / 32
        if stripes > 0 { consume(p, stripes: stripes) }
        p += stripes * 32
        count -= stripes * 32
        if count > 0 { pending.append(contentsOf: UnsafeRawBufferPointer(start: p, count: count)) }
    }

    private mutating func consume(_ start: UnsafeRawPointer, stripes: Int) {
        var (v1, v2, v3, v4) = lanes
        var p = start
        for _ in 0..<stripes {
            v1 = Self.round(v1, UInt64(littleEndian: p.loadUnaligned(as: UInt64.self)))
            v2 = Self.round(v2, UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
            v3 = Self.round(v3, UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 16, as: UInt64.self)))
            v4 = Self.round(v4, UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 24, as: UInt64.self)))
            p += 32
        }
        lanes = (v1, v2, v3, v4)
    }

    /// The checksum of everything added.
    func finish() -> UInt64 {
        var h: UInt64
        if total >= 32 {
            let (v1, v2, v3, v4) = lanes
            h = Self.rotate(v1, 1) &+ Self.rotate(v2, 7) &+ Self.rotate(v3, 12) &+ Self.rotate(v4, 18)
            h = Self.merge(h, v1)
            h = Self.merge(h, v2)
            h = Self.merge(h, v3)
            h = Self.merge(h, v4)
        } else {
            h = seed &+ Self.p5
        }
        h &+= total
        pending.withUnsafeBytes { rest in
            var i = 0
            while i + 8 <= rest.count {
                h ^= Self.round(0, UInt64(littleEndian: rest.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
                h = Self.rotate(h, 27) &* Self.p1 &+ Self.p4
                i += 8
            }
            if i + 4 <= rest.count {
                h ^= UInt64(UInt32(littleEndian: rest.loadUnaligned(fromByteOffset: i, as: UInt32.self))) &* Self.p1
                h = Self.rotate(h, 23) &* Self.p2 &+ Self.p3
                i += 4
            }
            while i < rest.count {
                h ^= UInt64(rest[i]) &* Self.p5
                h = Self.rotate(h, 11) &* Self.p1
                i += 1
            }
        }
        h ^= h >> 33
        h &*= Self.p2
        h ^= h >> 29
        h &*= Self.p3
        h ^= h >> 32
        return h
    }
}
