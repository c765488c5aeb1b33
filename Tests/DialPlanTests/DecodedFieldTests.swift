import DialPlan
import Testing

/// The decoder sets typed properties through `setDecodedField`, a switch on the field's index
/// generated from each type's `fields` (scripts/gen-decoded-fields). These tests prove the switch
/// and the table agree: each typed field, set alone beside the key fields every record needs,
/// reads back through `jsonObject` (which uses the table's key paths) and leaves every other
/// field as it was.
@Suite("Decoded typed fields")
struct DecodedFieldTests {
    /// The table's key fields, each with a value that is no default (`"k"`, 7), but `except`.
    func keyMembers(_ table: Table, except: String? = nil) -> [String] {
        let kinds = Dictionary(uniqueKeysWithValues: table.documentedFields.map { ($0.name, $0.kind) })
        return table.keyFields.filter { $0 != except }.map { kinds[$0] == .integer ? "\"\($0)\": 7" : "\"\($0)\": \"k\"" }
    }

    func decode(_ table: Table, _ members: [String]) throws -> [(String, JSONValue)] {
        let record = "{\(members.joined(separator: ", "))}"
        let text = table == .systemInfo ? #"{"sysinfo": \#(record)}"# : #"{"\#(table.rawValue)": [\#(record)]}"#
        let snapshot = try Snapshot(json: Array(text.utf8), source: "plan.json")
        let objects = snapshot.jsonRecords(of: table)
        try #require(objects.count == 1)
        guard case .object(let object) = objects[0] else {
            Issue.record("\(table.rawValue): the record is no JSON object")
            return []
        }
        return object
    }

    @Test("every typed field set alone reads back, and no other field changes", arguments: Table.allCases)
    func everyTypedField(table: Table) throws {
        // Typed fields always appear in `jsonObject`; a record with only its key lists the others at their defaults.
        let defaults = try decode(table, keyMembers(table))
        let kinds = Dictionary(uniqueKeysWithValues: table.documentedFields.map { ($0.name, $0.kind) })
        var checked = 0
        for (index, (name, defaultValue)) in defaults.enumerated() {
            let value: JSONValue
            switch kinds[name] {
            case .integer?: value = defaultValue == .number("0") ? .number("1") : .number("0")
            case .string?: value = .string("v-\(name)")
            case .boolean?: continue  // booleans go through the field's `set`, not the generated switch
            case nil:
                Issue.record("\(table.rawValue).\(name) is written but not a documented field")
                continue
            }
            var expected = defaults
            expected[index].1 = value
            let decoded = try decode(table, keyMembers(table, except: name) + ["\"\(name)\": \(value.compactText)"])
            #expect(decoded.map(\.0) == expected.map(\.0), "\(table.rawValue).\(name)")
            #expect(decoded.map(\.1) == expected.map(\.1), "\(table.rawValue).\(name)")
            checked += 1
        }
        #expect(checked > 0, "\(table.rawValue) has typed integer or string fields")
    }

    @Test("the typed fields of a routing row, all at once")
    func calledAnalysisRow() throws {
        let decoded = try decode(
            .calledAnalysis,
            [
                """
                "dialPlan": "hq", "calledNbr": "00", "description": "intl", "routeType": 6, "servID": 5,
                "extLine": "line2", "rtGroupID": 2, "changeInd": 1, "tranID": 7, "reAnaInd": "1",
                "clrRefineID": 3, "maxDuration": 60, "callLevel": 2
                """
            ])
        #expect(
            decoded.map { "\($0.0)=\($0.1.compactText)" } == [
                #"dialPlan="hq""#, #"calledNbr="00""#, #"description="intl""#, "routeType=6", "servID=5",
                #"extLine="line2""#, "rtGroupID=2", "changeInd=1", "tranID=7", "reAnaInd=1",
                "clrRefineID=3", "maxDuration=60", "callLevel=2",
            ])
    }
}
