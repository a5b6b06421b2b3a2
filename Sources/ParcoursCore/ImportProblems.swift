/// Every bad line of an imported file, so that a person fixes them all in one pass.
public struct ImportProblems: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Problem: Hashable, Sendable {
        /// 1-based line in the file; 1 is the header.
        public var line: Int
        public var message: String
        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }
    }

    public var problems: [Problem]

    public init(_ problems: [Problem]) { self.problems = problems.sorted { $0.line < $1.line } }

    public var description: String {
        let shown = problems.prefix(20).map { "line \($0.line): \($0.message)" }
        let more = problems.count > 20 ? ["… and \(problems.count - 20) more"] : []
        return "nothing was imported; \(problems.count) problem(s) to fix:\n  " + (shown + more).joined(separator: "\n  ")
    }
}

/// Yes/no cells as spreadsheets hold them (`oui`, `non`, `1`, `0`, `true`, `x`…); empty is no.
public func parseYesNo(_ text: String) -> Bool? {
    switch text.trimmingCharacters(in: .whitespaces).lowercased() {
    case "", "non", "no", "n", "0", "false", "faux": false
    case "oui", "yes", "y", "o", "1", "true", "vrai", "x": true
    default: nil
    }
}

import Foundation
