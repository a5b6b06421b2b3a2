import Foundation
import ParcoursCore
import ParcoursStore
import ParcoursTestSupport
import Testing

/// The funder's files read back by independent readers: Python's `csv` and `openpyxl`.
@Suite("Funder exports and report contracts, through the binary")
struct ExportTests {
    func setUp() async throws -> ParcoursCLI { try await ParcoursCLI.withReportNetwork() }

    func temporaryDirectory() throws -> URL { try ParcoursCLI.temporaryDirectory("export") }

    /// Runs the checker; its output is "OK …" or the first difference found.
    func check(_ arguments: [String]) throws -> String {
        let result = try ChildProcess.run(
            "/usr/bin/env", ["python3", "-c", Self.checker] + arguments, captureOutput: true, separateErrors: false)
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("the ESF+ file in CSV and XLSX matches its JSON cell for cell, in French and in English", arguments: ["fr", "en"])
    func participantFileAgrees(locale: String) async throws {
        let cli = try await setUp()
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var paths: [String: String] = [:]
        for format in ["json", "csv", "xlsx"] {
            let path = directory.appending(path: "fse.\(format)").path
            let run = try await cli.run("export", "fse", "--funding", "202003945", "--named", "--format", format, "--locale", locale, "--out", path)
            #expect(run.status == 0, "\(run.errors)")
            #expect(run.errors.contains("2 participants"))
            #expect(run.errors.contains(locale == "fr"
                ? "écartés : 2 personnes accompagnées un seul jour" : "left out: 2 people accompanied on a single day"), "\(run.errors)")
            paths[format] = path
        }
        let verdict = try check([locale, paths["json"]!, paths["csv"]!, paths["xlsx"]!])
        #expect(verdict == "OK 2 rows, 32 columns, 1 neutralised", "\(verdict)")
    }

    @Test("without --named the file is pseudonymous, and standard output carries it")
    func pseudonymous() async throws {
        let cli = try await setUp()
        let run = try await cli.run("export", "fse", "--funding", "202003945", "--format", "json")
        #expect(run.status == 0)
        let file = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as! [String: Any]
        let rows = file["rows"] as! [[String: Any]]
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { $0["last_name"] == nil && $0["email"] == nil })
        #expect(rows.map { ($0["participant_id"] as! String).count } == [10, 10])
        #expect(rows[1]["exit_situation"] as? String == "Indépendant / activité créée")
        #expect((file["excluded"] as! [[String: Any]]).first?["reason"] as? String == "one_day_only")
        let csv = try await cli.run("export", "fse", "--funding", "202003945")
        #expect(csv.output.hasPrefix("\u{FEFF}Identifiant participant (EECO01);Code opération;"))
    }

    @Test("the indicator table carries each ESF+ code and official label, counted by gender, and the list it follows")
    func indicators() async throws {
        let cli = try await setUp()
        let file = try await cli.json("export", "indicators", "--funding", "202003945", "--format", "json") as! [String: Any]
        #expect((file["indicator_list"] as? String)?.contains("2021/1057") == true)
        let rows = file["rows"] as! [[String: Any]]
        let participants = try #require(rows.first { $0["code"] as? String == "EECO01" })
        #expect(participants["indicator"] as? String == "Nombre total de participants")
        #expect(participants["women"] as? Int == 1)
        #expect(participants["men"] as? Int == 1)
        #expect(participants["total"] as? Int == 2)
        let coded = rows.compactMap { $0["code"] as? String }
        #expect(coded == (1...17).map { String(format: "EECO%02d", $0) } + (1...5).map { String(format: "EECR%02d", $0) })
        let inEmployment = try #require(rows.first { $0["code"] as? String == "EECR04" })
        #expect(inEmployment["indicator"] as? String
            == "Participants exerçant un emploi, y compris à titre indépendant, au terme de leur participation")
        #expect(inEmployment["men"] as? Int == 1)
        let english = try await cli.json("export", "indicators", "--funding", "202003945", "--format", "json", "--locale", "en") as! [String: Any]
        let rural = try #require((english["rows"] as! [[String: Any]]).first { $0["code"] as? String == "EECO17" })
        #expect(rural["indicator"] as? String == "Participants from rural areas")
    }

    @Test("report --json is the documented contract")
    func reportContract() async throws {
        let cli = try await setUp()
        let report = try await cli.json("report", "outcomes", "--period", "2026-01-01..2026-06-30", "--by", "gender", "--json") as! [String: Any]
        #expect(Set(report.keys) == ["report", "period", "scope", "by", "sections", "excluded"])
        #expect(report["report"] as? String == "outcomes")
        #expect((report["period"] as! [String: Any])["from"] as? String == "2026-01-01")
        let sections = report["sections"] as! [[String: Any]]
        #expect(sections.map { $0["name"] as! String } == ["exits", "activities", "follow_up_6_months"])
        let exits = sections[0]
        let women = try #require((exits["rows"] as! [[String: Any]]).first { $0["gender"] as? String == "woman" })
        #expect(women["exits"] as? Int == 3)
        #expect(women["positive_exit_rate_pct"] as? Double == 66.7)
        #expect(((exits["totals"] as! [[String: Any]])[0]["exits"]) as? Int == 4)
        #expect((report["excluded"] as! [[String: Any]])[0]["reason"] as? String == "follow_up_missing")
    }

    @Test("a report prints a readable table in French by default")
    func readableTable() async throws {
        let cli = try await setUp()
        let run = try await cli.run("report", "outcomes", "--period", "2026-01-01..2026-06-30", "--by", "operator,territory")
        #expect(run.status == 0)
        #expect(run.output.contains("Sorties par issue"))
        #expect(run.output.contains("APESS 53"))
        #expect(run.output.contains("Mayenne (53)"))
        #expect(run.output.contains("Total"))
        #expect(run.output.contains("3 sorties sans suivi à 6 mois renseigné"))
        // What an agreement covers, in French words.
        let fundings = try await cli.run("funding", "list")
        #expect(fundings.output.contains("programmes : May'IdESS") && !fundings.output.contains("programmes:"), "\(fundings.output)")
    }

    @Test("bad report and export input exits 1 naming the field", arguments: [
        (["report", "outcomes", "--period", "2026-13"], "erreur : --period : « 2026-13 » n'est pas une période"),
        (["report", "bogus", "--period", "2026"], "erreur : NAME : « bogus » inconnu (attendu : activité, entonnoir, sorties, durées, orientations, profil, accueil, qualité)"),
        (["report", "activity", "--period", "2026", "--by", "colour"], "erreur : --by : « colour » inconnu"),
        (["report", "activity", "--period", "2026", "--territory", "99999"], "territoire « 99999 » introuvable"),
        (["export", "fse", "--funding", "NOPE"], "--funding : convention « NOPE » introuvable"),
        (["export", "fse", "--funding", "202003945", "--period", "2020"], "--period : la période 2020 est en dehors des dates de la convention"),
        (["export", "fse", "--funding", "202003945", "--locale", "de"], "--locale : langue « de » inconnue (attendu : fr ou en)"),
        (["--locale", "en", "export", "fse", "--funding", "202003945", "--period", "2020"], "error: --period: period 2020 is outside the agreement's dates"),
        (["funding", "add", "--funder", "FSE+ Pays de la Loire", "--code", "X1", "--title", "t", "--from", "2026-01-01",
          "--to", "2026-12-31", "--operator", "APESS 53"], "une convention dit quels parcours elle finance"),
    ])
    func badInput(arguments: [String], message: String) async throws {
        let cli = try await setUp()
        let run = try await cli.run(arguments: arguments, staff: nil)
        #expect(run.status == 1)
        #expect(run.errors.contains(message), "\(run.errors)")
        #expect(run.errors.split(separator: "\n").count == 1)
    }

    /// Compares the JSON export with the CSV (csv module) and the workbook (openpyxl), cell for cell.
    static let checker = #"""
        import csv, json, sys, datetime, openpyxl
        locale, json_path, csv_path, xlsx_path = sys.argv[1:5]
        document = json.load(open(json_path, encoding="utf-8"))
        columns = document["columns"]
        rows = document["rows"]
        raw = open(csv_path, "rb").read()
        assert raw.startswith(b"\xef\xbb\xbf"), "no byte-order mark"
        with open(csv_path, encoding="utf-8-sig", newline="") as f:
            lines = list(csv.reader(f, delimiter=";" if locale == "fr" else ","))
        book = openpyxl.load_workbook(xlsx_path)
        sheet = book.worksheets[0]
        # A title block names the agreement and the funder; the header row follows it.
        assert "202003945" in sheet["A1"].value and sheet["A1"].font.b, "no title %r" % sheet["A1"].value
        assert ("Financeur" if locale == "fr" else "Funder") in sheet["A2"].value, "no funder line %r" % sheet["A2"].value
        headers = [c["label"] for c in columns]
        top = next(r for r in range(1, 10) if [c.value for c in sheet[r]][:len(headers)] == headers)
        assert sheet.freeze_panes == "A%d" % (top + 1), "header not frozen: %r" % sheet.freeze_panes
        assert sheet.print_title_rows == "$%d:$%d" % (top, top), "header not repeated: %r" % sheet.print_title_rows
        setup = sheet.page_setup
        assert setup.orientation == "landscape" and setup.paperSize in (9, "9") and sheet.sheet_properties.pageSetUpPr.fitToPage, "page setup"
        assert str(setup.fitToWidth) == "1" and str(setup.fitToHeight) == "0", "not fitted to width"
        assert all(sheet.column_dimensions[c].width for c in "ABC"), "no column widths"
        assert lines[0] == headers, "CSV headers %r" % lines[0]
        assert len(lines) == len(rows) + 1 and sheet.max_row == len(rows) + top, "row counts"
        left_out = book.worksheets[1]
        assert left_out.title == ("Non comptés" if locale == "fr" else "Left out"), "no sheet of exclusions: %r" % book.sheetnames
        assert any(c.value == 2 for row in left_out.iter_rows() for c in row), "exclusions not counted"
        dates = {"entry_date", "exit_date", "birth_date", "exit_situation_date"}
        neutralised = 0
        for i, row in enumerate(rows):
            for j, column in enumerate(columns):
                key, value = column["key"], row[column["key"]]
                text, cell = lines[i + 1][j], sheet.cell(row=top + 1 + i, column=j + 1)
                where = "row %d %s" % (i + 1, key)
                if value is None:
                    assert text == "" and cell.value is None, where + ": empty expected, got %r / %r" % (text, cell.value)
                elif isinstance(value, bool):
                    assert text == {("fr", True): "oui", ("fr", False): "non", ("en", True): "yes", ("en", False): "no"}[(locale, value)], where
                    assert cell.value == text and cell.data_type == "s", where + ": yes/no cell %r" % cell.value
                elif isinstance(value, (int, float)):
                    assert float(text.replace(",", ".")) == value, where + ": %r vs %r" % (text, value)
                    assert ("," in text) == (locale == "fr" and value != int(value)), where + ": decimal separator"
                    assert cell.value == value and cell.data_type == "n", where + ": number cell %r" % cell.value
                elif key in dates:
                    day = datetime.date.fromisoformat(value)
                    assert text == (day.strftime("%d/%m/%Y") if locale == "fr" else value), where + ": CSV date %r" % text
                    assert cell.is_date and cell.value.date() == day, where + ": XLSX date %r" % cell.value
                else:
                    assert cell.value == value and cell.data_type == "s", where + ": XLSX text %r" % cell.value
                    if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
                        assert text == "'" + value, where + ": not neutralised in CSV: %r" % text
                        assert cell.quotePrefix, where + ": no quotePrefix in XLSX"
                        neutralised += 1
                    else:
                        assert text == value, where + ": %r vs %r" % (text, value)
        print("OK %d rows, %d columns, %d neutralised" % (len(rows), len(columns), neutralised))
        """#
}
