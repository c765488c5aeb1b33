import DialPlan
import MiniSIPEmulator
import RouteSimGenerator
import Testing

@testable import MiniSIP

/// A snapshot with `transitions` natran records and `users` local users.
func samplePlan(transitions: Int, users: Int = 0) throws -> Snapshot {
    let natran = (0..<transitions).map { i in
        JSONValue.object([("tranID", .int(i + 1)), ("type", .int(1)), ("prefix", .string("0\(i)"))])
    }
    let localuser = (0..<users).map { i in
        JSONValue.object([
            ("usrname", .string(String(100 + i))), ("usrpwd", .string("pw\(i)")),
            ("dialPlan", .string(i % 2 == 0 ? "default" : "staff")), ("dispname", .string("User \(i)")),
        ])
    }
    return try Snapshot(tables: [.transitions: natran, .localUsers: localuser], source: "sample")
}

/// Runs a planner against the emulator's service, in-process, answering in a chosen order.
struct PlannerDriver {
    enum Order { case fifo, lifo, shuffled(UInt64) }

    let service: OpenAPIService
    var listRequests = 0
    var queryRequests = 0
    var cancelled = 0

    init(_ snapshot: Snapshot) {
        service = OpenAPIService(snapshot: snapshot, syskey: "k")
    }

    mutating func run(_ planner: inout FetchPlanner, order: Order) throws(FetchError) {
        var queue = planner.start()
        var random = SeededGenerator(seed: order.seed)
        while !queue.isEmpty {
            let index: Int
            switch order {
            case .fifo: index = 0
            case .lifo: index = queue.count - 1
            case .shuffled: index = random.below(queue.count)
            }
            let purpose = queue.remove(at: index)
            let request = planner.request(for: purpose)
            if request.operation == "list" { listRequests += 1 }
            if request.operation == "query" { queryRequests += 1 }
            let call = OpenAPICall(
                object: request.object, operation: request.operation,
                parameters: .object([("syskey", .string("k"))] + request.parameters))
            let answer = service.answer(call)
            #expect(answer.status == 200, "\(request.place): \(answer.body.compactText)")
            let step = try planner.accept(purpose, body: Array(answer.body.compactText.utf8))
            cancelled += step.cancel.count
            queue.removeAll { step.cancel.contains($0) }
            queue.append(contentsOf: step.issue)
        }
    }
}

extension PlannerDriver.Order {
    var seed: UInt64 { if case .shuffled(let s) = self { return s } else { return 0 } }
}

@Suite("Paging and assembly")
struct PlannerTests {
    @Test(arguments: [0, 1, 19, 20, 21, 40, 45, 200])
    func pagingStopsAtTheFirstShortPage(_ count: Int) throws {
        let plan = try samplePlan(transitions: count)
        var planner = FetchPlanner(tables: [.transitions], lookahead: 1)
        var driver = PlannerDriver(plan)
        try driver.run(&planner, order: .fifo)
        #expect(planner.isComplete)
        #expect(planner.records(of: .transitions) == plan.jsonRecords(of: .transitions))
        #expect(driver.listRequests == count / 20 + 1)
    }

    @Test(arguments: [PlannerDriver.Order.fifo, .lifo, .shuffled(1), .shuffled(2), .shuffled(3)])
    func lookaheadAndAnyAnswerOrderGiveTheSameRecords(_ order: PlannerDriver.Order) throws {
        for count in [0, 20, 39, 40, 41, 123, 260] {
            let plan = try samplePlan(transitions: count, users: count / 3)
            var planner = FetchPlanner(tables: [.transitions, .localUsers], lookahead: 4)
            var driver = PlannerDriver(plan)
            try driver.run(&planner, order: order)
            #expect(planner.isComplete)
            #expect(planner.records(of: .transitions) == plan.jsonRecords(of: .transitions), "\(count)")
            #expect(planner.records(of: .localUsers) == plan.jsonRecords(of: .localUsers), "\(count)")
            // Pages past the end: at most the lookahead per table.
            let needed = (count / 20 + 1) + (count / 3 / 20 + 1)
            #expect(driver.listRequests >= needed && driver.listRequests <= needed + 2 * 4)
        }
    }

    @Test func summaryTablesGetOneQueryPerRecordAndKeepListOrder() throws {
        let plan = try samplePlan(transitions: 0, users: 45)
        var planner = FetchPlanner(tables: [.localUsers])
        var driver = PlannerDriver(plan)
        try driver.run(&planner, order: .lifo)
        #expect(driver.queryRequests == 45)
        let records = planner.records(of: .localUsers)
        #expect(records.map { $0["usrname"]! } == plan.jsonRecords(of: .localUsers).map { $0["usrname"]! })
        // `dialPlan` is not in localuser/list: it came from the queries.
        #expect(records[1]["dialPlan"] == .string("staff"))
    }

    @Test func firstRequestsAreVersionSysinfoAndPageZeroOfEachTable() {
        var planner = FetchPlanner(tables: [.systemInfo, .calledAnalysis, .routes])
        #expect(
            planner.start() == [.version, .systemInfo, .listPage(.calledAnalysis, page: 0), .listPage(.routes, page: 0)])
        #expect(!planner.isComplete)
    }

    @Test func pagesPastTheEndAreCancelledOnceTheEndIsKnown() throws {
        var planner = FetchPlanner(tables: [.transitions], lookahead: 4)
        _ = planner.start()
        #expect(try planner.accept(.listPage(.transitions, page: 0), body: page(20, at: 0)).issue == [.listPage(.transitions, page: 1)])
        let step = try planner.accept(.listPage(.transitions, page: 1), body: page(20, at: 1))
        #expect(step.issue == (2...5).map { .listPage(.transitions, page: $0) })
        let end = try planner.accept(.listPage(.transitions, page: 2), body: page(3, at: 2))
        #expect(Set(end.cancel) == Set((3...5).map { FetchPurpose.listPage(.transitions, page: $0) }))
        _ = try planner.accept(.version, body: Array(#"{"verInfo":"x"}"#.utf8))
        #expect(planner.isComplete)
        #expect(planner.records(of: .transitions).count == 43)
    }

    @Test func recordsAfterTheLastPageMeanTheTableChanged() throws {
        var planner = FetchPlanner(tables: [.transitions], lookahead: 4)
        _ = planner.start()
        _ = try planner.accept(.listPage(.transitions, page: 0), body: page(20, at: 0))
        _ = try planner.accept(.listPage(.transitions, page: 1), body: page(20, at: 1))
        _ = try planner.accept(.listPage(.transitions, page: 3), body: page(20, at: 3))
        #expect {
            try planner.accept(.listPage(.transitions, page: 2), body: page(5, at: 2))
        } throws: { error in
            (error as! FetchError).description.contains("changed during the fetch")
        }
    }

    @Test func anErrorAnswerIsNeverAnEmptyTable() {
        var planner = FetchPlanner(tables: [.transitions])
        _ = planner.start()
        #expect(throws: FetchError.self) {
            try planner.accept(.listPage(.transitions, page: 0), body: Array(#"{"error":"busy"}"#.utf8))
        }
        #expect(!planner.isComplete(.transitions))
        #expect(planner.records(of: .transitions).isEmpty)
    }

    /// Page `index` of natran, `count` records long (a server's pages hold different records).
    private func page(_ count: Int, at index: Int) -> [UInt8] {
        Array(("[" + (0..<count).map { #"{"tranID":\#(index * 20 + $0 + 1)}"# }.joined(separator: ",") + "]").utf8)
    }
}
