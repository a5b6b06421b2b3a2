import Crypto
import Foundation
import ParcoursApp
import ParcoursCore
import ParcoursStore
import ParcoursTestSupport
import PostgresNIO
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The person on the web (issue 28, « self-service for carriers »): they register for an
/// information meeting from the operator's page, and later fill in and sign their ESF+ entry
/// questionnaire from their own link — in Chromium, with the keyboard alone — and what they signed
/// is what `report quality` counts and what the audit pack keeps as evidence.
@Suite("Self-service for carriers", .serialized)
struct SelfServiceTests {
    static let claire = "claire@apess53.fr"

    /// A form's fields, in the order the keyboard reaches them, as axe-check.py's `fill:` step takes them.
    static func fill(_ url: String, _ fields: [(String, String)]) -> String {
        let spec = try! JSONSerialization.data(withJSONObject: fields.map { [$0.0, $0.1] })
        let encoded = spec.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return "fill:\(encoded):\(url)"
    }

    /// One value the schema's owner reads (what no staff member's policies would show whole).
    static func owner<T: PostgresDecodable & Sendable>(_ location: DatabaseLocation, _ sql: String, as: T.Type) async throws -> [T] {
        try await Store.withStore(at: TestDatabase.location(location, as: .owner), logger: TestDatabase.logger, connectTimeout: .seconds(60)) { store in
            try await store.withOwnerConnection { connection in
                try await connection.query(PostgresQuery(unsafeSQL: sql), logger: store.logger).collect().map { try $0.decode(T.self) }
            }
        }
    }

    /// An information meeting of APESS 53 in `days` days, 14:00.
    static func meeting(_ cli: ParcoursCLI, in days: Int, title: String) async throws -> Int {
        let at = LocalDate(Date(), in: .paris).adding(days: days).iso + "T14:00"
        let made = try await cli.json(arguments: [
            "session", "add", "--programme", "May'IdESS", "--kind", "réunion d'information", "--title", title, "--at", at, "--duration", "90", "--json",
        ], staff: claire) as! [String: Any]
        return made["id"] as! Int
    }

    /// An ESF+ agreement over May'IdESS at APESS 53, from 90 days ago for a year.
    static func agreement(_ cli: ParcoursCLI, code: String) async throws {
        let today = LocalDate(Date(), in: .paris)
        #expect(try await cli.run("funder", "add", "FSE+ Pays de la Loire", "--kind", "fse+").status == 0)
        let added = try await cli.run(
            "funding", "add", "--funder", "FSE+ Pays de la Loire", "--code", code, "--title", "May'IdESS 2026", "--operator", "APESS 53",
            "--from", Messages.date(today.adding(days: -90), .fr), "--to", Messages.date(today.adding(days: 300), .fr), "--programme", "May'IdESS")
        #expect(added.status == 0, "\(added.errors)")
    }

    /// A workshop of May'IdESS `daysAgo` days ago, `carrier` present.
    static func present(_ cli: ParcoursCLI, _ carrier: Int, daysAgo: Int) async throws {
        let session = try await cli.json(arguments: [
            "session", "add", "--programme", "May'IdESS", "--kind", "atelier", "--title", "Atelier \(daysAgo)",
            "--at", LocalDate(Date(), in: .paris).adding(days: -daysAgo).iso + "T09:00", "--duration", "120", "--json",
        ], staff: claire) as! [String: Any]
        let attended = try await cli.run("session", "attend", "\(session["id"] as! Int)", "--present", "\(carrier)", staff: claire)
        #expect(attended.status == 0, "\(attended.errors)")
    }

    @Test("registered from the public page, admitted, the entry questionnaire filled and signed from the person's link in Chromium with the keyboard alone: « report quality » counts them complete, the audit pack holds the signature")
    func registerAdmitSign() async throws {
        let service = try await APITests.start()
        defer { _ = ChildProcess.stop(service.pid) }
        let cli = ParcoursCLI(location: service.location)
        let base = service.base.absoluteString
        let today = LocalDate(Date(), in: .paris)

        // An ESF+ agreement over May'IdESS, and two information meetings ahead.
        try await Self.agreement(cli, code: "202600001")
        let craon = try await Self.meeting(cli, in: 10, title: "Réunion d'information à Craon")
        _ = try await Self.meeting(cli, in: 24, title: "Réunion d'information à Laval")

        // The page: published by the coordinator, it lists the meetings and nothing of anyone.
        let page = try await cli.json(arguments: ["intake", "page", "--base-url", base, "--json"], staff: Self.claire) as! [String: Any]
        let pageURL = page["url"] as! String
        let opened = try await PartnerPage.open(URL(string: pageURL)!)
        #expect(opened.status == 200 && opened.text.contains("Réunion d&#39;information à Craon") && opened.text.contains("à Laval"))
        #expect(!opened.text.contains("Zoé") && !opened.text.contains("Bob"))

        // Lucie registers in Chromium, keyboard alone, for the Craon meeting.
        let registration = Self.fill(pageURL, [
            ("session", "\(craon)"), ("first_name", "Lucie"), ("last_name", "Martin"), ("email", "lucie.martin@example.org"),
            ("commune", "Craon (53)"), ("prescriber", "mission_locale"), ("consent", "oui"),
        ])
        let registered = try AccessibilityTests.check([registration])[registration]
        #expect(registered?["keyboard"] as? Bool == true)
        let confirmation = registered?["text"] as? String ?? ""
        #expect(confirmation.contains("Merci Lucie : votre inscription est enregistrée.") && confirmation.contains("Réunion d'information à Craon"), "\(confirmation)")
        #expect(AccessibilityTests.violations(registered).isEmpty, "\(AccessibilityTests.violations(registered))")

        // A first contact like any other, with the meeting, the commune and the time she agreed.
        let intakes = try await cli.json(arguments: ["intake", "list", "--json"], staff: Self.claire) as! [[String: Any]]
        let lucie = try #require(intakes.first { $0["first_name"] as? String == "Lucie" && $0["last_name"] as? String == "Martin" })
        let intake = lucie["id"] as! Int
        let shown = try await cli.json(arguments: ["intake", "show", "\(intake)", "--json"], staff: Self.claire) as! [String: Any]
        #expect(shown["prescriber"] as? String == "mission_locale" && shown["commune"] as? String == "Craon" && shown["status"] as? String == "pending")
        #expect(shown["info_session_on"] as? String == today.adding(days: 10).iso && shown["registered_at"] is String, "\(shown)")

        // The same person again: a stranger learns nothing (the same thanks); staff read it in the note.
        let again = try await PartnerPage.post(URL(string: pageURL)!, [
            "session": "none", "first_name": "Lucie", "last_name": "MARTIN", "phone": "06 11 22 33 44", "prescriber": "elu", "consent": "oui",
        ])
        #expect(again.status == 200 && again.text.contains("Merci Lucie : votre inscription est enregistrée."), "\(again.status)")
        #expect(!again.text.contains("doublon") && !again.text.contains("n° \(intake)"))
        let second = try await cli.run("intake", "list", staff: Self.claire)
        #expect(second.output.contains("Lucie MARTIN"))
        let duplicate = try #require((try await cli.json(arguments: ["intake", "list", "--json"], staff: Self.claire) as! [[String: Any]])
            .first { $0["last_name"] as? String == "MARTIN" }?["id"] as? Int)
        let note = try await cli.run("intake", "show", "\(duplicate)", staff: Self.claire)
        #expect(note.output.contains("doublon possible du premier contact n° \(intake)"), "\(note.output)")

        // Her coordinator is told to call her before the meeting; once she is admitted, the item is gone.
        let todo = try await cli.run("todo", staff: Self.claire)
        #expect(todo.output.contains("Lucie Martin s'est inscrit(e) en ligne (premier contact n° \(intake)) : appelez la personne avant le \(Messages.date(today.adding(days: 10), .fr))"),
                "\(todo.output)")

        // Ten days on (her registration moved ten days back): admitted, a carrier and a journey in
        // May'IdESS, with two days of presence — an ESF+ participant.
        try await MailTests.owner(service.location, """
            UPDATE intake SET contacted_on = contacted_on - 10, consent_at = consent_at - interval '10 days' WHERE id = \(intake)
            """)
        let admitted = try await cli.json(arguments: ["intake", "admit", "\(intake)", "--programme", "May'IdESS", "--on", today.adding(days: -7).iso, "--json"],
                                          staff: Self.claire) as! [String: Any]
        let carrier = try #require(admitted["carrier_id"] as? Int, "\(admitted)")
        #expect(admitted["journey_id"] is Int)
        for daysAgo in [6, 5] { try await Self.present(cli, carrier, daysAgo: daysAgo) }
        #expect(!(try await cli.run("todo", staff: Self.claire)).output.contains("premier contact n° \(intake))"))
        let before = try await cli.json(arguments: ["report", "quality", "--funding", "202600001", "--json"], staff: Self.claire)
        #expect(Self.cell(before, "self_filled") == 0 && Self.cell(before, "participants") == 1, "\(before)")

        // Her link: she fills in what is missing and signs, keyboard alone.
        let link = try await cli.json(arguments: ["carrier", "questionnaire", "\(carrier)", "--base-url", base, "--json"], staff: Self.claire) as! [String: Any]
        let questionnaireURL = link["url"] as! String
        let signing = Self.fill(questionnaireURL, [
            ("gender", "woman"), ("birth_date", "02/04/1990"), ("phone", "06 12 34 56 78"), ("labour", "long_term_unemployed"),
            ("education", "isced_3_4"), ("consent", "oui"), ("disability", "non"), ("homeless", "refus"), ("signed_name", "Lucie Martin"),
        ])
        let signed = try AccessibilityTests.check([signing])[signing]
        #expect(signed?["keyboard"] as? Bool == true)
        let thanks = signed?["text"] as? String ?? ""
        #expect(thanks.contains("Merci Lucie : vos réponses sont enregistrées et signées le \(Messages.date(today, .fr))"), "\(thanks)")
        #expect(AccessibilityTests.violations(signed).isEmpty, "\(AccessibilityTests.violations(signed))")
        let digest = try #require(thanks.firstMatch(of: /\(SHA-256\) : ([0-9a-f]{64})/)?.1).description

        // What she signed: her record and profile, and the answers whose SHA-256 the page showed.
        let record = try await cli.run("carrier", "show", "\(carrier)", staff: Self.claire)
        #expect(record.output.contains("né(e) le 02/04/1990") && record.output.contains("chômeur-de-longue-durée"), "\(record.output)")
        let answers = try #require(try await Self.owner(service.location, "SELECT answers FROM questionnaire_signature WHERE carrier_id = \(carrier)", as: String.self).first)
        #expect(SHA256.hash(data: Data(answers.utf8)).map { String(format: "%02x", $0) }.joined() == digest)
        #expect(answers.contains("gender=woman\nbirth_date=1990-04-02\n") && answers.contains("homeless=declined\n") && answers.contains("signed_name=Lucie Martin\n"))
        #expect((try await PartnerPage.open(URL(string: questionnaireURL)!)).status == 410)

        // Counted by `report quality`: filled in and signed by her, complete.
        let quality = try await cli.json(arguments: ["report", "quality", "--funding", "202600001", "--json"], staff: Self.claire)
        #expect(Self.cell(quality, "self_filled") == 1 && Self.cell(quality, "self_filled_complete") == 1 && Self.cell(quality, "incomplete") == 0,
                "\(quality)")

        // The audit pack keeps the evidence: her pseudonym, the date, the digest — and, in a pack
        // that names people, her names and the name she typed.
        let directory = try ParcoursCLI.temporaryDirectory("self-service")
        defer { try? FileManager.default.removeItem(at: directory) }
        for named in [false, true] {
            let pack = directory.appending(path: "pack-\(named).zip").path, unzipped = directory.appending(path: "pack-\(named)").path
            let exported = try await cli.run(arguments: ["export", "audit-pack", "--funding", "202600001", "--out", pack] + (named ? ["--named"] : []),
                                             staff: Self.claire)
            #expect(exported.status == 0, "\(exported.errors)")
            _ = try ChildProcess.run("/usr/bin/env", ["python3", "-m", "zipfile", "-e", pack, unzipped], captureOutput: true)
            let evidence = try String(contentsOf: URL(fileURLWithPath: unzipped).appending(path: "questionnaires-signes.csv"), encoding: .utf8)
            #expect(evidence.contains(";entrée;\(Messages.date(today, .fr));\(digest)"), "\(evidence)")
            #expect(evidence.contains("Martin;Lucie;Lucie Martin;") == named, "\(evidence)")
            let sums = try ChildProcess.run("/bin/sh", ["-c", "cd '\(unzipped)' && sha256sum -c SHA256SUMS"], captureOutput: true)
            #expect(sums.status == 0, "\(sums.output)")
        }

        // Five registrations from one address in ten minutes, then it is told to wait (a script, not a person).
        for n in 1...3 {
            let more = try await PartnerPage.post(URL(string: pageURL)!, [
                "session": "none", "first_name": "Essai", "last_name": "Numéro \(n)", "email": "essai\(n)@example.org", "prescriber": "other", "consent": "oui",
            ])
            #expect(more.status == 200, "\(more.status)")
        }
        let sixth = try await PartnerPage.post(URL(string: pageURL)!, [
            "session": "none", "first_name": "Essai", "last_name": "Six", "email": "essai6@example.org", "prescriber": "other", "consent": "oui",
        ])
        #expect(sixth.status == 429 && sixth.text.contains("trop d&#39;inscriptions depuis votre adresse") && sixth.headers["Retry-After"] != nil,
                "\(sixth.status)")
    }

    @Test("the pages refuse in French, name the field and write nothing: no contact, no agreement, a meeting of another operator, sensitive answers without consent; unknown, tampered, withdrawn and spent addresses get 404 or 410, never data")
    func refusals() async throws {
        let service = try await APITests.start()
        defer { _ = ChildProcess.stop(service.pid) }
        let cli = ParcoursCLI(location: service.location)
        let base = service.base.absoluteString
        _ = try await Self.meeting(cli, in: 5, title: "Réunion d'information à Château-Gontier")
        let page = try await cli.json(arguments: ["intake", "page", "--base-url", base, "--json"], staff: Self.claire) as! [String: Any]
        let url = URL(string: page["url"] as! String)!
        func intakes() async throws -> Int { (try await cli.json(arguments: ["intake", "list", "--json"], staff: "admin@localhost") as! [[String: Any]]).count }
        let before = try await intakes()

        let person = ["first_name": "Paul", "last_name": "Renard", "prescriber": "caf", "consent": "oui", "session": "none"]
        let noContact = try await PartnerPage.post(url, person)
        #expect(noContact.status == 422 && noContact.text.contains("donnez un courriel ou un numéro de téléphone"))
        #expect(noContact.text.contains("id=\"email\"") && noContact.text.contains("aria-invalid=\"true\""))
        var unticked = person
        unticked["consent"] = nil
        unticked["email"] = "paul@example.org"
        let noAgreement = try await PartnerPage.post(url, unticked)
        #expect(noAgreement.status == 422 && noAgreement.text.contains("cochez la case d&#39;accord"))
        // What was typed stays in the form.
        #expect(noAgreement.text.contains("value=\"paul@example.org\""))
        // Ronalpia's meeting is not on APESS 53's page.
        let ronalpia = try await cli.json(arguments: [
            "session", "add", "--programme", "Outille ton projet", "--kind", "RI", "--title", "RI Lyon",
            "--at", LocalDate(Date(), in: .paris).adding(days: 3).iso + "T10:00", "--duration", "60", "--json",
        ], staff: "marc@ronalpia.fr") as! [String: Any]
        var foreignMeeting = person
        foreignMeeting["email"] = "paul@example.org"
        foreignMeeting["session"] = "\(ronalpia["id"] as! Int)"
        let refusedMeeting = try await PartnerPage.post(url, foreignMeeting)
        #expect(refusedMeeting.status == 422 && refusedMeeting.text.contains("cette réunion d&#39;information n&#39;est plus ouverte"))
        var unknownCommune = person
        unknownCommune["email"] = "paul@example.org"
        unknownCommune["commune"] = "Nullepart-sur-Rien"
        let refusedCommune = try await PartnerPage.post(url, unknownCommune)
        #expect(refusedCommune.status == 422 && refusedCommune.text.contains("« Nullepart-sur-Rien » : aucune commune de ce nom"))
        // What was typed comes back escaped, never as markup (the pages escape by default: Markup).
        unknownCommune["first_name"] = "<script>alert(1)</script>"
        let hostile = try await PartnerPage.post(url, unknownCommune)
        #expect(hostile.status == 422 && !hostile.text.contains("<script>") && hostile.text.contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt;\""))
        unknownCommune["first_name"] = "Paul"
        // Two Craon (Mayenne, Vienne), neither in this operator's territories: the département tells them apart.
        unknownCommune["commune"] = "Craon"
        let ambiguous = try await PartnerPage.post(url, unknownCommune)
        #expect(ambiguous.status == 422 && ambiguous.text.contains("plusieurs communes s&#39;appellent « Craon »"))
        // A form posted from another site, or without the page's token.
        let foreign = try await PartnerPage.post(url, foreignMeeting, origin: "https://ailleurs.example")
        #expect(foreign.status == 403)
        #expect(try await PartnerPage.post(url, foreignMeeting, withToken: false).status == 403)
        #expect(try await intakes() == before)
        // A body no browser would send (raw UTF-8 and spaces, a stray %): refused, and the service goes on.
        for path in [url.path, "/questionnaire/peq_x", "/orientation/por_x"] {
            var raw = URLRequest(url: URL(string: base + path)!)
            raw.httpMethod = "POST"
            raw.httpBody = Data("jeton=é b&first_name=Zoé %zz&%=%%".utf8)
            let (_, response) = try await URLSession.shared.data(for: raw)
            #expect([403, 404].contains((response as! HTTPURLResponse).statusCode), "\(path)")
        }
        #expect(try await service.call("GET", "/healthz", route: "/healthz", as: nil).status == 200)

        // The forms themselves, as a browser shows them: no accessibility violation.
        let carrier = try #require((try await cli.json(arguments: ["carrier", "list", "--json"], staff: Self.claire) as? [[String: Any]])?.first?["id"] as? Int)
        let link = try await cli.json(arguments: ["carrier", "questionnaire", "\(carrier)", "--base-url", base, "--json"], staff: Self.claire) as! [String: Any]
        let questionnaire = URL(string: link["url"] as! String)!
        let forms = try AccessibilityTests.check([url.absoluteString, questionnaire.absoluteString])
        for form in forms.values { #expect(AccessibilityTests.violations(form).isEmpty, "\(AccessibilityTests.violations(form))") }

        // Unknown, tampered and withdrawn pages: 404 and 410, no meeting, no form.
        let secret = url.lastPathComponent
        let tampered = URL(string: base + "/inscription/" + secret.dropLast() + (secret.hasSuffix("A") ? "B" : "A"))!
        for unknown in [URL(string: base + "/inscription/pri_inconnu")!, tampered] {
            let reply = try await PartnerPage.open(unknown)
            #expect(reply.status == 404 && !reply.text.contains("<form") && !reply.text.contains("Château-Gontier"))
        }
        #expect(try await cli.run("intake", "unpage", "\(page["id"] as! Int)", staff: Self.claire).status == 0)
        let withdrawn = try await PartnerPage.open(url)
        #expect(withdrawn.status == 410 && withdrawn.text.contains("n&#39;est plus ouverte") && !withdrawn.text.contains("Château-Gontier"))

        // The questionnaire: another operator's staff cannot make a link; sensitive answers need the box ticked; a signed link is spent.
        #expect(try await cli.run("carrier", "questionnaire", "\(carrier)", staff: "marc@ronalpia.fr").status != 0)
        let answers = ["gender": "man", "birth_date": "12/03/1985", "labour": "employed", "education": "isced_5_8", "signed_name": "Test Porteur"]
        var sensitive = answers
        sensitive["disability"] = "oui"
        let refusedSensitive = try await PartnerPage.post(questionnaire, sensitive)
        #expect(refusedSensitive.status == 422 && refusedSensitive.text.contains("sans cocher la case d&#39;accord"), "\(refusedSensitive.status) \(refusedSensitive.text.prefix(2000))")
        var unsigned = answers
        unsigned["signed_name"] = nil
        #expect(try await PartnerPage.post(questionnaire, unsigned).text.contains("tapez vos prénom et nom pour signer"))
        var future = answers
        future["birth_date"] = "12/03/2085"
        #expect(try await PartnerPage.post(questionnaire, future).status == 422)
        let nothing = try await Self.owner(service.location, "SELECT count(*)::int FROM questionnaire_signature", as: Int.self)
        #expect(nothing == [0])
        let done = try await PartnerPage.post(questionnaire, answers)
        #expect(done.status == 200 && done.text.contains("vos réponses sont enregistrées et signées"))
        let spent = try await PartnerPage.open(questionnaire)
        #expect(spent.status == 410 && spent.text.contains("déjà été signées") && !spent.text.contains("1985"))
        #expect(try await PartnerPage.post(questionnaire, answers).status == 410)
        // Withdrawn before use: 410, and the unknown 404.
        let other = try await cli.json(arguments: ["carrier", "questionnaire", "\(carrier)", "--base-url", base, "--json"], staff: Self.claire) as! [String: Any]
        #expect(try await cli.run("carrier", "unquestionnaire", "\(other["id"] as! Int)", staff: Self.claire).status == 0)
        #expect(try await PartnerPage.open(URL(string: other["url"] as! String)!).status == 410)
        #expect(try await PartnerPage.open(URL(string: base + "/questionnaire/peq_inconnu")!).status == 404)
        let closed = try AccessibilityTests.check([url.absoluteString, questionnaire.absoluteString, base + "/questionnaire/peq_inconnu"])
        for page in closed.values { #expect(AccessibilityTests.violations(page).isEmpty, "\(AccessibilityTests.violations(page))") }
        // The audit log says who made, withdrew and signed, in French.
        let audit = try await cli.run("audit", "list", "--carrier", "\(carrier)", staff: "admin@localhost")
        #expect(audit.output.contains("questionnaire d'entrée signé par la personne") && audit.output.contains("lien vers le questionnaire d'entrée n° "),
                "\(audit.output.suffix(800))")
    }

    @Test("the situation at exit and six months later, told and signed by the person from their links: the journey's follow-ups take it, « report quality » counts it, the pages refuse what « followup record » refuses")
    func exitAndSixMonths() async throws {
        let service = try await APITests.start()
        defer { _ = ChildProcess.stop(service.pid) }
        let cli = ParcoursCLI(location: service.location)
        let base = service.base.absoluteString
        let today = LocalDate(Date(), in: .paris)
        let zoe = service.freshCarrier.rawValue
        // No exit yet: nothing to ask about.
        let early = try await cli.run("carrier", "questionnaire", "\(zoe)", "--kind", "sortie", staff: Self.claire)
        #expect(early.status == 1 && early.errors.contains("n'a pas de parcours terminé"), "\(early.errors)")
        let opened = try await cli.json(arguments: ["journey", "open", "\(zoe)", "--programme", "May'IdESS", "--on", today.adding(days: -60).iso, "--json"],
                                        staff: Self.claire) as! [String: Any]
        let journey = opened["id"] as! Int
        // An ESF+ participant: an agreement over May'IdESS, two days of presence before her exit.
        try await Self.agreement(cli, code: "202600002")
        for daysAgo in [10, 9] { try await Self.present(cli, Int(zoe), daysAgo: daysAgo) }
        let exited = try await cli.run("journey", "exit", "\(journey)", "--outcome", "emploi", "--on", today.adding(days: -3).iso, staff: Self.claire)
        #expect(exited.status == 0, "\(exited.errors)")

        // At exit: her situation and whether she gained a qualification.
        let exit = try await cli.json(arguments: ["carrier", "questionnaire", "\(zoe)", "--kind", "sortie", "--base-url", base, "--json"],
                                      staff: Self.claire) as! [String: Any]
        let exitURL = URL(string: exit["url"] as! String)!
        let page = try await PartnerPage.open(exitURL)
        #expect(page.status == 200 && page.text.contains("Votre situation à la sortie") && page.text.contains("name=\"qualification\""))
        #expect(!page.text.contains("name=\"birth_date\""))
        let noQualification = try await PartnerPage.post(exitURL, ["situation": "employed", "signed_name": "Zoé Martin"])
        #expect(noQualification.status == 422 && noQualification.text.contains("répondez à chaque question marquée (obligatoire)")
                && noQualification.text.contains("<fieldset aria-invalid=\"true\" aria-describedby=\"refus\"><legend>Avez-vous obtenu une qualification"),
                "\(noQualification.text.suffix(800))")
        let signing = Self.fill(exitURL.absoluteString, [("situation", "employed"), ("qualification", "oui"), ("signed_name", "Zoé Martin")])
        let signed = try AccessibilityTests.check([signing])[signing]
        #expect(signed?["keyboard"] as? Bool == true && (signed?["text"] as? String)?.contains("vos réponses sont enregistrées et signées") == true,
                "\(signed?["text"] ?? "")")
        #expect(AccessibilityTests.violations(signed).isEmpty, "\(AccessibilityTests.violations(signed))")
        #expect(try await PartnerPage.open(exitURL).status == 410)

        // Six months later (the same journey): the situation alone.
        let later = try await cli.json(arguments: ["carrier", "questionnaire", "\(zoe)", "--kind", "six-mois", "--base-url", base, "--json"],
                                       staff: Self.claire) as! [String: Any]
        let laterURL = URL(string: later["url"] as! String)!
        let six = try await PartnerPage.open(laterURL)
        #expect(six.status == 200 && six.text.contains("Votre situation six mois après") && !six.text.contains("name=\"qualification\""))
        let axe = try AccessibilityTests.check([laterURL.absoluteString])
        #expect(AccessibilityTests.violations(axe[laterURL.absoluteString]).isEmpty, "\(axe)")
        let done = try await PartnerPage.post(laterURL, ["situation": "self_employed", "signed_name": "Zoé Martin"])
        #expect(done.status == 200, "\(done.text.suffix(400))")

        // The journey's follow-ups are what she signed, in the name of the links' maker.
        let followUps = try await Self.owner(service.location, """
            SELECT after_months || ':' || situation || ':' || coalesce(qualification_gained::text, '-') FROM follow_up
            WHERE journey_id = \(journey) ORDER BY after_months
            """, as: String.self)
        #expect(followUps == ["0:employed:true", "6:self_employed:-"], "\(followUps)")
        let answers = try await Self.owner(service.location, "SELECT answers FROM questionnaire_signature ORDER BY id", as: String.self)
        #expect(answers.count == 2 && answers[0].hasPrefix("questionnaire=exit\n") && answers[0].contains("qualification_gained=yes\n"), "\(answers)")
        let quality = try await cli.json(arguments: ["report", "quality", "--funding", "202600002", "--json"], staff: Self.claire)
        #expect(Self.cell(quality, "self_filled_exit") == 1 && Self.cell(quality, "participants") == 1, "\(quality)")
        // The audit pack lists her signature at exit with the digest the page showed her.
        let exitDigest = try #require((signed?["text"] as? String)?.firstMatch(of: /\(SHA-256\) : ([0-9a-f]{64})/)?.1).description
        let directory = try ParcoursCLI.temporaryDirectory("self-service-exit")
        defer { try? FileManager.default.removeItem(at: directory) }
        let pack = directory.appending(path: "pack.zip").path
        #expect(try await cli.run("export", "audit-pack", "--funding", "202600002", "--out", pack, staff: Self.claire).status == 0)
        _ = try ChildProcess.run("/usr/bin/env", ["python3", "-m", "zipfile", "-e", pack, directory.appending(path: "pack").path], captureOutput: true)
        let evidence = try String(contentsOf: directory.appending(path: "pack/questionnaires-signes.csv"), encoding: .utf8)
        #expect(evidence.contains(";sortie;\(Messages.date(today, .fr));\(exitDigest)"), "\(evidence)")
        let audit = try await cli.run("audit", "list", "--carrier", "\(zoe)", staff: "admin@localhost")
        #expect(audit.output.contains("questionnaire de sortie signé par la personne") && audit.output.contains("questionnaire à six mois signé"),
                "\(audit.output.suffix(800))")
    }

    /// A count of `report quality`'s summary, from its JSON.
    static func cell(_ report: Any, _ column: String) -> Int? {
        guard let object = report as? [String: Any], let sections = object["sections"] as? [[String: Any]],
              let quality = sections.first(where: { $0["name"] as? String == "quality" }),
              let rows = quality["rows"] as? [[String: Any]], let value = rows.first?[column]
        else { return nil }
        return value as? Int
    }
}
