// libFuzzer target: the emulator's request handling. The bytes arrive on a connection as they
// would from a client: NIO's HTTP/1 parser, then the OpenAPI handler and the service, over a
// small plan whose syskey is "k" (a fresh service for each input, so changes do not pile up).
import DialPlan
import MiniSIPEmulator
import NIOCore
import NIOEmbedded

nonisolated(unsafe) let plan: Snapshot = {
    let text = #"""
        {"sysinfo": {"outGroupPrefix": "9", "admpwd": "k"},
         "localuser": [{"usrname": "100", "usrpwd": "p"}, {"usrname": "101"}],
         "peerserver": [{"servID": 1, "desc": "carrier"}],
         "natran": [{"tranID": 1, "type": 2, "tranStart": 0, "tranLen": 1, "prefix": "+44"}],
         "anacldnbr": [{"dialPlan": "default", "calledNbr": "0", "routeType": 2, "servID": 1}]}
        """#
    return try! Snapshot(json: text, source: "fuzz-plan.json")
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEmulator(_ data: UnsafePointer<UInt8>, _ count: Int) -> Int32 {
    let channel = EmbeddedChannel()
    let service = OpenAPIService(snapshot: plan, syskey: "k")
    try! EmulatorServer.addHandlers(to: channel.pipeline.syncOperations, service: service, faults: FaultOptions())
    var buffer = channel.allocator.buffer(capacity: count)
    buffer.writeBytes(UnsafeBufferPointer(start: data, count: count))
    // Malformed HTTP is answered (400) and closes the channel: an error here is not a bug.
    _ = try? channel.writeInbound(buffer)
    while let _ = try? channel.readOutbound(as: IOData.self) {}
    _ = try? channel.finish(acceptAlreadyClosed: true)
    return 0
}
