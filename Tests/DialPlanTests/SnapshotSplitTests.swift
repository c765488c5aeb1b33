import DialPlan
import Foundation
import RouteSimGenerator
import RouteSimTestSupport
import Testing

/// A large table read by two threads (`SplitDecode`) gives exactly what one thread gives: the
/// same records, lines, warnings and errors. Tests split every table (threshold 0), so that small
/// plans take the two-thread way too.
@Suite("Tables decoded by two threads")
struct SnapshotSplitTests {
    /// Decodes `bytes` alone and split; expects the same answer. Returns the tables split.
    @discardableResult
    static func expectSame(_ bytes: [UInt8], _ label: String) -> Int {
        let serial = Result { () throws(SnapshotError) in try Snapshot.decode(json: bytes, source: label, splitThreshold: .max) }
        let split = Result { () throws(SnapshotError) in try Snapshot.decode(json: bytes, source: label, splitThreshold: 0) }
        switch (serial, split) {
        case (.success(let one), .success(let two)):
            #expect(one.tablesSplit == 0, "\(label): the serial reader split nothing")
            #expect(one.snapshot == two.snapshot, "\(label): records")
            #expect(one.snapshot.warnings.map(\.description) == two.snapshot.warnings.map(\.description), "\(label): warnings")
            for table in Table.allCases where !table.isSingleObject {
                let count = one.snapshot.count(of: table)
                let lines = (0..<count).map { one.snapshot.locations.line(of: table, at: $0) }
                let splitLines = (0..<count).map { two.snapshot.locations.line(of: table, at: $0) }
                #expect(lines == splitLines, "\(label): lines of \(table.rawValue)")
            }
            return two.tablesSplit
        case (.failure(let one), .failure(let two)):
            #expect(one.description == two.description, "\(label): the error")
            #expect(one == two, "\(label): the error's fields")
            return 0
        default:
            Issue.record("\(label): one reader failed and the other did not: \(serial) against \(split)")
            return 0
        }
    }

    static func text(_ snapshot: Snapshot) -> [UInt8] { Array(snapshot.jsonText.utf8) }

    @Test("every bundled, lint and broken plan: the same records, lines, warnings and errors")
    func corpus() throws {
        let files = try corpusPlanFiles()
        #expect(files.count > 30)
        var split = 0
        for file in files { split += Self.expectSame(try [UInt8](Data(contentsOf: file)), file.lastPathComponent) }
        #expect(split > 20, "tables whose second half the other thread read")
    }

    @Test("generated plans, with their defects: every table split, the same answer")
    func generated() {
        for seed in UInt64(1)...4 {
            let plan = PlanGenerator.generate(.init(rows: 3_000, seed: seed, defects: seed.isMultiple(of: 2) ? [.loops, .dangling] : []))
            let split = Self.expectSame(Self.text(plan.snapshot), "generated seed \(seed)")
            #expect(split >= 3, "seed \(seed): tables split")
        }
    }

    /// A generated plan's text with `edit` applied to its `index`th line from the end.
    static func edited(_ fromEnd: Int, _ edit: (String) -> String) -> [UInt8] {
        let plan = PlanGenerator.generate(.init(rows: 2_000, seed: 11)).snapshot
        var lines = plan.jsonText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // The last rows of the analysis table: the part the other thread reads.
        let last = lines.lastIndex { $0.contains("\"routeType\"") }!
        let before = lines[last - fromEnd]
        lines[last - fromEnd] = edit(before)
        #expect(lines[last - fromEnd] != before, "the edit changes the line \(before)")
        return Array(lines.joined(separator: "\n").utf8)
    }

    @Test("an error in the second half: the serial reader's message, line and record index")
    func errorLate() throws {
        let bytes = Self.edited(3) { $0.replacingOccurrences(of: "\"routeType\":", with: "\"routeType\":true,\"y\":") }
        Self.expectSame(bytes, "late error")
        let message = try #require(
            Result { () throws(SnapshotError) in try Snapshot(json: bytes, source: "p.json", splitThreshold: 0) }.failureDescription)
        #expect(message.contains("p.json:") && message.contains("anacldnbr["), "\(message)")
        let syntax = Self.edited(1) { $0 + " ]" }
        Self.expectSame(syntax, "late syntax error")
    }

    @Test("an unknown field in the second half: the serial reader's warning")
    func unknownFieldLate() throws {
        let bytes = Self.edited(2) { $0.replacingOccurrences(of: "{", with: "{\"colour\": \"red\", ") }
        Self.expectSame(bytes, "late unknown field")
        let snapshot = try Snapshot(json: bytes, source: "p.json", splitThreshold: 0)
        #expect(snapshot.warnings.count == 1 && snapshot.warnings[0].description.contains("colour"))
    }

    @Test("a guess inside a string (\"},{\" in every description), or past its table: read alone, the same answer")
    func misleadingGuess() {
        var plan = PlanGenerator.generate(.init(rows: 2_000, seed: 5)).snapshot
        for i in plan.localUsers.indices { plan.localUsers[i].description = "a}, {b \(i)" }
        Self.expectSame(Self.text(plan), "},{ in strings")
        // CRLF line ends and a byte-order mark: lines still counted alike.
        let crlf = [0xEF, 0xBB, 0xBF] + Array(plan.jsonText.replacingOccurrences(of: "\n", with: "\r\n").utf8)
        Self.expectSame(crlf, "CRLF and a byte-order mark")
        // One record per table, all on one line: guesses land in the next table or nowhere.
        let compact = Array(
            #"{"localusers": [{"usrname": "1"}, {"usrname": "2"}], "anacldnbr": [{"dialPlan": "", "calledNbr": "1"}, {"dialPlan": "", "calledNbr": "2"}]}"#
                .utf8)
        Self.expectSame(compact, "one line")
    }
}

extension Result {
    var failureDescription: String? {
        if case .failure(let error) = self { return "\(error)" }
        return nil
    }
}

/// A large file is read in two halves at once (`ParallelRead`): the same bytes as the file.
@Suite("Files read by two threads")
struct ParallelReadTests {
    @Test("a file above the two-thread size: every byte in place, with what follows its stat size")
    func largeFile() throws {
        var bytes = [UInt8](repeating: 0, count: parallelReadSize + 12_345)
        var state: UInt64 = 7
        for i in bytes.indices {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            bytes[i] = UInt8(truncatingIfNeeded: state >> 56)
        }
        let path = try temporaryFile(bytes, named: "read")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let read = try FileContents.read(path, what: "plan")
        #expect(read.count == bytes.count)
        #expect(read == bytes, "the bytes as written")
    }

    @Test("halves of odd, tiny and empty files", arguments: [0, 1, 2, 3, 4_097])
    func halves(size: Int) throws {
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let path = try temporaryFile(bytes, named: "read")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0xAA, count: size)
        let result = buffer.withUnsafeMutableBytes { ParallelRead.read(fd, into: $0) }
        #expect(!result.failed && result.count == size)
        #expect(buffer == bytes)
        // A file that shrank: a buffer larger than the file gets the file's bytes, counted.
        var larger = [UInt8](repeating: 0xAA, count: size + 10)
        let short = larger.withUnsafeMutableBytes { ParallelRead.read(fd, into: $0) }
        #expect(!short.failed)
        #expect(Array(larger[..<size]) == bytes)
        #expect(short.count == size)
    }
}
