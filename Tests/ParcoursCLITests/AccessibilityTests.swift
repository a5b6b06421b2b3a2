import Foundation
import ParcoursCore
import ParcoursStore
import ParcoursTestSupport
import Testing

/// RGAA 4 (WCAG 2.1 A and AA): every kind of page Parcours shows a person — the partner's link in
/// each of its states, a share link, the dashboards (private and public), the attendance sheet, the
/// subject-access answer — passes axe-core in real Chromium with no violation, and the partner's
/// form is answered with the keyboard alone (Tests/Support/axe-check.py).
@Suite("Accessible pages", .serialized)
struct AccessibilityTests {
    /// The checker's answer for each page.
    static func check(_ steps: [String]) throws -> [String: [String: Any]] {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appending(path: "../Support/axe-check.py").standardized.path
        let run = try ChildProcess.run("/usr/bin/env", ["python3", script] + steps, captureOutput: true, separateErrors: true)
        try #require(run.status == 0, "\(run.output)\(run.errorOutput)")
        return try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: [String: Any]], "\(run.output)")
    }

    static func violations(_ result: [String: Any]?) -> [[String: Any]] { result?["violations"] as? [[String: Any]] ?? [] }

    @Test("axe-core finds a violation where there is one: the check can fail")
    func checkerCatchesViolations() throws {
        let page = FileManager.default.temporaryDirectory.appending(path: "parcours-axe-\(UUID().uuidString.prefix(8)).html")
        try #"<!doctype html><html><head><title>x</title></head><body><img src="x.png"><p style="color:#aaa">gris</p></body></html>"#
            .write(to: page, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: page) }
        let found = Set(Self.violations(try Self.check([page.absoluteString])[page.absoluteString]).compactMap { $0["id"] as? String })
        #expect(found.isSuperset(of: ["html-has-lang", "image-alt", "color-contrast"]), "\(found)")
    }

    @Test("every page kind passes axe-core with 0 violations in Chromium, and the partner answers with the keyboard alone")
    func everyPageKind() async throws {
        let service = try await APITests.start()
        defer { _ = ChildProcess.stop(service.pid) }
        let cli = ParcoursCLI(location: service.location)
        let claire = "claire@apess53.fr"
        let directory = FileManager.default.temporaryDirectory.appending(path: "parcours-a11y-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: directory) }

        // The partner's page: open (then answered with the keyboard), withdrawn (410), unknown (404).
        #expect(try await cli.run("partner", "add", "France Active Mayenne", "--kind", "financement", staff: claire).status == 0)
        func link(_ reason: String) async throws -> (id: Int, url: String) {
            let referral = try await cli.json(
                arguments: ["referral", "add", "\(service.journeyInPitch)", "--partner", "France Active Mayenne", "--reason", reason, "--json"],
                staff: claire) as! [String: Any]
            let made = try await cli.json(
                arguments: ["referral", "link", "\(referral["id"] as! Int)", "--base-url", service.base.absoluteString, "--json"], staff: claire)
                as! [String: Any]
            return (made["id"] as! Int, made["url"] as! String)
        }
        let open = try await link("prêt d'honneur")
        let withdrawn = try await link("garantie bancaire")
        #expect(try await cli.run("referral", "unlink", "\(withdrawn.id)", staff: claire).status == 0)
        let unknown = service.base.absoluteString + "/orientation/por_inconnu"

        // A share link, private and public.
        func share(_ extra: String...) async throws -> String {
            let made = try await cli.json(
                arguments: ["dashboard", "share", "--scope", "operator:APESS 53", "--base-url", service.base.absoluteString, "--json"] + extra,
                staff: claire) as! [String: Any]
            return made["url"] as! String
        }
        let shared = try await share(), published = try await share("--public")
        let index = try await PartnerPage.open(URL(string: shared)!)
        let inner = try #require(index.text.firstMatch(of: /href="([a-z]+-[0-9]+\.html)"/)?.1, "\(index.text.prefix(500))")

        // Files people are handed: the dashboards (private and public), an attendance sheet, a subject-access answer.
        for (variant, extra) in [("prive", [String]()), ("public", ["--public"])] {
            let built = try await cli.run(arguments: ["dashboard", "build", "--period", "this-year", "--out", directory.appending(path: variant).path] + extra,
                                          staff: "eval@reseau-ess.fr")
            #expect(built.status == 0, "\(built.errors)")
        }
        let session = try await cli.json(arguments: [
            "session", "add", "--programme", "May'IdESS", "--kind", "atelier", "--title", "Comptabilité",
            "--at", APITests.yesterday + "T09:00", "--duration", "120", "--json",
        ], staff: claire) as! [String: Any]
        let sheet = directory.appending(path: "feuille.html")
        #expect(try await cli.run("session", "sheet", "\(session["id"] as! Int)", "--out", sheet.path, staff: claire).status == 0)
        let answer = directory.appending(path: "droit-d-acces.html")
        let carrier = try #require((try await cli.json(arguments: ["carrier", "list", "--json"], staff: claire) as? [[String: Any]])?.first?["id"] as? Int)
        let exported = try await cli.run("carrier", "export-data", "\(carrier)", "--format", "html", "--out", answer.path, staff: "admin@localhost")
        #expect(exported.status == 0, "\(exported.errors)")
        let dashboards = try FileManager.default.subpathsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".html") }
            .map { directory.appending(path: $0).absoluteString }
        #expect(dashboards.count > 10)

        let keyboard = "keyboard:studying:\(open.url)"
        let pages = [open.url, withdrawn.url, unknown, shared, shared + inner, published, keyboard] + dashboards
        let results = try Self.check(pages)
        for page in pages {
            let found = Self.violations(results[page])
            #expect(results[page] != nil && found.isEmpty, "\(page): \(found)")
        }
        // The keyboard reached every control it needed and the answer is recorded, in French.
        #expect(results[keyboard]?["keyboard"] as? Bool == true)
        #expect((results[keyboard]?["text"] as? String)?.contains("votre réponse est enregistrée") == true, "\(results[keyboard]?["text"] ?? "")")

        // Too many wrong guesses: the page that says to wait is accessible too.
        for guess in 0..<12 { _ = try await PartnerPage.open(URL(string: unknown + "\(guess)")!) }
        let slowed = try Self.check([unknown])
        #expect(Self.violations(slowed[unknown]).isEmpty, "\(slowed)")
    }
}
