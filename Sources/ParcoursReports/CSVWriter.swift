import Foundation

/// CSV that French Excel opens as it should: UTF-8 with a byte-order mark, RFC 4180 quoting and
/// CRLF line ends, `;` in French (where the comma is the decimal separator), `,` in English.
/// A cell that a spreadsheet would run as a formula gets a leading apostrophe.
public struct CSVWriter: Sendable {
    public let separator: Character
    public private(set) var text = "\u{FEFF}"

    public init(language: Language) {
        separator = language == .fr ? ";" : ","
    }

    public mutating func line(_ cells: [String]) {
        text += cells.map(field).joined(separator: String(separator)) + "\r\n"
    }

    public mutating func blankLine() { text += "\r\n" }

    private func field(_ cell: String) -> String {
        // OWASP's advice against CSV injection: neutralise with an apostrophe, then quote.
        let value = isFormulaLike(cell) ? "'" + cell : cell
        let needsQuotes = value.contains(separator) || value.contains("\"") || value.contains("\n") || value.contains("\r")
            || isFormulaLike(cell)
        return needsQuotes ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
    }
}
