import Foundation
import RouteSimTestSupport
import Testing

@testable import CompiledPlan

@Suite("XXH64")
struct ChecksumTests {
    func xxh64(_ text: String) -> UInt64 { Array(text.utf8).withUnsafeBytes { Checksum.of($0) } }

    @Test("the reference vectors")
    func vectors() {
        #expect(xxh64("") == 0xEF46_DB37_51D8_E999)
        #expect(xxh64("a") == 0xD24E_C4F1_A98C_6E5B)
        #expect(xxh64("abc") == 0x44BC_2CF5_AD77_0999)
        #expect(xxh64("Nobody inspects the spammish repetition") == 0xFBCE_A83C_8A37_8BF1)
    }

    @Test("fed in pieces of any size, the same checksum as in one piece")
    func streaming() {
        let bytes = (0..<1_000).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ $0 >> 3) }
        let whole = bytes.withUnsafeBytes { Checksum.of($0) }
        for piece in [1, 3, 7, 31, 32, 33, 100, 999] {
            var checksum = Checksum()
            var start = 0
            while start < bytes.count {
                bytes[start..<min(bytes.count, start + piece)].withUnsafeBytes { checksum.update($0) }
                start += piece
            }
            #expect(checksum.finish() == whole, "pieces of \(piece)")
        }
        var flipped = bytes
        flipped[500] ^= 1
        #expect(flipped.withUnsafeBytes { Checksum.of($0) } != whole)
    }
}

@Suite("Compiled file format")
struct CompiledFileTests {
    static let header = CompiledFile.Header(
        producer: 11, sourceHash: 44, written: 55,
        source: FileIdentity(device: 1, inode: 2, size: 3, modified: 4, changed: 5))
    static let sections: [(UInt32, [UInt8])] = [(0, Array("first section".utf8)), (1, []), (2, (0..<5_000).map { UInt8($0 % 251) })]

    func write(_ path: String) throws {
        let copies = Self.sections.map { _, bytes in
            let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 8)
            copy.copyBytes(from: bytes)
            return UnsafeRawBufferPointer(copy)
        }
        defer { copies.forEach { UnsafeMutableRawBufferPointer(mutating: $0).deallocate() } }
        try Data(CompiledFile.encode(header: Self.header, sections: copies)).write(to: URL(fileURLWithPath: path))
    }

    func rejection(_ path: String, verify: Bool = true) -> CompiledFile.Rejection? {
        do {
            let opened = try CompiledFile.map(path)
            if verify { try opened.verifySections() }
            return nil
        } catch {
            return error
        }
    }

    @Test("written, mapped and verified: header, sections in place on 64-byte boundaries")
    func roundTrip() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path("plan.rsplan")
        try write(path)
        let opened = try CompiledFile.map(path)
        try opened.verifySections()
        #expect(opened.header == Self.header)
        for (id, bytes) in Self.sections {
            let section = try opened.section(id)
            #expect(Array(section) == bytes)
            #expect(Int(bitPattern: section.baseAddress) % 64 == 0 || bytes.isEmpty)
        }
        #expect(throws: CompiledFile.Rejection.missingSection(3)) { try opened.section(3) }
    }

    @Test("a truncated file, an empty one, a foreign file")
    func truncatedAndForeign() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path("plan.rsplan")
        try write(path)
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        try whole.prefix(whole.count - 100).write(to: URL(fileURLWithPath: path))
        #expect(rejection(path) == .truncated(declared: whole.count, found: whole.count - 100))
        try Data().write(to: URL(fileURLWithPath: path))
        #expect(rejection(path) == .truncated(declared: CompiledFile.fixedHeaderSize, found: 0))
        try Data(String(repeating: "{\"localuser\": []}", count: 10).utf8).write(to: URL(fileURLWithPath: path))
        #expect(rejection(path) == .notCompiledPlan)
        #expect(rejection(scratch.path("missing.rsplan"))?.description == "unreadable (No such file or directory)")
    }

    @Test("a byte changed anywhere is found: in the header, the section table, or a section")
    func corrupt() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path("plan.rsplan")
        try write(path)
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        let opened = try CompiledFile.map(path)
        let third = opened.entries.first { $0.id == 2 }!
        for (offset, expected) in [
            (40, CompiledFile.Rejection.header), (CompiledFile.fixedHeaderSize + 2, .header),
            (third.offset + 4_321, .checksum(section: 2)), (opened.entries[0].offset, .checksum(section: 0)),
        ] {
            var bytes = whole
            bytes[offset] ^= 0x10
            try bytes.write(to: URL(fileURLWithPath: path))
            #expect(rejection(path) == expected, "a byte changed at \(offset)")
            // The section checks are what finds a changed section: mapping alone reads none.
            if case .checksum = expected { #expect(rejection(path, verify: false) == nil) }
        }
    }

    @Test("another format version")
    func version() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path("plan.rsplan")
        try write(path)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[8] = UInt8(CompiledFile.formatVersion + 1)
        try bytes.write(to: URL(fileURLWithPath: path))
        let found = rejection(path)
        #expect(found == .version(found: CompiledFile.formatVersion + 1))
        #expect(found?.description == "format version \(CompiledFile.formatVersion + 1), this routesim reads \(CompiledFile.formatVersion)")
    }

    @Test("a header vouches for an unchanged plan file that had settled, and for nothing else")
    func vouching() {
        let source = FileIdentity(device: 1, inode: 2, size: 3, modified: 10_000_000_000, changed: 10_000_000_000)
        let header = CompiledFile.Header(producer: 1, sourceHash: 2, written: 13_000_000_001, source: source)
        #expect(header.vouches(for: source))
        var changed = source
        changed.changed += 1
        #expect(!header.vouches(for: changed))
        var moved = source
        moved.inode += 1
        #expect(!header.vouches(for: moved))
        // Compiled within two seconds of the plan's last change: a change in the same clock tick
        // could hide, so the header does not vouch (the content hash decides).
        var early = header
        early.written = 11_000_000_000
        #expect(!early.vouches(for: source))
    }
}
