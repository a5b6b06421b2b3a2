/// A CSV file as spreadsheets write it: RFC 4180 quoting, `;`, `,` or tab separators (detected from
/// the header), an optional BOM, CRLF or LF line ends. Rows with nothing in them (Excel's trailing
/// `;;;;`) are not rows.
public struct CSVTable: Sendable {
    public var header: [String]
    /// Data rows with the 1-based line number where each starts in the file (for error messages).
    public var rows: [(line: Int, fields: [String])]

    public init(header: [String], rows: [(line: Int, fields: [String])]) {
        self.header = header
        self.rows = rows
    }

    public init(parsing text: String) throws(CSVError) {
        var input = Substring(text)
        if input.hasPrefix("\u{FEFF}") { input = input.dropFirst() }
        let firstLine = input.prefix { $0 != "\n" && $0 != "\r\n" }
        let counts = [";", ",", "\t"].map { separator in (separator, firstLine.filter { String($0) == separator }.count) }
        let separator = Character(counts.max { $0.1 < $1.1 }.map { $0.1 > 0 ? $0.0 : "," } ?? ",")
        var records = try CSVTable.records(in: input, separator: separator)
        guard !records.isEmpty else { throw .empty }
        header = records.removeFirst().fields.map { $0.trimmed }
        rows = records.filter { !$0.fields.allSatisfy { $0.trimmed.isEmpty } }
        // A spreadsheet writes every column of every line, empty or not: a line with fewer cells was
        // cut (a stray line break, a hand edit), and its values would land in the wrong columns.
        let short = rows.filter { $0.fields.count < header.count }.prefix(200).map { (line: $0.line, cells: $0.fields.count) }
        if !short.isEmpty { throw .shortLines(Array(short), header: header.count) }
    }

    private static func records(
        in input: Substring, separator: Character
    ) throws(CSVError) -> [(line: Int, fields: [String])] {
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field = ""
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var quoteOpenedOn = 0
        var index = input.startIndex
        while index < input.endIndex {
            let c = input[index]
            index = input.index(after: index)
            if inQuotes {
                if c == "\"" {
                    if index < input.endIndex, input[index] == "\"" {
                        field.append("\"")
                        index = input.index(after: index)
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" || c == "\r\n" { line += 1 }
                    field.append(c)
                }
            } else if c == "\"" && field.isEmpty {
                inQuotes = true
                quoteOpenedOn = line
            } else if c == "\"" {
                throw .strayQuote(line: line)
            } else if c == separator {
                fields.append(field)
                field = ""
            } else if c == "\n" || c == "\r\n" || c == "\r" {
                fields.append(field)
                records.append((recordLine, fields))
                fields = []
                field = ""
                line += 1
                recordLine = line
            } else {
                field.append(c)
            }
        }
        if inQuotes { throw .unterminatedQuote(line: quoteOpenedOn) }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(field)
            records.append((recordLine, fields))
        }
        return records
    }

    /// The index of the first header matching one of `names` (case- and accent-insensitive).
    public func column(_ names: [String]) -> Int? {
        let wanted = Set(names.map(CSVTable.fold))
        return header.firstIndex { wanted.contains(CSVTable.fold($0)) }
    }

    public static func fold(_ name: String) -> String {
        name.lowercased().folding(options: .diacriticInsensitive, locale: nil)
            .replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "-", with: "_")
    }
}

public enum CSVError: Error, Hashable, Sendable, CustomStringConvertible {
    case empty
    case unterminatedQuote(line: Int)
    case strayQuote(line: Int)
    /// Lines with fewer cells than the header has columns.
    case shortLines([(line: Int, cells: Int)], header: Int)

    public static func == (a: CSVError, b: CSVError) -> Bool { a.description == b.description }
    public func hash(into hasher: inout Hasher) { hasher.combine(description) }

    public var description: String {
        switch self {
        case .shortLines(let lines, let header):
            lines.map { "line \($0.line): \($0.cells) cells where the header has \(header)" }.joined(separator: "; ")
        case .empty: "the file is empty (a header line is expected)"
        case .unterminatedQuote(let line): "line \(line): a quoted field is never closed"
        case .strayQuote(let line): "line \(line): a quote appears inside an unquoted field (quote the whole field and double inner quotes)"
        }
    }
}

import Foundation
