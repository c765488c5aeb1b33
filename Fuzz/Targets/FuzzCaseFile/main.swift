// libFuzzer target: the case-file reader. The first byte chooses the syntax (even: YAML, odd:
// JSON); the rest is the file. Every input must be read or refused with a `CaseFileError`.
import RouteSimCases

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCaseFile(_ data: UnsafePointer<UInt8>, _ count: Int) -> Int32 {
    guard count > 0 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: count - 1))
    let source = data[0] % 2 == 0 ? "cases.yaml" : "cases.json"
    _ = try? CaseFile(bytes: bytes, source: source)
    return 0
}
