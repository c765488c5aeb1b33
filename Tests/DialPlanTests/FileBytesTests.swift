import DialPlan
import Foundation
import RouteSimGenerator
import RouteSimTestSupport
import Testing

/// A plan file read into memory of its own just ahead of the reader and given back behind it
/// (`FileBytes`, `SnapshotDecoder.Stream`) decodes exactly as the same bytes in an array do: the
/// same records, lines, warnings and errors. Tests give back every page the reader leaves (a step
/// of one byte) from the first byte, read ahead by a few pages or by one byte (every record then
/// runs into the end of what is read, and the file is read again whole), and split every table
/// (`SplitDecode`), so that the second thread reads ahead and gives back while the first does.
@Suite("Plan files read and given back as they are decoded")
struct FileBytesTests {
    /// What reading the file at `path` as it is decoded did, each way.
    struct Ways {
        /// Decodes that the second thread gave back bytes in.
        var dropped = 0
        /// Decodes that read the file again whole.
        var readAgain = 0
        /// Decodes that did not.
        var streamed = 0
    }

    /// Decodes the file at `path` from an array, and read and given back as it is decoded, with
    /// tables split and not, ahead by one byte and by two pages; expects the same answer each way.
    @discardableResult
    static func expectSame(_ path: String, _ label: String) throws -> Ways {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let reference = Result { () throws(SnapshotError) in try Snapshot(json: bytes, source: path, splitThreshold: .max) }
        var ways = Ways()
        for split in [Int.max, 0] {
            for margin in [1, 8_192] {
                let file = try mapped(path)
                let released = Result { () throws(SnapshotError) -> DecodeAnswer in
                    try Snapshot.decode(file: file, source: path, splitThreshold: split, margin: margin)
                }
                let way = "\(label), split \(split), margin \(margin)"
                switch (reference, released) {
                case (.success(let one), .success(let answer)):
                    let two = answer.snapshot
                    #expect(one == two, "\(way): records")
                    #expect(one.warnings.map(\.description) == two.warnings.map(\.description), "\(way): warnings")
                    for table in Table.allCases where !table.isSingleObject {
                        let count = one.count(of: table)
                        let lines = (0..<count).map { one.locations.line(of: table, at: $0) }
                        #expect(lines == (0..<count).map { two.locations.line(of: table, at: $0) }, "\(way): lines of \(table.rawValue)")
                    }
                    if answer.dropped > 0 { ways.dropped += 1 }
                    if answer.readAgain { ways.readAgain += 1 } else { ways.streamed += 1 }
                case (.failure(let one), .failure(let two)):
                    #expect(one.description == two.description, "\(way): the error")
                    #expect(one == two, "\(way): the error's fields")
                default:
                    Issue.record("\(way): one way failed and the other did not: \(reference) against \(released)")
                }
            }
        }
        return ways
    }

    struct NotMapped: Error {}

    /// The file at `path` opened to be read as it is decoded (`FileBytes`), given back `step`
    /// bytes or more at a time.
    static func mapped(_ path: String, step: Int = 1) throws -> FileBytes {
        guard case .mapped(let file) = try FileContents.read(path, what: "plan", mappingFrom: 0, step: step) else {
            Issue.record("\(path): a file above the threshold is mapped")
            throw NotMapped()
        }
        return file
    }

    @Test("every bundled, lint and broken plan: the same records, lines, warnings and errors")
    func corpus() throws {
        let files = try corpusPlanFiles()
        #expect(files.count > 30)
        var ways = Ways()
        for file in files {
            let one = try Self.expectSame(file.path, file.lastPathComponent)
            ways.streamed += one.streamed
            ways.readAgain += one.readAgain
        }
        #expect(ways.streamed > 30 && ways.readAgain > 30, "decoded as read, and read again: \(ways)")
    }

    @Test("generated plans with their defects, and errors after pages were read and given back")
    func generated() throws {
        for seed in UInt64(1)...3 {
            let plan = PlanGenerator.generate(.init(rows: 3_000, seed: seed, defects: seed == 2 ? [.loops, .dangling] : []))
            let text = plan.snapshot.jsonText
            var variants = [text]
            // An error, a syntax error and an unknown field near the end (after most pages went).
            let last = try #require(text.range(of: "\"routeType\":", options: .backwards))
            variants.append(text.replacingCharacters(in: last, with: "\"routeType\":true,\"y\":"))
            variants.append(text.replacingCharacters(in: last, with: "\"colour\":\"red\",\"routeType\":"))
            variants.append(String(text.dropLast(3)))
            for (i, variant) in variants.enumerated() {
                let path = try temporaryFile(Array(variant.utf8), named: "release", suffix: ".json")
                defer { try? FileManager.default.removeItem(atPath: path) }
                #expect(variant.utf8.count > 64 * 4096, "pages to give back")
                let ways = try Self.expectSame(path, "seed \(seed), variant \(i)")
                if i == 0 || i == 2 {
                    // Read as decoded two pages ahead (both splits), and read again one byte ahead.
                    #expect(ways.streamed == 2 && ways.readAgain == 2, "seed \(seed), variant \(i): \(ways)")
                    #expect(ways.dropped >= 1, "seed \(seed), variant \(i): the second thread gave back what it read")
                }
            }
        }
    }

    @Test("a record longer than the bytes read ahead of it: the whole file read again, the same answer")
    func longRecord() throws {
        var plan = PlanGenerator.generate(.init(rows: 200, seed: 3)).snapshot
        plan.localUsers[plan.localUsers.count / 2].description = String(repeating: "x", count: 3 << 20)
        let path = try temporaryFile(Array(plan.jsonText.utf8), named: "long", suffix: ".json")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try Self.mapped(path, step: 4_096)
        let answer = try Snapshot.decode(file: file, source: path, splitThreshold: .max)
        #expect(answer.readAgain, "the 3 MB description ran past the 1 MB read ahead")
        #expect(answer.snapshot == plan)
        #expect(try Snapshot(contentsOfFile: path) == plan)
    }

    @Test("a file that changes after it is opened: refused, whichever way it is read")
    func changed() throws {
        let text = PlanGenerator.generate(.init(rows: 500, seed: 4)).snapshot.jsonText
        let path = try temporaryFile(Array(text.utf8), named: "changed", suffix: ".json")
        defer { try? FileManager.default.removeItem(atPath: path) }
        for margin in [1, 8_192] {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            let file = try Self.mapped(path)
            // Written to after it was opened: one byte more.
            try Data((text + " ").utf8).write(to: URL(fileURLWithPath: path))
            let message = Result { () throws(SnapshotError) in
                try Snapshot.decode(file: file, source: path, splitThreshold: 0, margin: margin)
            }
            .failureDescription
            #expect(message == "\(path): the plan file changed while it was read, or could not be read to its end; read it again")
            #expect(!file.readThrough { _ in }, "nor read through for a content hash")
        }
    }

    @Test("pages given back in place read as zeros, and are read from the file again")
    func dropAndFill() throws {
        let bytes = (0..<40_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 1) }
        let path = try temporaryFile(bytes, named: "drop", suffix: ".json")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try Self.mapped(path)
        #expect(file.buffer.allSatisfy { $0 == 0 }, "nothing read when opened")
        #expect(file.fill(0..<bytes.count))
        #expect(Array(file.buffer) == bytes)
        let dropped = file.drop(from: 100, upTo: 20_000)
        #expect(dropped.lowerBound >= 100 && dropped.upperBound <= 20_000 && !dropped.isEmpty)
        #expect(dropped.lowerBound % 4_096 == 0 && dropped.upperBound % 4_096 == 0, "whole pages")
        #expect(file.buffer[dropped].allSatisfy { $0 == 0 }, "given back: zeros")
        #expect(Array(file.buffer[..<dropped.lowerBound]) == Array(bytes[..<dropped.lowerBound]), "the bytes before stay")
        #expect(Array(file.buffer[dropped.upperBound...]) == Array(bytes[dropped.upperBound...]), "the bytes after stay")
        #expect(file.drop(from: 100, upTo: 4_000).isEmpty, "no whole page")
        #expect(file.fill(dropped))
        #expect(Array(file.buffer) == bytes, "read again")
        let again = try #require(file.readAgain())
        #expect(Array(again.buffer) == bytes)
    }

    @Test("pages are given back whole, behind the offset, and the bytes before it are not touched")
    func release() throws {
        let bytes = (0..<40_000).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ 5) }
        let path = try temporaryFile(bytes, named: "release", suffix: ".json")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try Self.mapped(path)
        #expect(file.fill(0..<bytes.count))
        #expect(Array(file.buffer) == bytes)
        file.release(upTo: 4_095)
        #expect(file.released == 0, "no whole page before byte 4095 (pages of 4 KB or more)")
        file.release(upTo: 20_000)
        #expect(file.released > 0 && file.released <= 20_000 && file.released % 4_096 == 0)
        #expect(Array(file.buffer[file.released...]) == Array(bytes[file.released...]), "the bytes after it stay")
        let before = file.released
        file.release(upTo: 100)
        #expect(file.released == before, "never backwards")
        file.release(upTo: 1 << 30)
        #expect(file.released <= bytes.count, "never past the file")
        // Below the threshold, and for files that are empty, an array as before.
        guard case .array(let array) = try FileContents.read(path, what: "plan", mappingFrom: bytes.count + 1, step: 1) else {
            Issue.record("a file below the threshold is read into an array")
            return
        }
        #expect(array == bytes)
        let empty = try temporaryFile([], named: "release", suffix: ".json")
        defer { try? FileManager.default.removeItem(atPath: empty) }
        guard case .array(let none) = try FileContents.read(empty, what: "plan", mappingFrom: 0, step: 1) else {
            Issue.record("an empty file is read into an array")
            return
        }
        #expect(none.isEmpty)
    }

    @Test("member names in another order, spaced, or escaped: the same records as the plain text")
    func memberNames() throws {
        let plan = PlanGenerator.generate(.init(rows: 1_500, seed: 9)).snapshot
        let text = plan.jsonText
        #expect(!text.contains("\\\""), "no escaped quotes, which the edits below would change")
        let reference = try Snapshot(json: text, source: "p.json")
        #expect(reference == plan)
        // A space after each comma between members (the first name is still compared in place),
        // and one before each colon (not: the name is then read byte by byte).
        let spaced = text.replacingOccurrences(of: "\",\"", with: "\", \"").replacingOccurrences(of: "\":", with: "\" :")
        #expect(try Snapshot(json: spaced, source: "p.json") == plan)
        let commaSpaced = text.replacingOccurrences(of: ",\"", with: ",  \"")
        #expect(try Snapshot(json: commaSpaced, source: "p.json") == plan)
        // An escape in a name: the same field.
        let escaped = text.replacingOccurrences(of: "\"calledNbr\":", with: "\"called\\u004Ebr\":")
        #expect(escaped != text)
        #expect(try Snapshot(json: escaped, source: "p.json") == plan)
        // Names that start like the expected one, or that it starts like: unknown fields.
        let longer = text.replacingOccurrences(of: "\"description\":", with: "\"descriptionX\":")
        let shorter = text.replacingOccurrences(of: "\"description\":", with: "\"descriptio\":")
        for variant in [longer, shorter] {
            let snapshot = try Snapshot(json: variant, source: "p.json")
            #expect(snapshot.calledAnalysis.count == plan.calledAnalysis.count)
            #expect(snapshot.calledAnalysis.allSatisfy { $0.extras.members.count == 1 })
            #expect(!snapshot.warnings.isEmpty)
        }
        // Members in sorted order (no record lists its fields in the usual order).
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        let sorted = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        #expect(try Snapshot(json: [UInt8](sorted), source: "p.json") == plan)
    }
}

@Suite("String values read inline")
struct RepeatedStringTests {
    @Test("string values around 8 and 16 bytes, repeated, escaped, non-ASCII, at the input's end")
    func values() throws {
        // Values that share their first bytes, their length, or both; across the 8- and 16-byte
        // words; non-ASCII; escaped; repeated and not.
        let values = [
            "default", "default", "defaulu", "", "a", "ab", "a", "12345678", "12345678", "123456789", "1234567", "12345678",
            "1234567890123456", "1234567890123457", "1234567890123456", "12345678901234567", "12345678901234567",
            #"caf\u00e9"#, "café", "café", #"d\u0065fault"#, "default", #"x\"y"#, #"x\"y"#,
        ]
        let expected = values.map {
            $0.replacingOccurrences(of: #"\u00e9"#, with: "é").replacingOccurrences(of: #"\u0065"#, with: "e")
                .replacingOccurrences(of: #"\""#, with: "\"")
        }
        let rows = values.enumerated().map { #"{"dialPlan":"\#($1)","calledNbr":"\#($0)"}"# }
        // Records at the very end of the input too (no 16 bytes left after the value).
        let text = #"{"anacldnbr":["# + rows.joined(separator: ",") + "]}"
        let snapshot = try Snapshot(json: text, source: "p.json")
        #expect(snapshot.calledAnalysis.map(\.dialPlan) == expected)
        #expect(snapshot.calledAnalysis.map(\.calledPrefix) == values.indices.map { String($0) })
        #expect(expected[17] == "café" && expected[20] == "default" && expected[22] == "x\"y")
    }
}

@Suite("Record layout")
struct RecordLayoutTests {
    @Test("an analysis row takes 104 bytes as a struct: four strings, seven 32-bit words, two flags, one reference")
    func calledAnalysisStride() {
        #expect(MemoryLayout<CalledAnalysis>.stride == 104)
    }

    /// Every value an integer property of an analysis row may be given, around the 32-bit words.
    static let edgeIntegers = [
        0, 1, -1, 42, Int(Int32.max), Int(Int32.max) + 1, Int(Int32.min), Int(Int32.min) + 1, Int(Int32.min) - 1,
        1 << 40, -(1 << 40), Int.max, Int.min,
    ]

    @Test("integers a 32-bit word cannot hold are kept whole: each reads back, alone and together, and decoded")
    func wideIntegers() throws {
        let properties: [(String, WritableKeyPath<CalledAnalysis, Int>)] = [
            ("servID", \.trunk.rawValue), ("rtGroupID", \.routingGroup.rawValue), ("tranID", \.transition.rawValue),
            ("clrRefineID", \.callerRefineGroup.rawValue), ("maxDuration", \.maxDuration), ("callLevel", \.callLevel),
        ]
        for (name, path) in properties {
            for value in Self.edgeIntegers {
                var row = CalledAnalysis()
                row[keyPath: path] = value
                #expect(row[keyPath: path] == value, "\(name) = \(value)")
                for (other, otherPath) in properties where other != name {
                    #expect(row[keyPath: otherPath] == 0, "\(name) = \(value) leaves \(other) alone")
                }
                // Set back to a small value: the row is the plain row again (equal, no wide value left).
                row[keyPath: path] = 7
                var plain = CalledAnalysis()
                plain[keyPath: path] = 7
                #expect(row == plain, "\(name) = \(value), then 7")
                // Decoded from JSON, as the field's number.
                let json = #"{"anacldnbr":[{"dialPlan":"d","calledNbr":"1","\#(name)":\#(value)}]}"#
                let decoded = try Snapshot(json: json, source: "p.json").calledAnalysis[0]
                #expect(decoded[keyPath: path] == value, "\(name) = \(value) decoded")
            }
        }
        // All at once, with extra fields and an odd route type: each reads back, and packs and unpacks alike.
        var row = CalledAnalysis()
        for (i, (_, path)) in properties.enumerated() { row[keyPath: path] = Self.edgeIntegers[5 + i] }
        row.routeType = .unsupported(1 << 35)
        row.extras["note"] = .string("x")
        for (i, (name, path)) in properties.enumerated() {
            #expect(row[keyPath: path] == Self.edgeIntegers[5 + i], "\(name)")
        }
        #expect(row.routeType == .unsupported(1 << 35) && row.extras["note"] == .string("x"))
        var snapshot = Snapshot()
        snapshot.calledAnalysis = [row, CalledAnalysis()]
        let unpacked = PackedSnapshot(snapshot).snapshot()
        #expect(unpacked.calledAnalysis[0] == row && unpacked.calledAnalysis[1] == CalledAnalysis())
        // A copy changed leaves the original as it was (the wide values are shared, never changed in place).
        var copy = row
        copy.maxDuration = 5
        copy.extras["note"] = nil
        #expect(row.maxDuration == Self.edgeIntegers[9] && row.extras["note"] == .string("x"))
        #expect(copy.maxDuration == 5 && copy.extras["note"] == nil && copy.callLevel == Self.edgeIntegers[10])
    }

    @Test("route types read back as set: documented, unsupported, an unsupported of a documented number, and wide")
    func routeTypes() {
        let types: [RouteType] = [
            .localUser, .externalLine, .sipTrunk, .intercept, .routingGroup, .unsupported(3), .unsupported(5), .unsupported(-1),
            .unsupported(1), .unsupported(0), .unsupported(Int(Int32.min)), .unsupported(Int(Int32.max) + 1), .unsupported(Int.min),
        ]
        for type in types {
            var row = CalledAnalysis()
            row.routeType = type
            #expect(row.routeType == type, "\(type)")
            row.routeType = .sipTrunk
            var plain = CalledAnalysis()
            plain.routeType = .sipTrunk
            #expect(row == plain, "\(type), then SIP trunk")
        }
        var a = CalledAnalysis(), b = CalledAnalysis()
        a.routeType = .unsupported(1)
        b.routeType = .externalLine
        #expect(a != b, "an unsupported 1 is not an external line, as before")
    }
}
