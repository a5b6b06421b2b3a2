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
        #expect(run.errors == "error: journey \(s.journey) is in phase 'pitch'; 'idea' is not reachable from it without rework\n")
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
        (["--to", "pitsh"], "error: --to: unknown phase 'pitsh' (expected one of: idea, workshops, modules, incubation, pitch, orientation)"),
        (["--to", "orientation", "--on", "2999-01-01"], "error: journey JID cannot change on 2999-01-01: the date is in the future (today is TODAY)"),
        (["--to", "orientation", "--on", "01/02/2026"], "error: --on: '01/02/2026' is not a date (expected YYYY-MM-DD)"),
    ])
    func badInput(extra: [String], expected: String) async throws {
        let (cli, s) = try await setUp()
        let run = try await cli.run(arguments: ["journey", "advance", s.journey.description] + extra, staff: nil)
        #expect(run.status == 1)
        let today = LocalDate(Date(), in: .paris).iso
        #expect(run.errors == expected.replacingOccurrences(of: "JID", with: s.journey.description).replacingOccurrences(of: "TODAY", with: today) + "\n")
        #expect(try await events(cli, s.journey) == 2)
    }

    @Test("a rework needs a reason; with one, the history keeps it")
    func reworkReason() async throws {
        let (cli, s) = try await setUp()
        let refused = try await cli.run("journey", "rework", s.journey.description, "--to", "modules")
        #expect(refused.status == 1)
        #expect(refused.errors == "error: journey \(s.journey) needs a reason for a rework (--reason)\n")
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
        #expect(missing.errors == "error: --legal-form: required with --outcome activity-created (association, scic, scop, cae, micro-enterprise, company, other)\n")
        let exit = try await cli.run(
            "journey", "exit", s.journey.description, "--outcome", "activity-created", "--legal-form", "scic",
            "--activity-date", LocalDate(Date(), in: .paris).iso, "--jobs", "1.5")
        #expect(exit.status == 0)
        let run = try await cli.run("journey", "resume", s.journey.description)
        #expect(run.status == 1)
        #expect(run.errors == "error: journey \(s.journey) has ended ('activity_created') and cannot change; open a new journey\n")
    }

    @Test("--as staff of A: B's carriers are not found, not leaked")
    func tenancy() async throws {
        let (cli, s) = try await setUp()
        let show = try await cli.run("carrier", "show", s.otherOperatorsCarrier.description, staff: "claire@apess53.fr")
        #expect(show.status == 1)
        #expect(show.errors == "error: carrier \(s.otherOperatorsCarrier) not found\n")
        let listed = try await cli.json("carrier", "list", "--json", staff: "claire@apess53.fr") as! [[String: Any]]
        #expect(listed.map { $0["id"] as? Int } == [Int(s.carrier.rawValue)])
        let add = try await cli.run("carrier", "add", "--operator", "Ronalpia", "--first-name", "E", "--last-name", "X", "--as", "claire@apess53.fr")
        #expect(add.status == 1)
        #expect(add.errors == "error: operator 'Ronalpia' not found\n")
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
        #expect(badPhases.errors == "error: --phases: phases must follow the pathway's order: 'modules' comes before 'pitch'\n")
    }

    @Test("a territory CSV with one malformed line: exit 1, the line reported, nothing imported")
    func territoryImportAllOrNothing() async throws {
        let (cli, _) = try await setUp()
        let file = FileManager.default.temporaryDirectory.appending(path: "territories-\(UUID()).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        var lines = ["code;nom;type;code_parent;rural", "53;Mayenne;département;;"]
        lines += (1...200).map { "53\(String(format: "%03d", $0));Commune \($0);commune;53;oui" }
        lines.insert("53999;Commune \"cassée;commune;53;oui", at: 120)
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let run = try await cli.run("territory", "import", file.path)
        #expect(run.status == 1)
        #expect(run.errors.contains("line 121: a quote appears inside an unquoted field"))
        let listed = try await cli.json("territory", "list", "--json") as! [Any]
        #expect(listed.isEmpty)

        lines.remove(at: 120)
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let good = try await cli.run("territory", "import", file.path)
        #expect(good.output == "201 territories imported: 201 created, 0 updated\n")
        let subtree = try await cli.json("territory", "list", "--under", "53", "--json") as! [Any]
        #expect(subtree.count == 201)
    }

    @Test("with DATABASE_URL, Parcours never manages a server")
    func noServerManagement() async throws {
        let (cli, _) = try await setUp()
        let run = try await cli.run("db", "stop")
        #expect(run.status == 1)
        #expect(run.errors == "error: DATABASE_URL is set: Parcours does not stop that server, it only connects to it\n")
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
