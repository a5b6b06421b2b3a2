import Foundation
import ParcoursCore
import ZIPFoundation

/// Reads the first sheet of an `.xlsx` workbook (or the one named) as a table, the way the import
/// of a CSV file sees it: the first non-empty row is the header, a date cell becomes `YYYY-MM-DD`,
/// empty rows are skipped, line numbers are the sheet's row numbers.
///
/// NB: a small scanner of SpreadsheetML rather than an XML parser: workbooks name their sheets in
/// `xl/workbook.xml`, share their strings in `xl/sharedStrings.xml`, and mark date cells by their
/// style's number format in `xl/styles.xml`.
public enum XLSXReader {
    public enum Failure: Error, Hashable, Sendable {
        case notAWorkbook
        case noSuchSheet(String, available: [String])
        case empty
    }

    public static func table(_ data: Data, sheet wanted: String? = nil) throws(Failure) -> CSVTable {
        let archive: Archive
        do { archive = try Archive(data: data, accessMode: .read) } catch { throw .notAWorkbook }
        func file(_ path: String) -> String? {
            guard let entry = archive[path] else { return nil }
            var bytes = Data()
            guard (try? archive.extract(entry, skipCRC32: true) { bytes.append($0) }) != nil else { return nil }
            return String(decoding: bytes, as: UTF8.self)
        }
        guard let workbook = file("xl/workbook.xml") else { throw .notAWorkbook }
        let sheets = elements("sheet", in: workbook).map { (name: unescape(attribute("name", of: $0) ?? ""), id: attribute("r:id", of: $0) ?? "") }
        let relations = file("xl/_rels/workbook.xml.rels").map { elements("Relationship", in: $0) } ?? []
        let chosen: (name: String, id: String)?
        if let wanted {
            chosen = sheets.first { $0.name == wanted } ?? sheets.first { CSVTable.fold($0.name) == CSVTable.fold(wanted) }
            guard chosen != nil else { throw .noSuchSheet(wanted, available: sheets.map(\.name)) }
        } else {
            chosen = sheets.first
        }
        guard let chosen else { throw .empty }
        let target = relations.first { attribute("Id", of: $0) == chosen.id }.flatMap { attribute("Target", of: $0) } ?? "worksheets/sheet1.xml"
        let path = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        guard let sheet = file(path) else { throw .notAWorkbook }
        let shared = file("xl/sharedStrings.xml").map(sharedStrings) ?? []
        let dateStyles = file("xl/styles.xml").map(dateStyleIndexes) ?? []

        var rows: [(line: Int, fields: [String])] = []
        for row in blocks("row", in: sheet) {
            let line = Int(attribute("r", of: row.open) ?? "") ?? rows.count + 1
            var fields: [String] = []
            for cell in blocks("c", in: row.body) {
                let reference = attribute("r", of: cell.open) ?? ""
                let column = columnIndex(reference) ?? fields.count
                while fields.count < column { fields.append("") }
                fields.append(value(of: cell, shared: shared, dateStyles: dateStyles))
            }
            if fields.allSatisfy({ $0.trimmed.isEmpty }) { continue }
            rows.append((line, fields))
        }
        guard !rows.isEmpty else { throw .empty }
        let header = rows.removeFirst().fields.map { $0.trimmed }
        return CSVTable(header: header, rows: rows)
    }

    private static func value(of cell: (open: String, body: String), shared: [String], dateStyles: Set<Int>) -> String {
        let type = attribute("t", of: cell.open)
        let raw = blocks("v", in: cell.body).first.map { unescape($0.body) } ?? ""
        switch type {
        case "s": return Int(raw).flatMap { shared.indices.contains($0) ? shared[$0] : nil } ?? ""
        case "inlineStr": return texts(in: cell.body)
        case "str", "b", "e": return raw
        default:
            // A number: a date when its style formats it as one (days since 1899-12-30).
            if let style = attribute("s", of: cell.open).flatMap(Int.init), dateStyles.contains(style), let serial = Double(raw) {
                return excelDate(serial)
            }
            // Whole numbers as Excel shows them (12 rather than 12.0); codes keep their digits.
            if let number = Double(raw), number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
            return raw
        }
    }

    static func excelDate(_ serial: Double) -> String {
        let days = Int(serial.rounded(.down))
        let date = LocalDate(year: 1899, month: 12, day: 30)!.adding(days: days)
        return date.iso
    }

    private static func sharedStrings(_ xml: String) -> [String] {
        blocks("si", in: xml).map { texts(in: $0.body) }
    }

    /// The text of every `<t>` in `xml` (rich text is several runs), unescaped.
    private static func texts(in xml: String) -> String {
        blocks("t", in: xml).map { unescape($0.body) }.joined()
    }

    /// The cell formats (`cellXfs`) whose number format is a date's.
    private static func dateStyleIndexes(_ xml: String) -> Set<Int> {
        var dateFormats: Set<Int> = Set(14...22).union(45...47).union(27...36).union(50...58)
        for format in elements("numFmt", in: xml) {
            guard let id = attribute("numFmtId", of: format).flatMap(Int.init), let code = attribute("formatCode", of: format) else { continue }
            // A format with day, month or year fields, outside quoted text and colours: a date.
            let bare = unescape(code).replacingOccurrences(of: "\"[^\"]*\"", with: "", options: .regularExpression)
                .replacingOccurrences(of: "\\[[^\\]]*\\]", with: "", options: .regularExpression).lowercased()
            if bare.contains("d") || bare.contains("y") { dateFormats.insert(id) }
        }
        guard let xfs = blocks("cellXfs", in: xml).first else { return [] }
        var indexes: Set<Int> = []
        for (index, xf) in elements("xf", in: xfs.body).enumerated() {
            if let id = attribute("numFmtId", of: xf).flatMap(Int.init), dateFormats.contains(id) { indexes.insert(index) }
        }
        return indexes
    }

    /// `B7` → 1.
    private static func columnIndex(_ reference: String) -> Int? {
        let letters = reference.prefix { $0.isLetter }.uppercased()
        guard !letters.isEmpty else { return nil }
        return letters.unicodeScalars.reduce(0) { $0 * 26 + Int($1.value) - 64 } - 1
    }

    // MARK: scanning

    /// The opening tags of every `<name …>` element.
    private static func elements(_ name: String, in xml: String) -> [String] {
        blocks(name, in: xml).map(\.open)
    }

    /// Every `<name …>body</name>`, and `<name …/>` with an empty body.
    private static func blocks(_ name: String, in xml: String) -> [(open: String, body: String)] {
        var found: [(String, String)] = []
        var rest = xml[...]
        while let start = rest.range(of: "<" + name) {
            let after = rest[start.upperBound...]
            guard let next = after.first, next == " " || next == ">" || next == "/" || next == "\n" || next == "\t" || next == "\r",
                  let end = after.firstIndex(of: ">") else {
                rest = after
                continue
            }
            let open = String(rest[start.lowerBound...end])
            if open.hasSuffix("/>") {
                found.append((open, ""))
                rest = rest[rest.index(after: end)...]
                continue
            }
            let bodyStart = rest.index(after: end)
            guard let close = rest[bodyStart...].range(of: "</" + name + ">") else { break }
            found.append((open, String(rest[bodyStart..<close.lowerBound])))
            rest = rest[close.upperBound...]
        }
        return found
    }

    private static func attribute(_ name: String, of tag: String) -> String? {
        for quote in ["\"", "'"] {
            if let range = tag.range(of: " " + name + "=" + quote) {
                let rest = tag[range.upperBound...]
                if let end = rest.firstIndex(of: Character(quote)) { return String(rest[..<end]) }
            }
        }
        return nil
    }

    static func unescape(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
        while let range = out.range(of: "&#[0-9xX]+;", options: .regularExpression) {
            let digits = out[range].dropFirst(2).dropLast()
            let scalar = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            out.replaceSubrange(range, with: scalar.flatMap(Unicode.Scalar.init).map { String(Character($0)) } ?? "")
        }
        return out.replacingOccurrences(of: "&amp;", with: "&")
    }
}
