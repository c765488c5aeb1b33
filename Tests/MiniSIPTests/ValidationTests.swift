import DialPlan
import Testing

@testable import MiniSIP

@Suite("Answer validation: an error is never an empty table")
struct ValidationTests {
    func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func aListPageIsABareArrayOfRecords() throws {
        let records = try ResponseValidation.listPage(
            bytes(#"[{"tranID":1,"type":2},{"tranID":"2"}]"#), table: .transitions, place: "natran/list page 0")
        #expect(records.count == 2)
        #expect(try ResponseValidation.listPage(bytes(" [] \n"), table: .transitions, place: "p").isEmpty)
    }

    @Test(arguments: [
        ("", "empty"),
        ("<html>500</html>", "not valid JSON"),
        (#"[{"tranID":1}"#, "not valid JSON"),
        (#"{"result":"error","msg":"x"}"#, "expected a JSON array of records, found an object with members result, msg"),
        ("null", "expected a JSON array"),
        (#"[1,2]"#, "expected a JSON object (a record), found the number 1"),
        (#"[{"type":2}]"#, "the record has no tranID"),
        (#"[{"tranID":[1]}]"#, "the key field tranID is an array"),
    ])
    func badListAnswersAreErrorsNamingTheRequest(_ body: String, _ expected: String) {
        do {
            _ = try ResponseValidation.listPage(bytes(body), table: .transitions, place: "natran/list page 2")
            Issue.record("accepted \(body)")
        } catch {
            #expect(error.place?.hasPrefix("natran/list page 2") == true)
            #expect(error.description.hasPrefix("natran/list page 2"))
            #expect(error.message.contains(expected), "\(error.message)")
        }
    }

    @Test func aPageOfMoreThanTwentyIsRefused() {
        let records = (0..<21).map { #"{"tranID":\#($0)}"# }.joined(separator: ",")
        #expect(throws: FetchError.self) {
            try ResponseValidation.listPage(bytes("[\(records)]"), table: .transitions, place: "p")
        }
    }

    @Test func aQueryAnswerMustBeTheRecordAskedFor() throws {
        let key: [(String, JSONValue)] = [("servID", .int(2))]
        let record = try ResponseValidation.record(
            bytes(#"{"servID":"2","desc":"x"}"#), table: .sipTrunks, key: key, place: "q")
        #expect(record["desc"] == .string("x"))
        #expect(throws: FetchError.self) {
            try ResponseValidation.record(bytes(#"{"servID":3}"#), table: .sipTrunks, key: key, place: "q")
        }
        #expect(throws: FetchError.self) {
            try ResponseValidation.record(bytes(#"[{"servID":2}]"#), table: .sipTrunks, key: key, place: "q")
        }
    }

    @Test func versionNeedsVerInfo() throws {
        #expect(try ResponseValidation.version(bytes(#"{"verInfo":"V39"}"#), place: "version") == "V39")
        #expect(throws: FetchError.self) { try ResponseValidation.version(bytes(#"{"version":"V39"}"#), place: "v") }
        #expect(throws: FetchError.self) { try ResponseValidation.version(bytes(#"["V39"]"#), place: "v") }
    }

    @Test func shapeDescriptionsNeverShowValues() {
        let value = try! JSONValue(parsing: #"{"admpwd":"hunter2"}"#)
        #expect(!ResponseValidation.describeShape(value).contains("hunter2"))
    }
}

@Suite("Redaction")
struct RedactionTests {
    @Test func secretsWithAValueAreReplacedEmptyOnesKept() throws {
        let record = try JSONValue(parsing: #"{"admpwd":"a","ogpfx":"9","dbpwd":"","smtppwd":"s","dbusr":"u"}"#)
        let redacted = Redaction.redact(record, in: .systemInfo)
        #expect(redacted.compactText == #"{"admpwd":"<redacted>","ogpfx":"9","dbpwd":"","smtppwd":"<redacted>","dbusr":"u"}"#)
    }

    @Test func onlyTheDocumentedSecretFieldsOfEachTable() throws {
        let user = try JSONValue(parsing: #"{"usrname":"100","usrpwd":"p","password":"kept"}"#)
        #expect(Redaction.redact(user, in: .localUsers)["usrpwd"] == .string("<redacted>"))
        #expect(Redaction.redact(user, in: .localUsers)["password"] == .string("kept"))
        let line = try JSONValue(parsing: #"{"extLine":"l","password":"p","authID":"a"}"#)
        #expect(Redaction.redact(line, in: .externalLines)["password"] == .string("<redacted>"))
        #expect(Redaction.redact(line, in: .externalLines)["authID"] == .string("a"))
        let transition = try JSONValue(parsing: #"{"tranID":1,"prefix":"p"}"#)
        #expect(Redaction.redact(transition, in: .transitions) == transition)
    }

    @Test func aWholeSnapshot() throws {
        let snapshot = try Snapshot(
            json: Array(#"{"sysinfo":{"admpwd":"x"},"localuser":[{"usrname":"1","usrpwd":"y"}]}"#.utf8), source: "t")
        let text = try Redaction.redact(snapshot).jsonText
        #expect(!text.contains("\"x\"") && !text.contains("\"y\""))
        #expect(text.components(separatedBy: "<redacted>").count == 3)
    }
}
