// libFuzzer target: the snapshot decoder, on any bytes. A plan that decodes must decode again
// from the JSON text routesim writes for it, to the same text (a rewrite is stable; it may
// reorder fields into the reference's order the first time), build its model (or be refused
// for duplicate keys), and route calls.
import DialPlan
import RouteSim

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSnapshot(_ data: UnsafePointer<UInt8>, _ count: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: count))
    guard let snapshot = try? Snapshot(json: bytes, source: "fuzz.json") else { return 0 }
    let again: Snapshot
    do {
        again = try Snapshot(json: snapshot.jsonText, source: "rewritten.json")
    } catch {
        fatalError("a decoded plan does not decode from its own JSON text: \(error)")
    }
    precondition(again.jsonText == snapshot.jsonText, "a plan's JSON text changed in a round trip")
    guard let simulator = try? Simulator(snapshot: snapshot) else { return 0 }
    for user in snapshot.localUsers.prefix(2) {
        _ = try? simulator.route(Call(origin: .localUser(user.name), called: "0123456789"))
    }
    _ = try? simulator.route(Call(origin: .caller("100"), called: "9"))
    return 0
}
