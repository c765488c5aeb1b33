// libFuzzer target: the batch reader of `route --batch` (CSV or JSON lines), on any bytes.
import RouteSimCases

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBatch(_ data: UnsafePointer<UInt8>, _ count: Int) -> Int32 {
    let batch = CallBatch(bytes: Array(UnsafeBufferPointer(start: data, count: count)), source: "fuzz.csv")
    var lines = 0
    try? batch.forEachCall { entry in
        precondition(entry.line > lines, "batch entries out of order")
        lines = entry.line
    }
    return 0
}
