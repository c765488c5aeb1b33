/// Why a case file cannot be used, and exactly where: file, line, case and field.
///
/// `cases.yaml:14: case 3 ("intl from 100"): field "expect.called": invalid regular expression
/// /^0086(\d+$/: missing closing parenthesis at offset 10`
public struct CaseFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The case file as the user named it.
    public var source: String
    /// The 1-based line in the file, when the parser knows it.
    public var line: Int?
    /// The 1-based number of the case in the file's `cases` list.
    public var caseNumber: Int?
    /// The case's `name`, when it has one.
    public var caseName: String?
    /// The field, as a dotted path inside the case (`expect.attempts[0].called`) or the file.
    public var field: String?
    /// What is wrong, and what to do where it helps.
    public var message: String

    public init(
        source: String, line: Int? = nil, caseNumber: Int? = nil, caseName: String? = nil, field: String? = nil,
        message: String
    ) {
        self.source = source
        self.line = line
        self.caseNumber = caseNumber
        self.caseName = caseName
        self.field = field
        self.message = message
    }

    public var description: String {
        var text = source
        if let line { text += ":\(line)" }
        // A file with no name (an empty argument) is not named: the message says so.
        if !text.isEmpty { text += ": " }
        if let caseNumber {
            text += "case \(caseNumber)"
            if let caseName { text += " (\(quoted(caseName)))" }
            text += ": "
        }
        if let field { text += "field \(quoted(field)): " }
        return text + message
    }
}

/// A string in double quotes with `"` and `\` escaped, as messages show names and numbers.
func quoted(_ text: String) -> String {
    var out = "\""
    for c in text {
        switch c {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        default: out.append(c)
        }
    }
    return out + "\""
}
