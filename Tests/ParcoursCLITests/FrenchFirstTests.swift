import Foundation
import ParcoursCore
import ParcoursStore
import ParcoursTestSupport
import Testing

/// What a coordinator meets in a week of work: French by default, their own words and dates
/// accepted, records that can be corrected, facts that stay facts.
@Suite("One program, in French")
struct FrenchFirstTests {
    /// The small network, a journey in pitch opened 30 days ago (version 2).
    func setUp() async throws -> (ParcoursCLI, JourneyID, CarrierID) {
        let location = try await TestDatabase.fresh()
        let (journey, carrier) = try await Store.withStore(at: location, logger: TestDatabase.logger, connectTimeout: .seconds(60)) { store in
            let network = try await SmallNetwork.seed(store)
            let carrier = try await network.addCarrier(store, to: network.apess)
            let journey = try await store.transaction(as: .administrator) { tx in
                try await SmallNetwork.journeyInPitch(carrier: carrier, programme: network.mayIdESS, tx: tx)
            }
            return (journey, carrier)
        }
        return (ParcoursCLI(location: location), journey, carrier)
    }

    static func french(_ date: LocalDate) -> String { String(format: "%02d/%02d/%04d", date.day, date.month, date.year) }

    @Test("with no locale set, what a person reads is French; --locale en gives English")
    func frenchByDefault() async throws {
        let (cli, _, _) = try await setUp()
        let todo = try await cli.run("todo", "--within", "60")
        #expect(todo.status == 0)
        #expect(todo.output.hasPrefix("ÉCHÉANCE"), "\(todo.output)")
        #expect(try await cli.run("todo", "--within", "60", "--locale", "en").output.hasPrefix("DUE"))
        // Bounded, the soonest first; the JSON says how many there are in all.
        let first = try await cli.json("todo", "--within", "3660", "--limit", "1", "--json") as! [String: Any]
        #expect((first["items"] as? [Any])?.count == 1 && first["total"] as? Int == 1, "\(first)")

        let missing = try await cli.run("journey", "advance", "99999", "--to", "modules")
        #expect(missing.status == 1)
        #expect(missing.errors == "erreur : parcours n° 99999 introuvable (ou hors de votre périmètre)\n")
        let english = try await cli.run("--locale", "en", "journey", "advance", "99999", "--to", "modules")
        #expect(english.errors == "error: journey 99999 not found (or not visible to you)\n")

        let help = try await cli.run("help", "journey", "advance")
        #expect(help.output.contains("Faire avancer un parcours vers une phase ultérieure de son programme."), "\(help.output)")
        #expect(help.output.contains("UTILISATION :") && !help.output.contains("⟦"))
        let helpEnglish = try await cli.run("help", "journey", "advance", "--locale", "en")
        #expect(helpEnglish.output.contains("Move a journey forward to a later phase of its programme."))

        let added = try await cli.run("carrier", "add", "--operator", "APESS 53", "--first-name", "Noémie", "--last-name", "Lefèvre")
        #expect(added.status == 0)
        #expect(added.output.hasPrefix("Porteur n° ") && added.output.hasSuffix(" inscrit : Noémie Lefèvre (APESS 53)\n"), "\(added.output)")
        let addedEnglish = try await cli.run("carrier", "add", "--operator", "APESS 53", "--first-name", "Inès", "--last-name", "Petit", "--locale", "en")
        #expect(addedEnglish.output.hasSuffix(" registered: Inès Petit (APESS 53)\n"), "\(addedEnglish.output)")
    }

    @Test("every verb's help is worded in both languages: no catalogue key shows")
    func everyHelpWorded() async throws {
        let (cli, _, _) = try await setUp()
        for locale in ["fr", "en"] {
            let dump = try await cli.run("--experimental-dump-help", "--locale", locale)
            #expect(dump.status == 0)
            #expect(!dump.output.contains("⟦"), "\(locale): \(dump.output.components(separatedBy: "⟦").dropFirst().prefix(3).map { $0.prefix(40) })")
        }
        // What swift-argument-parser writes itself, a group's footer and its `help` verb, in French too.
        for group in [["--help"], ["journey", "--help"], ["report", "--help"]] {
            let help = try await cli.run(arguments: group, staff: nil)
            for english in ["See '", "for detailed help", "Show subcommand help", "SUBCOMMANDS", "OPTIONS:"] {
                #expect(!help.output.contains(english), "\(group): « \(english) » in \(help.output.suffix(300))")
            }
        }
        let journeyHelp = try await cli.run("journey", "--help")
        #expect(journeyHelp.output.contains("Voir « parcours help journey <sous-commande> » pour l'aide détaillée."))
    }

    @Test("relative periods, French dates and French words are understood")
    func fieldWords() async throws {
        let (cli, journey, _) = try await setUp()
        #expect(try await cli.run("report", "outcomes", "--period", "last-year").status == 0)
        #expect(try await cli.run("report", "outcomes", "--period", "annee-derniere").status == 0)
        let on = Self.french(LocalDate(Date(), in: .paris).adding(days: -1))
        let exit = try await cli.run("journey", "exit", journey.description, "--outcome", "abandon", "--on", on)
        #expect(exit.status == 0, "\(exit.errors)")
        let listing = try await cli.json("journey", "show", journey.description, "--json") as! [String: Any]
        #expect(listing["phase"] as? String == "withdrawn")
        #expect(listing["last_change_on"] as? String == LocalDate(Date(), in: .paris).adding(days: -1).iso)
    }

    @Test("an exit with an activity created, from the CLI in French words")
    func exitWithActivity() async throws {
        let (cli, journey, _) = try await setUp()
        let today = Self.french(LocalDate(Date(), in: .paris))
        let exit = try await cli.run(
            "journey", "exit", journey.description, "--outcome", "activité-créée", "--legal-form", "scic", "--activity-date", today, "--jobs", "1,5")
        #expect(exit.status == 0, "\(exit.errors)")
        let timeline = try await cli.run("journey", "history", journey.description)
        #expect(timeline.output.contains("Activité créée (scic)") && timeline.output.contains("1,5 ETP"), "\(timeline.output)")
        #expect(timeline.output.contains("Jury : favorable") && timeline.output.contains("Orientation vers"), "\(timeline.output)")
    }

    @Test("the same person added twice: refused naming the first; merged, one person with both journeys")
    func duplicatesAndMerge() async throws {
        let (cli, _, _) = try await setUp()
        let person = ["carrier", "add", "--operator", "APESS 53", "--first-name", "Noémie", "--last-name", "Lefèvre", "--birth-date", "12/03/1990", "--json"]
        let first = try await cli.json(arguments: person) as! [String: Any]
        let firstID = try #require(first["id"] as? Int)
        let again = try await cli.run(arguments: ["carrier", "add", "--operator", "APESS 53", "--first-name", "noemie", "--last-name", "LEFEVRE",
                                                  "--birth-date", "1990-03-12"], staff: nil)
        #expect(again.status == 1)
        #expect(again.errors.contains("porteur n° \(firstID)"), "\(again.errors)")
        let namesake = try await cli.json(arguments: person + ["--allow-duplicate"]) as! [String: Any]
        let duplicateID = try #require(namesake["id"] as? Int)
        let yesterday = Self.french(LocalDate(Date(), in: .paris).adding(days: -1))
        #expect(try await cli.run("journey", "open", "\(firstID)", "--programme", "May'IdESS", "--on", yesterday).status == 0)
        let other = try await cli.json("journey", "open", "\(duplicateID)", "--programme", "May'IdESS", "--on", yesterday, "--json") as! [String: Any]
        #expect(try await cli.run("journey", "exit", "\(other["id"] as! Int)", "--outcome", "emploi").status == 0)

        let merged = try await cli.run("carrier", "merge", "\(firstID)", "\(duplicateID)", "--reason", "saisie en double")
        #expect(merged.status == 0, "\(merged.errors)")
        let shown = try await cli.json("carrier", "show", "\(firstID)", "--json") as! [String: Any]
        #expect((shown["journeys"] as? [[String: Any]])?.count == 2)
        let gone = try await cli.run("carrier", "show", "\(duplicateID)")
        #expect(gone.status == 1)
        #expect(gone.errors.contains("fusionnée dans le porteur n° \(firstID)"))
        let text = try await cli.run("carrier", "show", "\(firstID)")
        #expect(text.output.contains("fiche n° \(duplicateID) fusionnée par admin@localhost") && text.output.contains("saisie en double"))

        let corrected = try await cli.run("carrier", "update", "\(firstID)", "--phone", "06 12 34 56 78", "--reason", "nouveau numéro")
        #expect(corrected.status == 0)
        #expect(try await cli.run("carrier", "show", "\(firstID)").output.contains("corrigé (phone) par admin@localhost"))
    }

    @Test("attendance at a session dated tomorrow is refused and nothing changes")
    func attendanceIsAFact() async throws {
        let (cli, _, carrier) = try await setUp()
        let tomorrow = Self.french(LocalDate(Date(), in: .paris).adding(days: 1))
        let session = try await cli.json(
            "session", "add", "--programme", "May'IdESS", "--kind", "atelier", "--title", "Modèle économique", "--at", "\(tomorrow) 14:00",
            "--duration", "180", "--json") as! [String: Any]
        let id = try #require(session["id"] as? Int)
        let attended = try await cli.run("session", "attend", "\(id)", "--present", carrier.description)
        #expect(attended.status == 1)
        #expect(attended.errors.contains("n'a pas encore eu lieu"), "\(attended.errors)")
        let after = try await cli.json("session", "show", "\(id)", "--json") as! [String: Any]
        #expect((after["attendance"] as? [Any])?.isEmpty == true)
    }

    @Test("an attendance file's problems come in one answer: its own lines' and those only the database finds")
    func attendanceFileInOneRound() async throws {
        let (cli, _, carrier) = try await setUp()
        let yesterday = Self.french(LocalDate(Date(), in: .paris).adding(days: -1))
        let session = try await cli.json(
            "session", "add", "--programme", "May'IdESS", "--kind", "réunion d'information", "--title", "Présentation", "--at", "\(yesterday) 10:00",
            "--duration", "90", "--json") as! [String: Any]
        let id = try #require(session["id"] as? Int)
        #expect(session["kind"] as? String == "information")
        let directory = try ParcoursCLI.temporaryDirectory("emargement")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appending(path: "emargement.csv")
        // Line 2: a person with no journey in the programme (the database's answer); line 3: a presence nobody can read.
        try Data("porteur;statut\n999999;présent\n\(carrier);peut-être\n".utf8).write(to: file)
        let refused = try await cli.run("session", "attend", "\(id)", "--file", file.path)
        #expect(refused.status == 1)
        #expect(refused.errors.contains("2 problème(s)"), "\(refused.errors)")
        #expect(refused.errors.contains("ligne 2 : ") && refused.errors.contains("ligne 3 : \"statut\" : « peut-être » inconnu"), "\(refused.errors)")
        try Data("porteur;statut\n\(carrier);présent\n".utf8).write(to: file)
        #expect(try await cli.run("session", "attend", "\(id)", "--file", file.path).status == 0)
    }

    @Test("a partner's refusal in the coordinator's words: its reason, what it proposes, and « réorienter » on the worklist")
    func declinedReferral() async throws {
        let (cli, journey, _) = try await setUp()
        #expect(try await cli.run("partner", "add", "France Active Mayenne", "--kind", "financement").status == 0)
        let referral = try await cli.json("referral", "add", "\(journey)", "--partner", "France Active Mayenne", "--reason", "prêt d'honneur", "--json") as! [String: Any]
        let id = try #require(referral["id"] as? Int)
        let studied = try await cli.run("referral", "update", "\(id)", "--status", "à l'étude")
        #expect(studied.output.contains(": à l'étude"), "\(studied.output) \(studied.errors)")
        let bare = try await cli.run("referral", "update", "\(id)", "--status", "refusée")
        #expect(bare.status == 1 && bare.errors.contains("--decline-reason : une orientation refusée dit pourquoi"), "\(bare.errors)")
        let declined = try await cli.run("referral", "update", "\(id)", "--status", "refusée", "--decline-reason", "plus de place", "--proposed-action", "réorienter")
        #expect(declined.output.contains(": refusée — plus de place ; proposé : réorienter vers une autre structure"), "\(declined.output) \(declined.errors)")
        let todo = try await cli.run("todo")
        #expect(todo.output.contains("réorienter : France Active Mayenne a refusé l'orientation n° \(id)"), "\(todo.output)")
    }

    @Test("partners and funders are listed by their kinds in French words, not their codes")
    func kindsInWords() async throws {
        let (cli, _, _) = try await setUp()
        #expect(try await cli.run("partner", "add", "DLA de Mayenne", "--kind", "dla").status == 0)
        #expect(try await cli.run("funder", "add", "ANCT", "--kind", "anct").status == 0)
        let partners = try await cli.run("partner", "list"), funders = try await cli.run("funder", "list")
        #expect(partners.output.contains("accompagnement") && !partners.output.contains("support"), "\(partners.output)")
        #expect(funders.output.contains("état") && !funders.output.contains("state"), "\(funders.output)")
        let usage = try await cli.run("cape", "list")
        #expect(usage.errors.contains("parcours cape <sous-commande>"), "\(usage.errors)")
    }

    @Test("a mistyped verb gets a suggestion; --version says which parcours runs")
    func manners() async throws {
        let (cli, _, _) = try await setUp()
        let typo = try await cli.run("journey", "advnce", "3")
        #expect(typo.status == 2)
        #expect(typo.errors.contains("Vouliez-vous dire « advance » ?"), "\(typo.errors)")
        let version = try await cli.run("--version")
        #expect(version.status == 0)
        #expect(version.output.trimmingCharacters(in: .newlines).split(separator: ".").count == 3)
    }
}
