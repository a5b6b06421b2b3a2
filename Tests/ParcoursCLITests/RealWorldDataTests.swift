import Foundation
import ParcoursCore
import ParcoursStore
import ParcoursTestSupport
import Testing

/// What a coordinator's own files and France's own codes look like, through the binary.
@Suite("Real-world data in")
struct RealWorldDataTests {
    func setUp() async throws -> ParcoursCLI {
        let location = try await TestDatabase.fresh()
        try await Store.withStore(at: location, logger: TestDatabase.logger, connectTimeout: .seconds(60)) { store in
            _ = try await SmallNetwork.seed(store)
        }
        return ParcoursCLI(location: location)
    }

    /// A file as a user would hand it over, kept with the others of this test run in one directory
    /// that the run removes when it ends (they were left in /tmp, hundreds a day).
    static func file(_ name: String, _ bytes: Data) throws -> URL {
        let url = filesOfThisRun.appending(path: "\(UUID())-\(name)")
        try bytes.write(to: url)
        return url
    }

    static let filesOfThisRun: URL = {
        let directory = FileManager.default.temporaryDirectory.appending(path: "parcours-files-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: RealWorldDataTests.filesOfThisRun) }
        return directory
    }()

    /// Windows-1252 as French Excel's "CSV (séparateur: point-virgule)" writes it: no BOM, CRLF.
    static func windows1252(_ text: String) -> Data {
        Data(text.unicodeScalars.map { scalar -> UInt8 in
            switch scalar { case "€": 0x80; case "’": 0x92; case "œ": 0x9C; default: UInt8(scalar.value) }
        })
    }

    @Test("France is loaded: a commune by name or INSEE code, an ambiguous name lists its candidates, 1,200+ EPCI")
    func franceLoaded() async throws {
        let cli = try await setUp()
        let epci = try await cli.json("territory", "list", "--kind", "epci", "--json") as! [[String: Any]]
        #expect(epci.count > 1_200)
        for commune in ["Cluny", "71137", "ernee", "53014"] {
            let added = try await cli.run("carrier", "add", "--operator", "APESS 53", "--first-name", "A", "--last-name", commune, "--commune", commune)
            #expect(added.status == 0, "\(commune): \(added.errors)")
        }
        let ambiguous = try await cli.run("carrier", "add", "--operator", "APESS 53", "--first-name", "A", "--last-name", "B", "--commune", "Saint-Martin")
        #expect(ambiguous.status == 1)
        #expect(ambiguous.errors.contains("« Saint-Martin » désigne 4 territoires : Saint-Martin (Gers, 32389), "), "\(ambiguous.errors)")
    }

    @Test("French Excel's files: Windows-1252 and .xlsx import with their accents; unknown columns are refused by name and nothing is written")
    func spreadsheets() async throws {
        let cli = try await setUp()
        let csv = try Self.file("porteurs.csv", Self.windows1252(
            "Réf;Prénom;Nom;Sexe;Né(e) le;Ville;Situation\r\n"
                + "P1;Zoé;Lefèvre;F;12/03/1990;Ernée;demandeur d'emploi\r\n"
                + "P2;Gaëtan;Bœuf;H;01/02/1985;53130;salarié\r\n"
                + ";;;;;;\r\n;;;;;;\r\n"))
        let imported = try await cli.run("carrier", "import", csv.path, "--operator", "APESS 53")
        #expect(imported.status == 0, "\(imported.errors)")
        let carriers = try await cli.json("carrier", "list", "--json") as! [[String: Any]]
        #expect(Set(carriers.compactMap { $0["last_name"] as? String }).isSuperset(of: ["Lefèvre", "Bœuf"]))
        #expect(carriers.first { $0["last_name"] as? String == "Lefèvre" }?["commune"] as? String == "Ernée")

        // The same people with two columns Parcours does not read: refused naming them, nothing written.
        let unknown = try Self.file("porteurs2.csv", Self.windows1252(
            "Réf;Prénom;Nom;Sexe;Né(e) le;Code postal;Ville;Observations\r\nP3;Léa;Martin;F;12/03/1991;53500;Ernée;à rappeler\r\n"))
        let refused = try await cli.run("carrier", "import", unknown.path, "--operator", "APESS 53")
        #expect(refused.status == 1)
        #expect(refused.errors.contains("colonnes non reconnues : Code postal, Observations"), "\(refused.errors)")
        #expect((try await cli.json("carrier", "list", "--json") as! [Any]).count == carriers.count)
        let ignored = try await cli.run("carrier", "import", unknown.path, "--operator", "APESS 53", "--ignore-column", "Code postal",
                                        "--ignore-column", "Observations")
        #expect(ignored.status == 0, "\(ignored.errors)")

        // A bad cell names the user's own column and line, in French.
        let bad = try Self.file("porteurs3.csv", Data("Prénom;Nom;Né(e) le\nAnne;Roy;31/02/1990\n".utf8))
        let badRun = try await cli.run("carrier", "import", bad.path, "--operator", "APESS 53")
        #expect(badRun.errors.contains("ligne 2 : \"Né(e) le\" : « 31/02/1990 » n'est pas une date"), "\(badRun.errors)")

        // An .xlsx workbook, its date cells as Excel stores them (numbers with a date format).
        let workbook = Self.filesOfThisRun.appending(path: "\(UUID())-porteurs.xlsx")
        let script = """
            import datetime, sys, openpyxl
            wb = openpyxl.Workbook(); ws = wb.active; ws.title = "Porteurs"
            ws.append(["Prénom", "Nom", "Date de naissance", "Commune"])
            ws.append(["Hélène", "Côté", datetime.date(1988, 7, 14), "Cluny"])
            ws.append([None, None, None, None])
            wb.create_sheet("Notes").append(["rien"])
            wb.save(sys.argv[1])
            """
        _ = try ChildProcess.run("/usr/bin/env", ["python3", "-c", script, workbook.path], captureOutput: true)
        let xlsx = try await cli.run("carrier", "import", workbook.path, "--operator", "APESS 53")
        #expect(xlsx.status == 0, "\(xlsx.errors)")
        let helene = (try await cli.json("carrier", "list", "--json") as! [[String: Any]]).first { $0["last_name"] as? String == "Côté" }
        #expect(helene?["birth_date"] as? String == "1988-07-14")
        let noSheet = try await cli.run("carrier", "import", workbook.path, "--operator", "APESS 53", "--sheet", "Absente")
        #expect(noSheet.errors.contains("le classeur n'a pas de feuille « Absente » (feuilles : Porteurs, Notes)"), "\(noSheet.errors)")
    }

    @Test("a file of 3,000 people read in chunks, never whole: problems far apart and a reference listed twice are reported in one round, in line order; the fixed file imports")
    func largeFileInChunks() async throws {
        let cli = try await setUp()
        let before = (try await cli.json("carrier", "list", "--json") as! [Any]).count
        // ≈ 190 kB in Windows-1252: three chunks of the reader, an accent in every line.
        func line(_ i: Int) -> String { "G\(i);Zoé;Lefèvre-\(i);F;12/03/1990;Ernée;zoe\(i)@exemple.fr;demandeur d'emploi;\"rue de l'Église\r\nbâtiment \(i)\"\r\n" }
        var lines = (1...3_000).map(line)
        lines[9] = "G10;Zoé;Lefèvre-10;Q;12/03/1990;Ernée;zoe10@exemple.fr;demandeur d'emploi;\r\n"  // an unknown gender, line 20
        lines[2_899] = "G7;;Lefèvre-2900;F;12/03/1990;Ernée;zoe2900@exemple.fr;demandeur d'emploi;\r\n"  // no first name, G7 again
        let header = "Réf;Prénom;Nom;Sexe;Né(e) le;Ville;Courriel;Situation;Adresse\r\n"
        let big = try Self.file("porteurs.csv", Self.windows1252(header + lines.joined()))
        // The address is not Parcours's to keep: read (a quoted line break), not imported.
        let refused = try await cli.run("carrier", "import", big.path, "--operator", "APESS 53", "--ignore-column", "Adresse")
        #expect(refused.status == 1)
        // Each person's line is two lines of the file (an address on two lines): G10 starts on line 20.
        let problems = refused.errors.split(separator: "\n").dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(problems.count == 3, "\(refused.errors)")
        #expect(problems.first?.hasPrefix("ligne 20 : \"Sexe\" : « Q » inconnu") == true, "\(refused.errors)")
        #expect(problems.dropFirst().first == "ligne 5799 : \"Prénom\" : obligatoire", "\(refused.errors)")
        #expect(problems.last == "ligne 5799 : \"Réf\" : la référence « G7 » figure déjà ligne 14", "\(refused.errors)")
        #expect((try await cli.json("carrier", "list", "--json") as! [Any]).count == before)

        lines[9] = line(10)
        lines[2_899] = line(2_900)
        let fixed = try Self.file("porteurs.csv", Self.windows1252(header + lines.joined()))
        let imported = try await cli.run("carrier", "import", fixed.path, "--operator", "APESS 53", "--ignore-column", "Adresse")
        #expect(imported.status == 0, "\(imported.errors)")
        #expect(imported.output.contains("3000 porteurs importés"), "\(imported.output)")
        let listed = try await cli.json("carrier", "list", "--limit", "1", "--json") as! [[String: Any]]
        #expect(listed.first?["last_name"] as? String == "Lefèvre-3000")
        #expect(listed.first?["commune"] as? String == "Ernée")
    }

    @Test("journey import and session import: a spreadsheet's histories and attendance, checked by the pathway's rules; one bad line is named and nothing is written, the fixed file imports once")
    func historyImport() async throws {
        let cli = try await setUp()
        for arguments in [["programme", "add", "Couveuse 53", "--operator", "APESS 53", "--phases", "idea,modules,incubation,pitch,orientation"],
                          ["cohort", "add", "2025", "--programme", "Couveuse 53"],
                          ["partner", "add", "Coopérer pour Entreprendre", "--kind", "cae"]] {
            let run = try await cli.run(arguments: arguments, staff: nil)
            #expect(run.status == 0, "\(run.errors)")
        }
        let people = try Self.file("porteurs.csv", Data("ref;prénom;nom\nH1;Zoé;Lefèvre\nH2;Gaëtan;Bœuf\n".utf8))
        #expect(try await cli.run("carrier", "import", people.path, "--operator", "APESS 53").status == 0)

        let header = "Réf;Programme;Promotion;Événement;Vers;Date;Motif;CAPE début;CAPE fin;Jury;Partenaire;Forme juridique\n"
        func history(capeEnd: String) -> String {
            header
                + "H1;Couveuse 53;2025;ouverture;;06/01/2025;;;;;;\n"
                + "H2;May'IdESS;;ouverture;;10/01/2025;;;;;;\n"
                + "H1;Couveuse 53;;avancée;modules;03/02/2025;;;;;;\n"
                + "H1;Couveuse 53;;avancée;couveuse;03/03/2025;;03/03/2025;\(capeEnd);;;\n"
                + "H2;May'IdESS;;pause;;01/03/2025;congé maternité;;;;;\n"
                + "H1;Couveuse 53;;avancée;pitch;01/09/2025;;;;;;\n"
                + "H1;Couveuse 53;;avancée;orientation;15/09/2025;;;;favorable;Coopérer pour Entreprendre;\n"
                + "H2;May'IdESS;;reprise après pause;;01/06/2025;;;;;;\n"
                + "H1;Couveuse 53;;sortie;activité créée;01/10/2025;;;;;;SCOP\n"
                + "H2;May'IdESS;;sortie;abandon;15/06/2025;déménagement;;;;;\n"
        }
        let before = (try await cli.json("journey", "list", "--json") as! [Any]).count

        // A dry run makes the database's checks too: a person nobody imported is refused, as the real run refuses it.
        let stranger = try Self.file("inconnu.csv", Data((header + "H9;May'IdESS;;ouverture;;10/01/2025;;;;;;\n").utf8))
        let dry = try await cli.run("journey", "import", stranger.path, "--operator", "APESS 53", "--dry-run")
        #expect(dry.status == 1, "\(dry.output)")
        #expect(dry.errors.contains("ligne 2 : "), "\(dry.errors)")
        let fine = try await cli.run("journey", "import", try Self.file("h1.csv", Data(history(capeEnd: "02/03/2026").utf8)).path,
                                     "--operator", "APESS 53", "--dry-run")
        #expect(fine.status == 0 && fine.output.contains("10 lignes vérifiées"), "\(fine.output) \(fine.errors)")
        #expect((try await cli.json("journey", "list", "--json") as! [Any]).count == before)

        // Entering incubation without a CAPE (no end date on line 5): refused, naming the line; nothing written.
        let bad = try Self.file("historique.csv", Data(history(capeEnd: "").utf8))
        let refused = try await cli.run("journey", "import", bad.path, "--operator", "APESS 53")
        #expect(refused.status == 1)
        #expect(refused.errors.contains("ligne 5 : "), "\(refused.errors)")
        #expect(refused.errors.contains("CAPE"), "\(refused.errors)")
        #expect(!refused.errors.contains("ligne 4 "), "\(refused.errors)")
        #expect((try await cli.json("journey", "list", "--json") as! [Any]).count == before)

        let fixed = try Self.file("historique.csv", Data(history(capeEnd: "02/03/2026").utf8))
        let imported = try await cli.run("journey", "import", fixed.path, "--operator", "APESS 53")
        #expect(imported.status == 0, "\(imported.errors)")
        #expect(imported.output.contains("2 parcours importés (10 événements)"), "\(imported.output)")
        let journeys = try await cli.json("journey", "list", "--json") as! [[String: Any]]
        #expect(journeys.count == before + 2)
        let states = Set(journeys.compactMap { $0["phase"] as? String })
        #expect(states.isSuperset(of: ["activity_created", "withdrawn"]), "\(journeys)")

        // Its whole story, as if typed one change at a time: the CAPE, the jury, the referral, the activity.
        let created = try #require(journeys.first { $0["phase"] as? String == "activity_created" })
        let shown = try await cli.run("journey", "history", "\(created["id"]!)")
        #expect(shown.status == 0, "\(shown.errors)")
        for expected in ["03/03/2025", "favorable", "Coopérer pour Entreprendre", "scop"] {
            #expect(shown.output.lowercased().contains(expected.lowercased()), "\(expected) in \(shown.output)")
        }

        // The same file twice would double the histories: refused.
        let again = try await cli.run("journey", "import", fixed.path, "--operator", "APESS 53")
        #expect(again.status == 1)
        #expect(again.errors.contains("ce fichier a-t-il déjà été importé"), "\(again.errors)")

        // Attendance of many sessions, one line per person and session: a line whose carrier has no
        // journey open that day in the programme is refused by name, and nothing is written.
        let sheet = "Programme;Promotion;Type;Séance;Début;Durée;Réf;Présence;Minutes\n"
            + "Couveuse 53;2025;atelier;Atelier idée;13/01/2025 14:00;120;H1;présent;\n"
            + "Couveuse 53;2025;module;Module gestion;10/02/2025 09h30;180;H1;présent;150\n"
        let wrong = try Self.file("presences.csv", Data((sheet + "Couveuse 53;2025;module;Module gestion;10/02/2025 09:30;180;H2;absent;\n").utf8))
        let refusedSheet = try await cli.run("session", "import", wrong.path, "--operator", "APESS 53")
        #expect(refusedSheet.status == 1)
        #expect(refusedSheet.errors.contains("ligne 4 : \"Réf\" : « H2 » n'a pas de parcours dans « Couveuse 53 » ouvert le 10/02/2025"), "\(refusedSheet.errors)")
        #expect((try await cli.json("session", "list", "--json") as! [Any]).isEmpty)
        // A person twice at one session (the start written otherwise) and a bad duration, in one round.
        let doubled = try Self.file("presences.csv", Data((sheet + "Couveuse 53;2025;atelier;Atelier idée;13/01/2025 14h00;0;H1;présent;\n").utf8))
        let refusedTwice = try await cli.run("session", "import", doubled.path, "--operator", "APESS 53")
        #expect(refusedTwice.status == 1)
        #expect(refusedTwice.errors.contains("ligne 4 : \"Durée\" : "), "\(refusedTwice.errors)")
        #expect(refusedTwice.errors.contains("ligne 4 : \"Réf\" : la référence « H1 » figure déjà ligne 2"), "\(refusedTwice.errors)")
        // A line the file alone refuses and one only the database refuses: both in one answer, the dry run's as the real run's.
        let both = try Self.file("presences.csv", Data((sheet
            + "Couveuse 53;2025;atelier;Atelier idée;13/01/2025 14:00;120;H2;présent;\n"
            + "Couveuse 53;2025;module;Module compta;17/02/2025 09:30;180;H1;peut-être;\n").utf8))
        for dryRun in [["--dry-run"], []] {
            let oneRound = try await cli.run(arguments: ["session", "import", both.path, "--operator", "APESS 53"] + dryRun, staff: nil)
            #expect(oneRound.status == 1)
            #expect(oneRound.errors.contains("2 problème(s)"), "\(oneRound.errors)")
            #expect(oneRound.errors.contains("ligne 4 : \"Réf\" : « H2 » n'a pas de parcours dans « Couveuse 53 » ouvert le 13/01/2025"), "\(oneRound.errors)")
            #expect(oneRound.errors.contains("ligne 5 : \"Présence\" : « peut-être » inconnu"), "\(oneRound.errors)")
        }
        // The réunion d'information is a session kind, in the coordinator's words.
        let information = try Self.file("reunion.csv", Data((sheet.prefix { $0 != "\n" } + "\n"
            + "Couveuse 53;2025;réunion d'information;Présentation du parcours;06/01/2025 10:00;90;H1;présent;\n").utf8))
        let met = try await cli.run("session", "import", information.path, "--operator", "APESS 53")
        #expect(met.status == 0, "\(met.errors)")
        #expect((try await cli.json("session", "list", "--json") as! [[String: Any]]).map { $0["kind"] as? String } == ["information"])
        let right = try Self.file("presences.csv", Data(sheet.utf8))
        let recorded = try await cli.run("session", "import", right.path, "--operator", "APESS 53")
        #expect(recorded.output.contains("2 présences enregistrées (2 séances créées), 0 déjà connues"), "\(recorded.output) \(recorded.errors)")
        let twice = try await cli.run("session", "import", right.path, "--operator", "APESS 53")
        #expect(twice.output.contains("0 présences enregistrées (0 séances créées), 2 déjà connues"), "\(twice.output) \(twice.errors)")
        let hours = try await cli.run("journey", "show", "\(created["id"]!)")
        #expect(hours.output.contains("6,0 h d'accompagnement"), "\(hours.output)")  // 4,5 h of sessions and the 1,5 h information meeting
    }

    @Test("bench generate: a network on France's départements, through the imports' own checks; the same seed gives the same network")
    func benchGenerate() async throws {
        let cli = try await setUp()
        let run = try await cli.run("bench", "generate", "--operators", "2", "--carriers", "60", "--seed", "7")
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("réseau généré : 2 opérateurs, 60 porteurs"), "\(run.output)")
        let journeys = try await cli.json("journey", "list", "--json") as! [[String: Any]]
        let states = Set(journeys.compactMap { $0["phase"] as? String })
        #expect(journeys.count >= 60)
        #expect(states.contains("activity_created") && states.contains("withdrawn"), "\(states)")
        #expect(try await cli.run("audit", "verify").status == 0)

        let again = try await ParcoursCLI(location: try await TestDatabase.fresh()).run("bench", "generate", "--operators", "2", "--carriers", "60", "--seed", "7")
        func counts(_ output: String) -> String { output.replacingOccurrences(of: #"en \d+ s"#, with: "", options: .regularExpression) }
        #expect(again.status == 0, "\(again.errors)")
        #expect(counts(again.output) == counts(run.output))
        let refused = try await cli.run("bench", "generate", "--operators", "0")
        #expect(refused.status != 0)
        #expect(refused.errors.contains("--operators : entre 1 et 500"), "\(refused.errors)")
    }

    @Test("zoning import: FRR by commune from a date; an unknown code refuses its line and nothing is recorded")
    func zoningImport() async throws {
        let cli = try await setUp()
        let list = try Self.file("frr.csv", Data("CODGEO;LIBGEO;FRR\n53147;Mayenne;oui\n53130;Laval;non\n71137;Cluny;FRR\n".utf8))
        let run = try await cli.run("zoning", "import", list.path, "--kind", "frr", "--from", "01/07/2024")
        #expect(run.output == "2 lignes enregistrées : FRR du 01/07/2024 au (sans fin)\n", "\(run.errors)")
        let bad = try Self.file("frr2.csv", Data("CODGEO;LIBGEO\n53147;Mayenne\n99999;Nulle part\n".utf8))
        let refused = try await cli.run("zoning", "import", bad.path, "--kind", "frr-plus", "--from", "01/01/2025")
        #expect(refused.status == 1)
        #expect(refused.errors.contains("ligne 3 : « 99999 » n'est ni une commune ni un EPCI connus"), "\(refused.errors)")
    }
    @Test("bad input that slipped (issue 24): invalid UTF-8 and a cut line named by their line, a year 0232 by its line and column, dates in 9999 refused")
    func badInputNamed() async throws {
        let cli = try await setUp()
        // Invalid UTF-8 on line 3 of a file said to be UTF-8.
        var bytes = Array("ref;prénom;nom\nA1;Zoé;Lefèvre\nA2;G".utf8) + [0xE9, 0x74] + Array("an;Bœuf\n".utf8)
        let notUTF8 = try Self.file("utf8.csv", Data(bytes))
        let encoding = try await cli.run("carrier", "import", notUTF8.path, "--operator", "APESS 53", "--encoding", "utf-8")
        #expect(encoding.status == 1)
        #expect(encoding.errors.contains("ligne 3 : "), "\(encoding.errors)")
        // A line cut after its second cell (2 cells of 3): refused, nothing written.
        bytes = Array("ref;prénom;nom\nA1;Zoé;Lefèvre\nA2;Gaëtan\nA3;Inès;Petit\n".utf8)
        let cut = try await cli.run("carrier", "import", try Self.file("cut.csv", Data(bytes)).path, "--operator", "APESS 53")
        #expect(cut.status == 1)
        #expect(cut.errors.contains("ligne 3 : 2 cellules seulement, mais l'en-tête a 3 colonnes"), "\(cut.errors)")
        #expect((try await cli.json("carrier", "list", "--json") as? [Any])?.count == 0)

        // A year typed 0232: refused naming its line and the file's column, not a CLI option.
        #expect(try await cli.run("carrier", "import", try Self.file("p.csv", Data("ref;prénom;nom\nH1;Zoé;Lefèvre\n".utf8)).path,
                                  "--operator", "APESS 53").status == 0)
        let history = "Réf;Programme;Événement;Vers;Date\nH1;May'IdESS;ouverture;;06/01/0232\n"
        let year = try await cli.run("journey", "import", try Self.file("h.csv", Data(history.utf8)).path, "--operator", "APESS 53")
        #expect(year.status == 1)
        #expect(year.errors.contains("ligne 2 : \"Date\""), "\(year.errors)")
        #expect(!year.errors.contains("--opened-on"), "\(year.errors)")

        // The year 9999: not a profile's date, nor a cohort's start.
        let profile = try await cli.run("carrier", "profile", "1", "--labour", "demandeur d'emploi", "--on", "31/12/9999")
        #expect(profile.status == 1)
        #expect(profile.errors.contains("31/12/9999 est dans le futur"), "\(profile.errors)")
        let cohort = try await cli.run("cohort", "add", "Promo 9999", "--programme", "May'IdESS", "--starts-on", "31/12/9999")
        #expect(cohort.status == 1)
        #expect(cohort.errors.contains("31/12/9999 est trop lointaine"), "\(cohort.errors)")
    }
}
