import DialPlan
import Glibc
import Testing

/// Input that never ends — a device, a pipe that keeps writing — is refused with a message, not
/// read until memory runs out.
@Suite("Endless input")
struct EndlessInputTests {
    @Test("a device is no file: refused before it is read", arguments: ["/dev/zero", "/dev/null", "/dev/urandom"])
    func devicesAreRefused(path: String) {
        #expect(throws: FileContents.ReadError.self) { try FileContents.read(path, what: "plan") }
        do {
            _ = try FileContents.read(path, what: "batch")
        } catch {
            #expect(error.description == "\(path): is a device, not a batch file")
        }
    }

    /// A pipe with `count` bytes written into it and closed (less than a pipe holds).
    static func pipe(holding count: Int) throws -> Int32 {
        var ends: [Int32] = [0, 0]
        try #require(Glibc.pipe(&ends) == 0)
        let bytes = [UInt8](repeating: UInt8(ascii: "x"), count: count)
        #expect(bytes.withUnsafeBytes { write(ends[1], $0.baseAddress, count) } == count)
        close(ends[1])
        return ends[0]
    }

    @Test("a pipe is read to its end up to the limit, and refused past it")
    func pipesAreLimited() throws {
        let under = try Self.pipe(holding: 5_000)
        defer { close(under) }
        #expect(try FileContents.readToEnd(under, path: "-", what: "batch", limit: 5_000).count == 5_000)
        let over = try Self.pipe(holding: 5_001)
        defer { close(over) }
        do {
            _ = try FileContents.readToEnd(over, path: "-", what: "batch", limit: 5_000)
            Issue.record("a pipe past the limit was read")
        } catch {
            #expect(error.description == "-: the batch goes on past 5000 bytes: routesim reads batch files up to that size")
        }
        #expect(FileContents.maxUnsizedBytes == 1 << 32)
    }
}
