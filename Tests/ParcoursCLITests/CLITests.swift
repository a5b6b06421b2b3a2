import Foundation
import ParcoursCore
import ParcoursStore
import ParcoursTestSupport
import Testing

/// The real binary: exit statuses, one-line errors, --json contracts, nothing half-written.
@Suite("parcours, the command line")
struct CLITests {
    /// A fresh database with the small network and one May'IdESS journey in `pitch` (version 2).
    func setUp() async throws -> (ParcoursCLI, Store.Snapshot) {
        let location = try await TestDatabase.fresh()
        let snapshot = try await Store.withStore(at: location, logger: TestDatabase.logger, connectTimeout: .seconds(60)) { store in
            let network = try await SmallNetwork.seed(store)
            let carrier = try await network.addCarrier(store, to: network.apess)
            let other = try await network.addCarrier(store, to: network.ronalpia, name: "Bob")
            let journey = try await store.transaction(as: .administrator) { tx in
                try await SmallNetwork.journeyInPitch(carrier: carrier, programme: network.mayIdESS, tx: tx)
            }
            return Store.Snapshot(journey: journey, carrier: carrier, otherOperatorsCarrier: other)
        }
        return (ParcoursCLI(location: location), snapshot)
    }

    func events(_ cli: ParcoursCLI, _ journey: JourneyID) async throws -> Int {
        (try await cli.json("journey", "history", journey.description, "--json") as! [Any]).count
    }

    @Test("a refused transition exits 1 with one line naming the journey, its phase and the rule")
    func refusedTransition() async throws {
        let (cli, s) = try await setUp()
        let run = try await cli.run("journey", "advance", s.journey.description, "--to", "idea")
        #expect(run.status == 1)
        #expect(run.errors == "erreur : --to : le parcours n° \(s.journey) est en phase « pitch » ; « idée » n'est atteignable qu'en revenant en arrière (reprise, avec un motif)\n")
        let english = try await cli.run("journey", "advance", s.journey.description, "--to", "idea", "--locale", "en")
        #expect(english.errors == "error: --to: journey \(s.journey) is in phase 'pitch'; 'idea' is reachable only by going back (a rework, with a reason)\n")
        #expect(try await events(cli, s.journey) == 2)
    }

    @Test("two staff advancing the same version at once: one succeeds, the other exits 3")
    func concurrentAdvances() async throws {
        let (cli, s) = try await setUp()
        async let first = cli.run("journey", "advance", s.journey.description, "--to", "orientation", "--expect-version", "2")
        async let second = cli.run("journey", "advance", s.journey.description, "--to", "orientation", "--expect-version", "2",
                                   staff: "claire@apess53.fr")
        let statuses = try await [first.status, second.status].sorted()
        #expect(statuses == [0, 3])
        #expect(try await events(cli, s.journey) == 3)
    }

    @Test("usage errors exit 2", arguments: [["journey", "advance"], ["journey", "list", "--bogus"], ["frobnicate"]])
    func usage(arguments: [String]) async throws {
        let (cli, _) = try await setUp()
        #expect(try await cli.run(arguments: arguments, staff: nil).status == 2)
    }

    @Test("bad input exits 1, names the field and leaves the database unchanged", arguments: [
        (["--to", "pitsh"], "erreur : --to : « pitsh » inconnu (attendu : idée, ateliers, modules, couveuse, pitch, orientation)"),
        (["--to", "orientation", "--on", "2999-01-01"], "erreur : --on : le parcours n° JID ne peut pas changer le 01/01/2999 : c'est dans le futur (nous sommes le TODAY)"),
        (["--to", "orientation", "--on", "31/02/2026"], "erreur : --on : « 31/02/2026 » n'est pas une date (attendu JJ/MM/AAAA ou AAAA-MM-JJ)"),
        (["--to", "orientation", "--expect-version", "deux"], "erreur : --expect-version : « deux » n'est pas un nombre entier"),
    ])
    func badInput(extra: [String], expected: String) async throws {
        let (cli, s) = try await setUp()
        let run = try await cli.run(arguments: ["journey", "advance", s.journey.description] + extra, staff: nil)
        #expect(run.status == 1)
        let today = LocalDate(Date(), in: .paris)
        let todayFrench = String(format: "%02d/%02d/%04d", today.day, today.month, today.year)
        #expect(run.errors == expected.replacingOccurrences(of: "JID", with: s.journey.description).replacingOccurrences(of: "TODAY", with: todayFrench) + "\n")
        #expect(try await events(cli, s.journey) == 2)
    }

    @Test("a rework needs a reason; with one, the history keeps it")
    func reworkReason() async throws {
        let (cli, s) = try await setUp()
        let refused = try await cli.run("journey", "rework", s.journey.description, "--to", "modules")
        #expect(refused.status == 1)
        #expect(refused.errors == "erreur : --reason : un motif est obligatoire (parcours n° \(s.journey))\n")
        let done = try await cli.run("journey", "rework", s.journey.description, "--to", "modules", "--reason", "jury : revoir le modèle économique")
        #expect(done.status == 0)
        let history = try await cli.json("journey", "history", s.journey.description, "--json") as! [[String: Any]]
        #expect(history.last?["reason"] as? String == "jury : revoir le modèle économique")
        #expect(history.last?["kind"] as? String == "rework")
    }

    @Test("an exited journey is final")
    func exitIsFinal() async throws {
        let (cli, s) = try await setUp()
        let missing = try await cli.run("journey", "exit", s.journey.description, "--outcome", "activity-created")
        #expect(missing.errors == "erreur : --legal-form : obligatoire pour une sortie « activité-créée »\n")
        let exit = try await cli.run(
            "journey", "exit", s.journey.description, "--outcome", "activity-created", "--legal-form", "scic",
            "--activity-date", LocalDate(Date(), in: .paris).iso, "--jobs", "1.5")
        #expect(exit.status == 0)
        let run = try await cli.run("journey", "resume", s.journey.description)
        #expect(run.status == 1)
        #expect(run.errors == "erreur : le parcours n° \(s.journey) est terminé (« activité-créée ») et ne change plus ; ouvrez un nouveau parcours, ou corrigez une sortie erronée (journey correct)\n")
    }

    @Test("a mistaken exit is corrected, then cancelled, in French words, each with its reason; the history keeps what was recorded")
    func mistakenExitCorrected() async throws {
        let (cli, s) = try await setUp()
        let id = s.journey.description
        #expect(try await cli.run("journey", "exit", id, "--outcome", "abandon").status == 0)
        let noReason = try await cli.run("journey", "correct", id, "--outcome", "emploi")
        #expect(noReason.status == 1 && noReason.errors == "erreur : --reason : obligatoire\n")
        let corrected = try await cli.run("journey", "correct", id, "--outcome", "emploi", "--reason", "erreur de saisie : a trouvé un CDI")
        #expect(corrected.output == "Parcours n° \(id) (Ana Martin) : emploi (version 3)\n", "\(corrected.errors)")
        let mixed = try await cli.run("journey", "correct", id, "--cancel", "--on", "01/01/2026", "--reason", "x")
        #expect(mixed.errors == "erreur : --on : --cancel annule l'étape entière : ne donnez pas en même temps de nouvelle valeur\n")
        // Every ended journey at once, whatever its outcome.
        let ended = try await cli.json("journey", "list", "--phase", "sortis", "--json") as? [[String: Any]]
        #expect(ended?.map { $0["id"] as? Int } == [Int(s.journey.rawValue)])
        let cancelled = try await cli.run("journey", "correct", id, "--cancel", "--reason", "pas encore sorti")
        #expect(cancelled.output == "Parcours n° \(id) (Ana Martin) : pitch (version 2)\n", "\(cancelled.errors)")
        let history = try await cli.run("journey", "history", id)
        let day = LocalDate(Date(), in: .paris), today = String(format: "%02d/%02d/%04d", day.day, day.month, day.year)
        #expect(history.output.contains("Correction : Sortie du \(today)"), "\(history.output)")
        #expect(history.output.contains("saisie : abandon — erreur de saisie : a trouvé un CDI"))
        #expect(history.output.contains("Annulation : Sortie du \(today)"))
        #expect(history.output.contains("saisie : emploi — pas encore sorti"))
        // Nothing left to cancel but steps: the opening stays.
        #expect(try await cli.run("journey", "correct", id, "--cancel", "--reason", "x").status == 0)
        let opening = try await cli.run("journey", "correct", id, "--cancel", "--reason", "x")
        #expect(opening.errors == "erreur : le parcours n° \(id) n'a que son ouverture : elle ne se corrige pas (seules les étapes suivantes se corrigent ou s'annulent)\n")
    }

    @Test("a subject-access answer a person can read, and an audit log in French on the Paris clock")
    func readableSubjectAccess() async throws {
        let (cli, s) = try await setUp()
        #expect(try await cli.run("journey", "exit", s.journey.description, "--outcome", "emploi", "--reason", "CDI trouvé").status == 0)
        let page = try await cli.run("carrier", "export-data", s.carrier.description, "--format", "html")
        #expect(page.status == 0, "\(page.errors)")
        let day = LocalDate(Date(), in: .paris), today = String(format: "%02d/%02d/%04d", day.day, day.month, day.year)
        for expected in ["Vos données dans Parcours — Ana Martin", "Pitch devant le jury", "Passage de phase", "Emploi", "CDI trouvé",
                         "(heure de Paris)", today, "ligne de commande", "parcours n° \(s.journey) : sortie"] {
            #expect(page.output.contains(expected), "\(expected)")
        }
        for code in ["\"pitch\"", ">advance<", ">employed<", ">change<", ">cli<", "T12:", "journey \(s.journey) exit"] {
            #expect(!page.output.contains(code), "\(code)")
        }
        let noFile = try await cli.run("carrier", "export-data", s.carrier.description, "--format", "pdf")
        #expect(noFile.status == 1 && noFile.errors == "erreur : --out : obligatoire\n")
        // The JSON stays for machines.
        let json = try await cli.json("carrier", "export-data", s.carrier.description) as? [String: Any]
        #expect((json?["carrier"] as? [String: Any])?["first_name"] as? String == "Ana")

        let audit = try await cli.run("audit", "list", "--carrier", s.carrier.description)
        #expect(audit.output.contains("modification") && audit.output.contains("ligne de commande"), "\(audit.output)")
        #expect(audit.output.contains("parcours n° \(s.journey) : sortie") && audit.output.contains(today))
        #expect(!audit.output.contains("journey \(s.journey) exit") && !audit.output.contains("+00:00") && !audit.output.contains("Z "))
    }

    @Test("a dashboard's scope and a period in the words of the pages: « opérateur:APESS 53 », « T3 2026 »")
    func frenchScopeAndPeriod() async throws {
        let (cli, _) = try await setUp()
        let out = FileManager.default.temporaryDirectory.appending(path: "scope-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let built = try await cli.run("dashboard", "build", "--period", "T3 2026", "--scope", "opérateur:APESS 53", "--pages", "réseau", "--out", out)
        #expect(built.status == 0, "\(built.errors)")
        #expect((try? String(contentsOfFile: out + "/index.html", encoding: .utf8))?.contains("APESS 53") == true)
        let bad = try await cli.run("dashboard", "build", "--period", "2026", "--scope", "opérateur:", "--out", out)
        #expect(bad.errors == "erreur : --scope : « opérateur: » : attendu réseau, opérateur:NOM ou territoire:CODE\n")
    }

    @Test("--as staff of A: B's carriers are not found, not leaked")
    func tenancy() async throws {
        let (cli, s) = try await setUp()
        let show = try await cli.run("carrier", "show", s.otherOperatorsCarrier.description, staff: "claire@apess53.fr")
        #expect(show.status == 1)
        #expect(show.errors == "erreur : porteur n° \(s.otherOperatorsCarrier) introuvable (ou hors de votre périmètre)\n")
        let listed = try await cli.json("carrier", "list", "--json", staff: "claire@apess53.fr") as! [[String: Any]]
        #expect(listed.map { $0["id"] as? Int } == [Int(s.carrier.rawValue)])
        let add = try await cli.run("carrier", "add", "--operator", "Ronalpia", "--first-name", "E", "--last-name", "X", "--as", "claire@apess53.fr")
        #expect(add.status == 1)
        #expect(add.errors == "erreur : --operator : opérateur « Ronalpia » introuvable (donnez son identifiant, son code ou son nom exact)\n")
    }

    @Test("JSON contracts: a journey and a staff member carry their stable fields")
    func jsonContracts() async throws {
        let (cli, s) = try await setUp()
        let journey = try await cli.json("journey", "show", s.journey.description, "--json") as! [String: Any]
        for field in ["id", "carrier_id", "operator_id", "programme", "phase", "version"] { #expect(journey[field] != nil, "\(field)") }
        #expect(journey["phase"] as? String == "pitch")
        #expect(journey["version"] as? Int == 2)
        #expect(journey["cohort_id"] is NSNull)
        #expect(journey["accompaniment_minutes"] as? Int == 0)
        let staff = try await cli.json("staff", "list", "--json") as! [[String: Any]]
        let claire = try #require(staff.first { $0["email"] as? String == "claire@apess53.fr" })
        for field in ["id", "email", "operator_id", "role"] { #expect(claire[field] != nil, "\(field)") }
        #expect(claire["role"] as? String == "counsellor")
    }

    @Test("write commands print the new id, or the whole object with --json")
    func writesPrintIDs() async throws {
        let (cli, _) = try await setUp()
        let plain = try await cli.run("operator", "add", "AMESUD")
        #expect(plain.status == 0)
        #expect(Int(plain.output.trimmingCharacters(in: .newlines)) != nil)
        let object = try await cli.json("programme", "add", "Sprint", "--operator", "AMESUD", "--phases", "idea,workshops,orientation", "--json") as! [String: Any]
        #expect(object["phases"] as? [String] == ["idea", "workshops", "orientation"])
        let badPhases = try await cli.run("programme", "add", "Sprint 2", "--operator", "AMESUD", "--phases", "idea,pitch,modules")
        #expect(badPhases.status == 1)
        #expect(badPhases.errors == "erreur : --phases : les phases suivent l'ordre du parcours : « modules » vient avant « pitch »\n")
    }

    @Test("a territory CSV with one malformed line: exit 1, the line reported, nothing imported")
    func territoryImportAllOrNothing() async throws {
        let (cli, _) = try await setUp()
        let file = FileManager.default.temporaryDirectory.appending(path: "territories-\(UUID()).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        var lines = ["code;nom;type;code_parent;rural"]
        lines += (1...200).map { "ZONE-\($0);Zone \($0);pays;53;oui" }
        lines.insert("ZONE-X;Zone \"cassée;pays;53;oui", at: 120)
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let run = try await cli.run("territory", "import", file.path)
        #expect(run.status == 1)
        #expect(run.errors.contains("ligne 121 : un guillemet apparaît dans un champ sans guillemets"), "\(run.errors)")
        let listed = try await cli.json("territory", "list", "--kind", "pays", "--json") as! [Any]
        #expect(listed.isEmpty)

        lines.remove(at: 120)
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let good = try await cli.run("territory", "import", file.path)
        #expect(good.output == "200 territoires importés : 200 créés, 0 mis à jour\n")
        let subtree = try await cli.json("territory", "list", "--under", "53", "--kind", "pays", "--json") as! [Any]
        #expect(subtree.count == 200)
    }

    @Test("territory load-france: the administrator reloads France's reference (zones kept), and nobody else may")
    func loadFrance() async throws {
        let (cli, _) = try await setUp()
        let file = FileManager.default.temporaryDirectory.appending(path: "zones-\(UUID()).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        try "code;nom;type;code_parent;rural\nZ-NORD;Zone nord;pays;53;oui\n53130;Laval;commune;Z-NORD;non\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(try await cli.run("territory", "import", file.path).status == 0)
        let reload = try await cli.run("territory", "load-france")
        #expect(reload.status == 0, "\(reload.errors)")
        #expect(reload.output.hasPrefix("Territoires de France chargés : 0 créés, "), "\(reload.output)")
        // The zone keeps its commune, which keeps its place in France's tree.
        let zone = try await cli.json("territory", "list", "--under", "Z-NORD", "--kind", "commune", "--json") as! [[String: Any]]
        #expect(zone.map { $0["code"] as? String } == ["53130"])
        let refused = try await cli.run("territory", "load-france", staff: "claire@apess53.fr")
        #expect(refused.status != 0)
        #expect(refused.errors.contains("refuse cela à votre rôle"), "\(refused.errors)")
    }

    @Test("with DATABASE_URL, Parcours never manages a server")
    func noServerManagement() async throws {
        let (cli, _) = try await setUp()
        let run = try await cli.run("db", "stop")
        #expect(run.status == 1)
        #expect(run.errors == "erreur : DATABASE_URL est définie : Parcours ne gère pas ce serveur (stop), il s'y connecte seulement\n")
        let status = try await cli.json("db", "status", "--json") as! [String: Any]
        #expect(status["migrated"] as? Bool == true)
        #expect(status["embedded"] as? Bool == false)
    }
}

extension Store {
    /// Ids a CLI test works with.
    struct Snapshot: Sendable {
        var journey: JourneyID
        var carrier: CarrierID
        var otherOperatorsCarrier: CarrierID
    }
}
