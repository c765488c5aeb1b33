// libFuzzer target: the lint configuration reader (suppressions, costly prefixes), on any text.
import RouteSimLint

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLintConfiguration(_ data: UnsafePointer<UInt8>, _ count: Int) -> Int32 {
    _ = try? LintConfiguration(json: String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self))
    return 0
}
