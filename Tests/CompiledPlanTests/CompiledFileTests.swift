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
    static let header = CompiledFile.Header(producer: 11, assumptions: 22, sourceSize: 33, sourceHash: 44)
    static let sections: [(UInt32, [UInt8])] = [(1, Array("first section".utf8)), (7, []), (3, (0..<5_000).map { UInt8($0 % 251) })]

    func write(_ path: String) throws {
        let copies = Self.sections.map { id, bytes in
            let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 8)
            copy.copyBytes(from: bytes)
            return (id: id, bytes: UnsafeRawBufferPointer(copy))
        }
        defer { copies.forEach { UnsafeMutableRawBufferPointer(mutating: $0.bytes).deallocate() } }
        try CompiledFile.write(path, header: Self.header, sections: copies)
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
        #expect(throws: CompiledFile.Rejection.missingSection(2)) { try opened.section(2) }
        #expect(scratch.temporaryFiles.isEmpty, "no temporary file left behind")
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
        let third = opened.entries.first { $0.id == 3 }!
        for (offset, expected) in [
            (40, CompiledFile.Rejection.header), (CompiledFile.fixedHeaderSize + 2, .header),
            (third.offset + 4_321, .checksum(section: 3)), (opened.entries[0].offset, .checksum(section: 1)),
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

    @Test("a stamp vouches for unchanged files that had settled, and for nothing else")
    func stamps() {
        let source = FileIdentity(device: 1, inode: 2, size: 3, modified: 10_000_000_000, changed: 10_000_000_000)
        let compiled = FileIdentity(device: 1, inode: 9, size: 99, modified: 13_000_000_000, changed: 13_000_000_000)
        let stamp = Stamp(source: source, compiled: compiled, written: 13_000_000_001)
        #expect(Stamp(text: stamp.text) == stamp)
        #expect(
            Stamp(text: "routesim-stamp 2\n") == nil
                && Stamp(text: stamp.text.replacingOccurrences(of: "source 1", with: "source x")) == nil)
        #expect(stamp.vouches(source: source, compiled: compiled))
        var changed = source
        changed.changed += 1
        #expect(!stamp.vouches(source: changed, compiled: compiled))
        var rewritten = compiled
        rewritten.size += 1
        #expect(!stamp.vouches(source: source, compiled: rewritten))
        // Written within two seconds of the plan's last change: a change in the same clock tick
        // could hide, so the stamp does not vouch.
        #expect(!Stamp(source: source, compiled: compiled, written: 11_000_000_000).vouches(source: source, compiled: compiled))
    }
}
