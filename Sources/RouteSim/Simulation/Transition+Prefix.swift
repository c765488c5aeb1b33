import DialPlan

extension Transition {
    /// What the transition does to every number that starts with `known` (numbers known only by
    /// their first digits, as the linter reasons about whole classes of numbers): the digits
    /// still known afterwards, or nil when those numbers certainly stay unchanged.
    ///
    /// A change inside the known digits gives them exactly; a change reaching past them keeps
    /// what stays known before it (the digits before `start`, plus what add or replace insert),
    /// or `known` itself when it starts past the end.
    package func apply(toNumbersStartingWith known: String) -> String? {
        let digits = Array(known.utf8)
        let count = digits.count
        let start = max(self.start, 0)
        let length = max(self.length, 0)
        let insert = Array(prefix.utf8)
        func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
        switch type {
        case .add:
            guard !insert.isEmpty else { return nil }
            guard start <= count else { return known }
            return text(Array(digits[..<start]) + insert + Array(digits[start...]))
        case .delete:
            guard length > 0 else { return nil }
            if start >= count { return known }
            if start + length <= count { return text(Array(digits[..<start]) + Array(digits[(start + length)...])) }
            return text(Array(digits[..<start]))
        case .replace:
            if start >= count { return insert.isEmpty && length == 0 ? nil : known }
            if start + length <= count {
                let result = Array(digits[..<start]) + insert + Array(digits[(start + length)...])
                return result == digits ? nil : text(result)
            }
            return text(Array(digits[..<start]) + insert)
        case .unknown:
            return nil
        }
    }
}
