import Foundation
import ParcoursCore
import ParcoursTestSupport
import Testing

@Suite("Dates")
struct LocalDateTests {
    @Test("strict ISO dates", arguments: [
        ("2026-02-28", true), ("2024-02-29", true), ("2026-02-29", false), ("2026-13-01", false),
        ("2026-1-01", false), ("01/02/2026", false), ("", false), ("2026-04-31", false),
        ("+202-01-01", false), ("2026-01-01 ", false), ("2026-01-1a", false), ("2026/01/01", false), ("0000-01-01", false),
        ("２０２６-01-01", false), ("1900-02-29", false), ("2000-02-29", true),
    ])
    func parsing(text: String, valid: Bool) {
        #expect((LocalDate(iso: text) != nil) == valid)
        if valid { #expect(LocalDate(iso: text)?.iso == text) }
    }

    @Test("day arithmetic round-trips across months and leap years")
    func arithmetic() {
        let start = LocalDate(year: 2024, month: 2, day: 28)!
        #expect(start.adding(days: 1).iso == "2024-02-29")
        #expect(start.adding(days: 2).iso == "2024-03-01")
        #expect(start.adding(days: 366).iso == "2025-02-28")
        #expect(start.days(until: LocalDate(year: 2026, month: 2, day: 28)!) == 731)
        #expect(LocalDate(daysSinceEpoch: 0).iso == "1970-01-01")
    }
}

@Suite("CSV as spreadsheets write it")
struct CSVTests {
    @Test("semicolons, BOM, CRLF, quotes with separators, doubled quotes and line breaks")
    func frenchExcel() throws {
        let text = "\u{FEFF}code;nom;type\r\n53;Mayenne;département\r\n\"53130\";\"Laval; ville\";commune\r\nx;\"dit \"\"le\"\" bocage\nsud\";pays\r\n"
        let table = try CSVTable(parsing: text)
        #expect(table.header == ["code", "nom", "type"])
        #expect(table.rows.map(\.line) == [2, 3, 4])
        #expect(table.rows[1].fields == ["53130", "Laval; ville", "commune"])
        #expect(table.rows[2].fields[1] == "dit \"le\" bocage\nsud")
        #expect(table.column(["name", "nom"]) == 1)
    }

    @Test("commas when the header has more commas than semicolons")
    func commas() throws {
        let table = try CSVTable(parsing: "code,name\n1,\"A, B\"\n")
        #expect(table.rows[0].fields == ["1", "A, B"])
    }

    @Test("malformed quoting names the line", arguments: [
        ("code;name\n1;\"open\n2;x\n", CSVError.unterminatedQuote(line: 2)),
        ("code;name\n1;ab\"c\n", CSVError.strayQuote(line: 2)),
        ("", CSVError.empty),
    ])
    func malformed(text: String, expected: CSVError) {
        #expect(throws: expected) { try CSVTable(parsing: text) }
    }
}

@Suite("Territory import")
struct TerritoryImportTests {
    @Test("a tree in any order comes back parents first")
    func parentsFirst() throws {
        let table = try CSVTable(parsing: """
            code;nom;type;code_parent;rural
            53130;Laval;commune;53;non
            53;Mayenne;département;52;
            52;Pays de la Loire;région;;
            53147;Mayenne;commune;53;oui
            """)
        let rows = try TerritoryImport.rows(from: table, existingKinds: [:])
        #expect(rows.map(\.code) == ["52", "53", "53130", "53147"])
        #expect(rows.last?.rural == true)
    }

    @Test("every bad line is reported with its number; a parent may already be stored")
    func everyBadLine() throws {
        let table = try CSVTable(parsing: """
            code,name,kind,parent
            85,Vendée,department,52
            85182,Pouzauges,village,85
            ,Sans code,commune,85
            85109,Les Herbiers,commune,99
            85,Vendée bis,department,52
            52x,Région,region,85
            """)
        do {
            _ = try TerritoryImport.rows(from: table, existingKinds: ["52": .region])
            Issue.record("expected problems")
        } catch {
            #expect(error.code == .nothingDone)
            #expect(error.problems.map(\.line) == [3, 4, 5, 6, 7])
            #expect(error.problems[0].refusal == Refusal(.unknownChoice, field: "\"kind\"", [
                "value": "village", "expected": TerritoryKind.allCases.map(\.rawValue).joined(separator: ", "), "vocabulary": "territory_kind",
            ]))
            #expect(error.problems[2].refusal == Refusal(.territoryParentUnknown, field: "\"parent\"", ["value": "99"]))
            #expect(error.problems[3].refusal == Refusal(.refListedTwice, field: "\"code\"", ["value": "85", "line": "2"]))
            #expect(error.problems[4].refusal == Refusal(.territoryParentKind, field: "\"parent\"", ["kind": "region", "parent": "department"]))
        }
    }

    @Test("missing required columns are named")
    func missingColumns() throws {
        let table = try CSVTable(parsing: "code;label\n1;x\n")
        // "label" is not a column Parcours reads: named first, with what is expected.
        #expect(throws: Refusal.nothingDone([.init(line: 1, Refusal(.unknownColumns, [
            "columns": "label", "expected": "code, nom, type, code_parent, rural",
        ]))])) {
            try TerritoryImport.rows(from: table, existingKinds: [:])
        }
        #expect(throws: Refusal.nothingDone([.init(line: 1, Refusal(.missingColumn, ["column": "nom", "header": "code, label"]))])) {
            try TerritoryImport.rows(from: table, existingKinds: [:], ignoring: ["label"])
        }
    }
}

@Suite("Attendance files")
struct AttendanceFileTests {
    @Test("a sign-in sheet's French headers are read, a name column read past; an unknown column is refused by name")
    func signInSheet() throws {
        let sheet = try CSVTable(parsing: "Porteur;Nom;Statut;Durée\r\n12;Zoé Lefèvre;présent;180\r\n13;Gaëtan Bœuf;excusé;\r\n;;;\r\n")
        let entries = try AttendanceImport.entries(from: sheet)
        #expect(entries.map(\.status) == [.present, .excused])
        #expect(entries.map(\.minutes) == [180, nil])
        #expect(throws: Refusal.nothingDone([.init(line: 1, Refusal(.unknownColumns, [
            "columns": "Commentaire", "expected": "porteur, statut, minutes, nom",
        ]))])) {
            try AttendanceImport.entries(from: try CSVTable(parsing: "Porteur;Statut;Commentaire\n12;présent;retard\n"))
        }
        #expect(throws: Refusal.nothingDone([.init(line: 2, Refusal(.unknownChoice, field: "\"Statut\"", [
            "value": "peut-être", "expected": "present, excused, absent", "vocabulary": "attendance",
        ]))])) {
            try AttendanceImport.entries(from: try CSVTable(parsing: "Porteur;Statut\n12;peut-être\n"))
        }
    }
}

@Suite("Trimming without Foundation")
struct TrimmingTests {
    @Test("`trimmed` is what trimmingCharacters(in: .whitespaces) gives, for blanks of every kind and none")
    func sameAsFoundation() {
        let blanks: [Character] = [" ", "\t", "\u{00A0}", "\u{2009}", "\u{3000}", "\u{202F}"]
        let inner: [Character] = ["a", "é", "\n", "-", "\u{00A0}", "\u{200B}", "🙂", " "]
        var random = SeededRandom(seed: 11)
        for _ in 0..<2_000 {
            let text = String((0..<Int.random(in: 0...7, using: &random)).map { _ in
                Bool.random(using: &random) ? blanks.randomElement(using: &random)! : inner.randomElement(using: &random)!
            })
            #expect(text.trimmed == text.trimmingCharacters(in: .whitespaces), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        #expect("".trimmed == "" && "  \t ".trimmed == "" && " Zoé ".trimmed == "Zoé")
    }
}
