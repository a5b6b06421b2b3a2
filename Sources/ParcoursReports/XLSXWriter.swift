import Foundation
import ParcoursCore
import ZIPFoundation

/// A small SpreadsheetML (Office Open XML) writer: typed numbers, real dates, yes/no as words, a
/// title block, a bold frozen header row with a filter, column widths fitted to the content, and
/// pages a funder can print (A4 landscape, fitted to the width, the header repeated on each page).
public struct XLSXWriter: Sendable {
    public enum Cell: Hashable, Sendable {
        case text(String)
        case number(Double)
        /// Shown with one decimal.
        case percent(Double)
        case date(LocalDate)
        case bool(Bool)
        case empty

        init(_ value: ReportValue, kind: ReportColumn.Kind, language: Language) {
            switch value {
            case .none: self = .empty
            case .text(let text): self = .text(Labels.text(text, as: kind, language))
            case .int(let number): self = .number(Double(number))
            case .decimal(let number): self = kind == .percent ? .percent(number) : .number(number)
            case .date(let date): self = .date(date)
            // A funder reads "oui"/"non", as in the CSV: never 1/0 or TRUE/FALSE.
            case .bool(let flag): self = .text(Labels.flag(flag, language))
            }
        }
    }

    public struct Sheet: Sendable {
        public var name: String
        /// Lines above the table: what the document is (the first in bold), then a blank line.
        public var title: [String]
        public var headers: [String]
        public var rows: [[Cell]]

        public init(name: String, title: [String] = [], headers: [String], rows: [[Cell]]) {
            self.name = name
            self.title = title
            self.headers = headers
            self.rows = rows
        }

        /// The row of the headers (1-based): after the title block and its blank line.
        var headerRow: Int { title.isEmpty ? 1 : title.count + 2 }
    }

    public var language: Language

    public init(language: Language) { self.language = language }

    /// The workbook's bytes (a ZIP archive).
    public func workbook(_ sheets: [Sheet]) throws -> Data {
        let names = Self.sheetNames(sheets.map(\.name))
        var parts: [(String, String)] = [
            ("[Content_Types].xml", contentTypes(sheetCount: sheets.count)),
            ("_rels/.rels", Self.rootRelationships),
            ("docProps/app.xml", Self.appProperties),
            ("docProps/core.xml", Self.coreProperties),
            ("xl/workbook.xml", workbookXML(names, headerRows: sheets.map(\.headerRow))),
            ("xl/_rels/workbook.xml.rels", workbookRelationships(sheetCount: sheets.count)),
            ("xl/styles.xml", styles),
        ]
        for (index, sheet) in sheets.enumerated() {
            parts.append(("xl/worksheets/sheet\(index + 1).xml", worksheet(sheet)))
        }
        return try ZipArchive.data(parts.map { ($0.0, Data($0.1.utf8)) })
    }

    // MARK: Parts

    // Style indexes of styles.xml's cellXfs.
    private enum Style: Int {
        case plain = 0, header, quotePrefix, date, percent, title
    }

    private func worksheet(_ sheet: Sheet) -> String {
        let columnCount = max(sheet.headers.count, sheet.rows.map(\.count).max() ?? 0)
        let header = sheet.headerRow
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        xml += #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
        // Printing fits the columns to the page's width (as many pages down as needed).
        xml += #"<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>"#
        // The header row stays in view while scrolling.
        xml += #"<sheetViews><sheetView workbookViewId="0"><pane ySplit="\#(header)" topLeftCell="A\#(header + 1)" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>"#
        if columnCount > 0 {
            xml += "<cols>"
            for column in 0..<columnCount {
                xml += #"<col min="\#(column + 1)" max="\#(column + 1)" width="\#(width(sheet, column))" customWidth="1"/>"#
            }
            xml += "</cols>"
        }
        xml += "<sheetData>"
        for (index, line) in sheet.title.enumerated() {
            xml += row(index + 1, [.text(line)], style: index == 0 ? .title : .plain)
        }
        xml += row(header, sheet.headers.map(Cell.text), style: .header)
        for (index, cells) in sheet.rows.enumerated() {
            xml += row(header + 1 + index, cells, style: nil)
        }
        xml += "</sheetData>"
        if columnCount > 0 {
            xml += #"<autoFilter ref="A\#(header):\#(Self.columnName(columnCount - 1))\#(header + sheet.rows.count)"/>"#
        }
        xml += #"<pageMargins left="0.4" right="0.4" top="0.5" bottom="0.6" header="0.3" footer="0.3"/>"#
        // A4 (9), landscape, one page wide.
        xml += #"<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>"#
        let page = language == .fr ? "Page &amp;P sur &amp;N" : "Page &amp;P of &amp;N"
        xml += #"<headerFooter><oddFooter>&amp;L\#(Self.escape(Self.footerText(sheet.title.first ?? sheet.name)))&amp;R\#(page)</oddFooter></headerFooter>"#
        xml += "</worksheet>"
        return xml
    }

    /// A footer quotes the title, without the ampersands a footer reads as codes.
    static func footerText(_ text: String) -> String {
        String(text.replacingOccurrences(of: "&", with: "et").prefix(120))
    }

    private func row(_ number: Int, _ cells: [Cell], style: Style?) -> String {
        var xml = #"<row r="\#(number)">"#
        for (index, cell) in cells.enumerated() {
            let reference = "\(Self.columnName(index))\(number)"
            switch cell {
            case .empty:
                continue
            case .text(let text):
                // Inline strings are never formulas; quotePrefix also keeps Excel from reading
                // one as such when the cell is edited or the sheet is saved as CSV.
                let cellStyle = style ?? (isFormulaLike(text) ? .quotePrefix : .plain)
                xml += #"<c r="\#(reference)" s="\#(cellStyle.rawValue)" t="inlineStr"><is><t xml:space="preserve">\#(Self.escape(text))</t></is></c>"#
            case .number(let value):
                xml += #"<c r="\#(reference)" s="\#((style ?? .plain).rawValue)"><v>\#(Self.number(value))</v></c>"#
            case .percent(let value):
                xml += #"<c r="\#(reference)" s="\#((style ?? .percent).rawValue)"><v>\#(Self.number(value))</v></c>"#
            case .date(let date):
                // Days since 1899-12-30, Excel's epoch (1970-01-01 is 25569).
                xml += #"<c r="\#(reference)" s="\#((style ?? .date).rawValue)"><v>\#(date.daysSinceEpoch + 25569)</v></c>"#
            case .bool(let flag):
                xml += #"<c r="\#(reference)" s="\#((style ?? .plain).rawValue)" t="b"><v>\#(flag ? 1 : 0)</v></c>"#
            }
        }
        return xml + "</row>"
    }

    private func width(_ sheet: Sheet, _ column: Int) -> Int {
        let header = column < sheet.headers.count ? sheet.headers[column].count : 0
        let widest = sheet.rows.reduce(header) { widest, cells in
            guard column < cells.count else { return widest }
            let length: Int = switch cells[column] {
            case .text(let text): text.count
            case .number(let value), .percent(let value): Self.number(value).count
            case .date: 10
            case .bool: 5
            case .empty: 0
            }
            return max(widest, length)
        }
        return min(max(widest + 2, 8), 60)
    }

    private var styles: String {
        let dateFormat = language == .fr ? "dd/mm/yyyy" : "yyyy-mm-dd"
        return #"""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
            <numFmts count="2"><numFmt numFmtId="164" formatCode="\#(dateFormat)"/><numFmt numFmtId="165" formatCode="0.0"/></numFmts>
            <fonts count="3"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="14"/><name val="Calibri"/></font></fonts>
            <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
            <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
            <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
            <cellXfs count="6">
            <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
            <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>
            <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>
            <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
            <xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
            <xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>
            </cellXfs>
            <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
            </styleSheet>
            """#
    }

    private func contentTypes(sheetCount: Int) -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        xml += #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
        xml += #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
        xml += #"<Default Extension="xml" ContentType="application/xml"/>"#
        xml += #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
        for index in stride(from: 1, through: sheetCount, by: 1) {
            xml += #"<Override PartName="/xl/worksheets/sheet\#(index).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        }
        xml += #"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
        xml += #"<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>"#
        xml += #"<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>"#
        return xml + "</Types>"
    }

    private func workbookXML(_ names: [String], headerRows: [Int]) -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        xml += #"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#
        for (index, name) in names.enumerated() {
            xml += #"<sheet name="\#(Self.escape(name))" sheetId="\#(index + 1)" r:id="rId\#(index + 1)"/>"#
        }
        xml += "</sheets><definedNames>"
        // Each printed page repeats the header row.
        for (index, name) in names.enumerated() {
            let row = headerRows[index]
            let quoted = "'" + name.replacingOccurrences(of: "'", with: "''") + "'"
            xml += #"<definedName name="_xlnm.Print_Titles" localSheetId="\#(index)">\#(Self.escape(quoted))!$\#(row):$\#(row)</definedName>"#
        }
        return xml + "</definedNames></workbook>"
    }

    private func workbookRelationships(sheetCount: Int) -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        xml += #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        for index in 0..<sheetCount {
            xml += #"<Relationship Id="rId\#(index + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet\#(index + 1).xml"/>"#
        }
        xml += #"<Relationship Id="rId\#(sheetCount + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#
        return xml + "</Relationships>"
    }

    private static let rootRelationships = #"""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>
        """#

    private static let appProperties = #"""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Parcours</Application></Properties>
        """#

    private static let coreProperties = #"""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Parcours</dc:creator></cp:coreProperties>
        """#

    // MARK: Helpers

    /// `A`, `B`, … `Z`, `AA`…
    static func columnName(_ index: Int) -> String {
        var index = index
        var name = ""
        repeat {
            name = String(UnicodeScalar(UInt8(65 + index % 26))) + name
            index = index / 26 - 1
        } while index >= 0
        return name
    }

    /// At most `limit` characters, ending at a whole word (and without a dangling comma or colon).
    static func cutAtWord(_ text: String, _ limit: Int) -> String {
        guard text.count > limit else { return text }
        var cut = String(text.prefix(limit + 1))
        if let space = cut.lastIndex(of: " ") { cut = String(cut[..<space]) } else { cut = String(text.prefix(limit)) }
        while let last = cut.last, " ,;:—–-(".contains(last) { cut.removeLast() }
        return cut
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// XML text: the five entities, and no control character XML 1.0 forbids.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// At most 31 characters, none of `[]:*?/\`, cut at a word, unique within the workbook.
    static func sheetNames(_ names: [String]) -> [String] {
        var used: Set<String> = []
        return names.map { name in
            // Excel refuses an apostrophe at either end of a name.
            let cleaned = cutAtWord(String(name.filter { !"[]:*?/\\".contains($0) }), 31)
                .trimmingCharacters(in: CharacterSet(charactersIn: "'"))
            var candidate = cleaned.isEmpty ? "Sheet" : cleaned
            var suffix = 2
            while used.contains(candidate.lowercased()) {
                candidate = String(cleaned.prefix(27)) + " (\(suffix))"
                suffix += 1
            }
            used.insert(candidate.lowercased())
            return candidate
        }
    }
}

/// A ZIP archive made in memory (a workbook's parts, an audit pack's files), deflated, in order.
public enum ZipArchive {
    public static func data(_ files: [(path: String, data: Data)]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, data) in files {
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate,
                provider: { position, size in data.subdata(in: Int(position)..<Int(position) + size) })
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return data
    }
}
