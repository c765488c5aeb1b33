/// `--syskey-file FILE` of `fetch` and `emulate`: the syskey is the file's first line.
enum SyskeyFile {
    /// The first line of `path` without its line end; never echoed. An empty key is unusable input.
    static func read(_ path: String) throws(CLIError) -> String {
        let bytes = try PlanFile.readBytes(path, what: "syskey")
        let line =
            String(decoding: bytes, as: UTF8.self).split(
                separator: "\n", maxSplits: 1, omittingEmptySubsequences: false
            ).first ?? ""
        let key = line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        guard !key.isEmpty else { throw .usage("\(path): the syskey file is empty") }
        return key
    }
}
