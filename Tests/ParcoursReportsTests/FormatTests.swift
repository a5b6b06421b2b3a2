import Foundation
import ParcoursCore
import Testing

@testable import ParcoursReports

@Suite("Formats people open")
struct FormatTests {
    @Test("A terminal table shows control characters and bidi overrides from data as U+FFFD, never as themselves")
    func terminalTableStripsControls() {
        var table = TextTable("NOM", "COMMUNE")
        table.add("Ana\u{1B}[2J\u{1B}[31mMartin", "Laval\r\u{07}")
        table.add("\u{202E}nimda", "Évron")
        let text = table.render()
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x0D || $0.value == 0x07 || $0.value == 0x202E })
        #expect(text.contains("Ana\u{FFFD}[2J\u{FFFD}[31mMartin"))
        #expect(text.contains("Évron"))
    }

    @Test("French CSV: BOM, semicolons, decimal comma, dd/mm/yyyy, RFC 4180 quoting, CRLF")
    func frenchCSV() {
        var writer = CSVWriter(language: .fr)
        let formatter = CellFormatter(language: .fr)
        writer.line(["Nom", "Heures", "Entrée"])
        writer.line([
            "Dupont; \"la Ferme\"", formatter.text(.decimal(12.5), as: .decimal),
            formatter.text(.date(LocalDate(year: 2026, month: 3, day: 9)!), as: .date),
        ])
        #expect(writer.text == "\u{FEFF}Nom;Heures;Entrée\r\n\"Dupont; \"\"la Ferme\"\"\";12,5;09/03/2026\r\n")
    }

    @Test("by the operators' own zones, the people in none read « Hors Pays » in the CLI's table and CSV, as on the dashboards")
    func outsideEveryZone() throws {
        let exits = ReportTable(
            name: "exits", columns: [ReportColumn("territory", .text), ReportColumn("exits", .count)],
            rows: [[.text("Pays de Craon (PCR)"), .int(6)], [.none, .int(3)]], totals: [[.none, .int(9)]])
        func report(_ level: TerritoryLevel?) throws -> Report {
            Report(request: ReportRequest(kind: .outcomes, period: try ReportPeriod(parsing: "2026"), dimensions: [.territory], territoryLevel: level),
                   sections: [exits])
        }
        let french = ReportRenderer(language: .fr), english = ReportRenderer(language: .en)
        #expect(french.text(try report(.pays)).contains("Hors Pays"))
        #expect(french.csv(try report(.park)).contains("Hors Parc;3"))
        #expect(english.csv(try report(.pays)).contains("Outside any Pays,3"))
        let official = french.text(try report(.department))
        #expect(official.contains("(inconnu)") && !official.contains("Hors"))
    }

    @Test("English CSV: commas, decimal point, ISO dates")
    func englishCSV() {
        var writer = CSVWriter(language: .en)
        let formatter = CellFormatter(language: .en)
        writer.line(["a,b", formatter.text(.decimal(66.666), as: .percent), formatter.text(.date(LocalDate(year: 2026, month: 3, day: 9)!), as: .date)])
        #expect(writer.text == "\u{FEFF}\"a,b\",66.7,2026-03-09\r\n")
    }

    @Test("A cell a spreadsheet would run is neutralised", arguments: ["=HYPERLINK(\"http://x\")", "+33 6", "-2+3", "@SUM(A1)", "\tx", "\rx"])
    func formulaNeutralised(cell: String) {
        var writer = CSVWriter(language: .fr)
        writer.line([cell])
        // NB: "\r\n" is one Character.
        let field = String(writer.text.dropFirst().dropLast())
        #expect(field.hasPrefix("\"'"))
        #expect(field == "\"'" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
    }

    @Test("Numbers: trailing zeros dropped, one decimal for percentages")
    func numbers() {
        let fr = CellFormatter(language: .fr)
        #expect(fr.text(.decimal(3), as: .decimal) == "3")
        #expect(fr.text(.decimal(2.25), as: .decimal) == "2,25")
        #expect(fr.text(.decimal(33.333), as: .percent) == "33,3")
        #expect(fr.text(.text("activity_created"), as: .code(.outcome)) == "Activité créée")
        #expect(CellFormatter(language: .en).text(.bool(true), as: .flag) == "yes")
    }

    @Test("Spreadsheet column names and sheet names")
    func spreadsheetNames() {
        #expect(XLSXWriter.columnName(0) == "A")
        #expect(XLSXWriter.columnName(25) == "Z")
        #expect(XLSXWriter.columnName(26) == "AA")
        #expect(XLSXWriter.columnName(27) == "AB")
        #expect(XLSXWriter.sheetNames(["Sorties: total/2026", "Sorties: total/2026"]) == ["Sorties total2026", "Sorties total2026 (2)"])
        #expect(XLSXWriter.escape("a<b & \"c\"\u{1}") == "a&lt;b &amp; &quot;c&quot;")
    }

    @Test("A workbook is a ZIP with the parts Excel needs")
    func workbookParts() throws {
        let data = try XLSXWriter(language: .fr).workbook([
            XLSXWriter.Sheet(name: "Participants", headers: ["Nom", "Entrée"], rows: [[.text("=1+1"), .date(LocalDate(year: 1970, month: 1, day: 1)!)]])
        ])
        #expect(data.prefix(2) == Data("PK".utf8))
    }
}
