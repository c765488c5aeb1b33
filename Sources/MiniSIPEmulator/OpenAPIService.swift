import DialPlan
import Foundation
import Synchronization

/// An answer of the emulated OpenAPI: a status and a JSON body.
public struct OpenAPIAnswer: Sendable, Equatable {
    public var status: Int
    public var body: JSONValue

    public init(status: Int, body: JSONValue) {
        self.status = status
        self.body = body
    }

    static func ok(_ body: JSONValue) -> OpenAPIAnswer { OpenAPIAnswer(status: 200, body: body) }
    static let done = ok(.object([("result", .string("ok"))]))

    static func error(_ status: Int, _ message: String) -> OpenAPIAnswer {
        OpenAPIAnswer(status: status, body: .object([("error", .string(message))]))
    }
}

/// A request as the service sees it: the path's object and operation, and the query object.
public struct OpenAPICall: Sendable {
    public var object: String
    /// nil when the path has no operation (`query` by default, `version` has none).
    public var operation: String?
    public var parameters: JSONValue

    public init(object: String, operation: String?, parameters: JSONValue) {
        self.object = object
        self.operation = operation
        self.parameters = parameters
    }

    /// `list`'s page, when the call is one (`pageIndex`, default 0).
    public var pageIndex: Int? {
        guard operation == "list" else { return nil }
        guard let value = parameters["pageIndex"] else { return 0 }
        return Int(value.plainText)
    }

    /// Parses `/openapi/OBJECT[/OPERATION]` and the query string, raw or percent-encoded.
    /// nil path: not an OpenAPI path. A query that is no JSON object gives `.object([])`
    /// parameters and `queryError`.
    public static func parse(path: String, query: String?) -> (call: OpenAPICall?, queryError: String?) {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard parts.first == "openapi", parts.count == 2 || parts.count == 3 else { return (nil, nil) }
        var call = OpenAPICall(object: parts[1], operation: parts.count == 3 ? parts[2] : nil, parameters: .object([]))
        guard let query, !query.isEmpty else { return (call, nil) }
        if let value = try? JSONValue(parsing: query) {
            call.parameters = value
        } else if let decoded = query.removingPercentEncoding, let value = try? JSONValue(parsing: decoded) {
            call.parameters = value
        } else {
            return (call, "the query string is not a JSON object (raw or percent-encoded)")
        }
        guard case .object = call.parameters else {
            call.parameters = .object([])
            return (call, "the query string must be one JSON object")
        }
        return (call, nil)
    }
}

/// The miniSIPServer OpenAPI over a snapshot, as the vendor's reference documents it: every
/// object and operation, `list` pages of 20 with summary fields for `localuser`, `extline`,
/// `peerserver`, `hginfo`, `query` with all fields, and changes kept in memory.
///
/// Thread-safe: calls are serialised by a lock.
public final class OpenAPIService: Sendable {
    private let state: Mutex<EmulatorTables>
    private let syskey: String
    private let verInfo: String
    /// Called with the new configuration after every change (write-back), under the lock.
    private let onChange: (@Sendable (Snapshot) -> Void)?

    public init(snapshot: Snapshot, syskey: String, onChange: (@Sendable (Snapshot) -> Void)? = nil) {
        self.state = Mutex(EmulatorTables(snapshot: snapshot))
        self.syskey = syskey
        if let info = snapshot.metadata?["verInfo"], case .string(let text) = info, !text.isEmpty {
            self.verInfo = text
        } else {
            self.verInfo = "miniSIPServer V39 (routesim emulator)"
        }
        self.onChange = onChange
    }

    /// The current configuration as a snapshot.
    public func snapshot() throws(SnapshotError) -> Snapshot {
        try state.withLock { (tables) throws(SnapshotError) -> Snapshot in try tables.snapshot(source: "emulator") }
    }

    /// Answers one call; the syskey is checked first, on every call.
    public func answer(_ call: OpenAPICall) -> OpenAPIAnswer {
        guard let given = call.parameters["syskey"], Self.constantTimeEqual(given.plainText, syskey),
            case .string = given
        else {
            return .error(403, "wrong or missing syskey")
        }
        switch call.object {
        case "version":
            guard call.operation == nil else { return .error(404, "version has no operation") }
            return .ok(.object([("verInfo", .string(verInfo))]))
        case "session":
            guard call.operation == "release" else { return .error(404, "session has one operation: release") }
            guard call.parameters["number"] != nil else { return .error(400, "session/release needs number") }
            return .done
        default:
            break
        }
        guard let table = Table(rawValue: call.object) else {
            return .error(404, "no such object: \(call.object)")
        }
        let operation = call.operation ?? "query"
        guard table.operations.contains(operation) else {
            return .error(404, "\(table) has no operation \(operation)")
        }
        return state.withLock { tables in
            let answer = Self.perform(operation, on: table, call: call, tables: &tables)
            if answer.status == 200, operation != "list", operation != "query", let onChange,
                let snapshot = try? tables.snapshot(source: "emulator")
            {
                onChange(snapshot)
            }
            return answer
        }
    }

    private static func perform(
        _ operation: String, on table: Table, call: OpenAPICall, tables: inout EmulatorTables
    ) -> OpenAPIAnswer {
        let parameters = call.parameters
        if table.isSingleObject {
            switch operation {
            case "query": return .ok(tables.systemInfo)
            default:  // update
                let merged = merge(tables.systemInfo, with: parameters)
                switch normalize(merged, in: table) {
                case .success(let record):
                    tables.replaceSystemInfo(record)
                    return .done
                case .failure(let refused): return .error(400, refused.message)
                }
            }
        }
        switch operation {
        case "list":
            guard let page = call.pageIndex, page >= 0 else {
                return .error(400, "pageIndex must be an integer from 0")
            }
            let size = 20
            // pageIndex comes from the request: a page past any table (even one whose first
            // record would overflow an Int) is empty, never a trap.
            let (first, overflow) = page.multipliedReportingOverflow(by: size)
            guard !overflow, first < tables.count(of: table) else { return .ok(.array([])) }
            let slice = tables.records(of: table, in: first..<(first + min(size, tables.count(of: table) - first)))
            let summary = table.listSummaryFields
            return .ok(.array(slice.map { record in summary.map { project(record, onto: $0) } ?? record }))
        case "query":
            guard EmulatorTables.keyText(of: parameters, in: table) != nil else {
                return .error(400, "\(table)/query needs \(table.keyFields.joined(separator: ", "))")
            }
            guard let record = tables.record(of: table, key: parameters) else {
                return .error(404, "no such \(table) record")
            }
            return .ok(record)
        case "delete":
            guard EmulatorTables.keyText(of: parameters, in: table) != nil else {
                return .error(400, "\(table)/delete needs \(table.keyFields.joined(separator: ", "))")
            }
            guard let position = tables.position(of: table, key: parameters) else {
                return .error(404, "no such \(table) record")
            }
            tables.remove(from: table, at: position)
            return .done
        default:  // set, add
            guard EmulatorTables.keyText(of: parameters, in: table) != nil else {
                return .error(400, "\(table)/\(operation) needs \(table.keyFields.joined(separator: ", "))")
            }
            let existing = tables.position(of: table, key: parameters)
            if operation == "add", existing != nil { return .error(400, "the \(table) record exists") }
            let base = existing.map { tables.records(of: table, in: $0..<$0 + 1).first! } ?? .object([])
            switch normalize(merge(base, with: parameters), in: table) {
            case .success(let record):
                if let existing {
                    tables.replace(record, in: table, at: existing)
                } else {
                    tables.append(record, to: table)
                }
                return .done
            case .failure(let refused): return .error(400, refused.message)
            }
        }
    }

    /// `base` with the parameters' members (but the syskey) set over it; linear however many
    /// members a request holds.
    private static func merge(_ base: JSONValue, with parameters: JSONValue) -> JSONValue {
        guard case .object(var members) = base, case .object(let given) = parameters else { return base }
        var position: [String: Int] = [:]
        for (i, member) in members.enumerated() where position[member.0] == nil { position[member.0] = i }
        for (name, value) in given where name != "syskey" {
            if let at = position[name] {
                members[at].1 = value
            } else {
                position[name] = members.count
                members.append((name, value))
            }
        }
        return .object(members)
    }

    /// The record as the snapshot loader reads it (types checked, defaults filled), or why not.
    private static func normalize(_ record: JSONValue, in table: Table) -> Result<JSONValue, RecordRefused> {
        do {
            let snapshot = try Snapshot(tables: [table: [record]], source: "request")
            return .success(snapshot.jsonRecords(of: table)[0])
        } catch {
            return .failure(RecordRefused(message: error.description))
        }
    }

    private static func project(_ record: JSONValue, onto fields: [String]) -> JSONValue {
        .object(fields.compactMap { name in record[name].map { (name, $0) } })
    }

    private static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for i in 0..<max(x.count, y.count) {
            difference |= (i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0)
        }
        return difference == 0
    }
}

struct RecordRefused: Error {
    var message: String
}
