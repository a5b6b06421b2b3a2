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
        var parser = CSVParser()
        var records: [(line: Int, fields: [String])] = []
        try parser.feed(Array(text.utf8)) { records.append(($0, $1)) }
        try parser.finish { records.append(($0, $1)) }
        guard let header = parser.header else { throw .empty }
        if let short = parser.shortLines { throw short }
        self.header = header
        rows = records
    }

    /// The index of the first header matching one of `names` (case- and accent-insensitive).
    public func column(_ names: [String]) -> Int? { CSVTable.column(names, in: header) }

    public static func column(_ names: [String], in header: [String]) -> Int? {
        let wanted = Set(names.map(CSVTable.fold))
        return header.firstIndex { wanted.contains(CSVTable.fold($0)) }
    }

    /// A header as it is compared: case, accents, spaces, hyphens, apostrophes and dots aside, the
    /// sign of « N° » dropped (« N° dossier » = « n_dossier »).
    public static func fold(_ name: String) -> String {
        var out = ""
        for character in name.lowercased().folding(options: .diacriticInsensitive, locale: nil) {
            switch character {
            case "°", "º": continue
            case " ", "-", "_", "'", "’", ".", "/":
                if !out.isEmpty, out.last != "_" { out.append("_") }
            default: out.append(character)
            }
        }
        return out.last == "_" ? String(out.dropLast()) : out
    }
}

/// The data rows of a sheet, read in batches: a file a chunk at a time (never held whole), or a
/// table already in memory.
public protocol SheetRows: Sendable {
    var header: [String] { get }
    /// How many data rows there are (blank lines are not rows).
    var rowCount: Int { get }
    /// Calls `body` with the rows in order, a batch at a time, each with the line it starts on.
    func forEachBatch(_ body: ([(line: Int, fields: [String])]) async throws -> Void) async throws
}

extension CSVTable: SheetRows {
    public var rowCount: Int { rows.count }

    public func forEachBatch(_ body: ([(line: Int, fields: [String])]) async throws -> Void) async throws {
        for start in stride(from: 0, to: rows.count, by: 1_000) { try await body(Array(rows[start..<min(rows.count, start + 1_000)])) }
    }
}

/// The records of a CSV text fed in pieces of any size (a file read a chunk at a time, never held
/// whole): the header, then each data row with its line, exactly as `CSVTable(parsing:)` reads
/// the whole text. UTF-8 bytes: separators, quotes and line ends are ASCII, never part of a
/// multi-byte character, wherever a piece ends.
public struct CSVParser: Sendable {
    /// The first record, once read (trimmed).
    public private(set) var header: [String]?
    /// Data rows read so far (blank ones are not rows).
    public private(set) var rowCount = 0
    /// The lines with fewer cells than the header (the first 200), as the error to report once
    /// the whole text is read.
    public var shortLines: CSVError? { short.isEmpty ? nil : .shortLines(short, header: header?.count ?? 0) }

    private var separator: UInt8?
    /// The text's first bytes, until its first line is whole: the separator is the one it uses most.
    private var opening: [UInt8] = []
    private var fields: [String] = []
    private var field: [UInt8] = []
    private var line = 1
    private var recordLine = 1
    private var inQuotes = false
    private var quoteOpenedOn = 0
    /// A quote ended the last piece inside a quoted field: the next byte tells `""` from the end of the field.
    private var quoteEnded = false
    /// A CR ended the last piece: kept until the next byte tells CRLF from a lone CR.
    private var carriedCR = false
    private var short: [(line: Int, cells: Int)] = []

    public init() {}

    private static let quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")

    /// Reads `piece`, calling `emit` with each complete data row (the line it starts on, its cells).
    public mutating func feed(_ piece: [UInt8], _ emit: (Int, [String]) -> Void) throws(CSVError) {
        guard separator != nil else {
            opening += piece
            guard opening.contains(where: { $0 == Self.lf || $0 == Self.cr }) else { return }
            let text = opening
            opening = []
            return try start(text, emit)
        }
        if carriedCR {
            carriedCR = false
            return try feed([Self.cr] + piece, emit)
        }
        if piece.last == Self.cr {
            carriedCR = true
            try parse(piece.dropLast(), emit)
        } else {
            try parse(piece[...], emit)
        }
    }

    /// Ends the text: its last record, and what only the end can tell.
    public mutating func finish(_ emit: (Int, [String]) -> Void) throws(CSVError) {
        if separator == nil {
            let text = opening
            opening = []
            if !text.isEmpty { try start(text, emit) }
        }
        if carriedCR {
            carriedCR = false
            try parse([Self.cr][...], emit)
        }
        if inQuotes && !quoteEnded { throw .unterminatedQuote(line: quoteOpenedOn) }
        if !field.isEmpty || !fields.isEmpty { endRecord(emit) }
        if header == nil { throw .empty }
    }

    private mutating func start(_ text: [UInt8], _ emit: (Int, [String]) -> Void) throws(CSVError) {
        let body = text.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(text.dropFirst(3)) : text
        let firstLine = body.prefix { $0 != Self.lf && $0 != Self.cr }
        let counts = [UInt8(ascii: ";"), UInt8(ascii: ","), UInt8(ascii: "\t")].map { s in (s, firstLine.lazy.filter { $0 == s }.count) }
        separator = counts.max { $0.1 < $1.1 }.map { $0.1 > 0 ? $0.0 : UInt8(ascii: ",") }
        try feed(body, emit)
    }

    private mutating func parse(_ bytes: ArraySlice<UInt8>, _ emit: (Int, [String]) -> Void) throws(CSVError) {
        let separator = separator ?? UInt8(ascii: ",")
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let c = bytes[i]
            i += 1
            if inQuotes {
                if quoteEnded {
                    quoteEnded = false
                    if c == Self.quote {
                        field.append(c)  // `""`: a quote inside the field
                        continue
                    }
                    inQuotes = false  // the field's closing quote; `c` is read below
                } else if c == Self.quote {
                    quoteEnded = true
                    continue
                } else {
                    // A line break inside a field: CRLF and LF count one line, a lone CR none.
                    if c == Self.lf { line += 1 }
                    field.append(c)
                    continue
                }
            }
            if c == Self.quote && field.isEmpty {
                inQuotes = true
                quoteOpenedOn = line
            } else if c == Self.quote {
                throw .strayQuote(line: line)
            } else if c == separator {
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
            } else if c == Self.lf || c == Self.cr {
                if c == Self.cr, i < bytes.endIndex, bytes[i] == Self.lf { i += 1 }
                endRecord(emit)
                line += 1
                recordLine = line
            } else {
                field.append(c)
            }
        }
    }

    private mutating func endRecord(_ emit: (Int, [String]) -> Void) {
        fields.append(String(decoding: field, as: UTF8.self))
        field.removeAll(keepingCapacity: true)
        defer { fields.removeAll(keepingCapacity: true) }
        guard let header else {
            header = fields.map(\.trimmed)
            return
        }
        if fields.allSatisfy({ $0.trimmed.isEmpty }) { return }
        // A spreadsheet writes every column of every line, empty or not: a line with fewer cells was
        // cut (a stray line break, a hand edit), and its values would land in the wrong columns.
        if fields.count < header.count {
            if short.count < 200 { short.append((recordLine, fields.count)) }
            return
        }
        rowCount += 1
        emit(recordLine, fields)
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
