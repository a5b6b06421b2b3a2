import Foundation
import ParcoursCore
import ParcoursStore
import ParcoursTestSupport
import PostgresNIO
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A real SMTP server on this machine (aiosmtpd, from PyPI), writing what it receives to a Maildir.
final class LocalSMTP: @unchecked Sendable {
    let port: Int
    let maildir: URL
    private(set) var pid: pid_t = 0

    init() throws {
        port = Int.random(in: 20_000...60_000)
        maildir = FileManager.default.temporaryDirectory.appending(path: "parcours-mail-\(UUID().uuidString.prefix(8))")
        try start()
    }

    func start() throws {
        pid = try ChildProcess.start(
            "/usr/bin/env", ["python3", "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:\(port)", "-c", "aiosmtpd.handlers.Mailbox", maildir.path],
            logFile: maildir.path + ".log", environment: ProcessInfo.processInfo.environment)
    }

    /// Waits until it accepts connections (Python takes a moment to start).
    func ready() async throws {
        for _ in 0..<100 {
            if (try? ChildProcess.run("/usr/bin/env", ["python3", "-c", "import socket; socket.create_connection(('127.0.0.1', \(port)), 1)"], captureOutput: true))?.status == 0 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw StoreError.unavailable(detail: "aiosmtpd did not start")
    }

    func stop() { _ = ChildProcess.stop(pid, killAfter: .seconds(5)) }

    /// The messages received: their headers (the subject decoded) and their text.
    struct Received {
        var to: String
        var subject: String
        var messageID: String
        var text: String
        /// The partner's link the text carries.
        var link: URL? {
            text.split(whereSeparator: \.isWhitespace).first { $0.contains("/orientation/por_") }.flatMap { URL(string: String($0)) }
        }
    }

    func received() throws -> [Received] {
        let script = #"""
            import email, email.header, glob, json, os, sys
            # In the order received: a Maildir file is named "<seconds>.M<microseconds>P<pid>Q<count>.<host>",
            # whose text sorts two messages of one second wrongly ("M95000" after "M120000"), and
            # whose count starts again when the server does (a test stops and restarts it): by time.
            def received(path):
                seconds, unique = os.path.basename(path).split(".")[:2]
                microseconds, rest = unique[1:].split("P", 1)
                return (int(seconds), int(microseconds), int(rest.rsplit("Q", 1)[1]))
            out = []
            for path in sorted(glob.glob(sys.argv[1] + "/new/*"), key=received):
                m = email.message_from_binary_file(open(path, "rb"))
                out.append({"to": m["To"], "subject": str(email.header.make_header(email.header.decode_header(m["Subject"]))),
                            "id": m["Message-ID"], "text": m.get_payload(decode=True).decode("utf-8")})
            print(json.dumps(out))
            """#
        let run = try ChildProcess.run("/usr/bin/env", ["python3", "-c", script, maildir.path], captureOutput: true)
        let list = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [[String: String]] ?? []
        return list.map { Received(to: $0["to"] ?? "", subject: $0["subject"] ?? "", messageID: $0["id"] ?? "", text: $0["text"] ?? "") }
    }
}

/// Mail that really leaves (issue 28): a partner's link reaches the partner through an SMTP server,
/// queued in the database, retried once the server is back, never with a secret at rest.
@Suite("Mail to partners", .serialized)
struct MailTests {
    @Test("the partner answers in Chromium, keyboard alone, from the e-mail a real SMTP server received: declined with its reason, « réorienter », a second partner accepts; a message the server missed is sent once when it is back; a reminder at ten days")
    func partnerLoopByMail() async throws {
        let smtp = try LocalSMTP()
        defer { smtp.stop() }
        try await smtp.ready()
        let service = try await APITests.start()
        defer { _ = ChildProcess.stop(service.pid) }
        var cli = ParcoursCLI(location: service.location)
        cli.extraEnvironment = [
            "PARCOURS_SMTP_URL": "smtp://127.0.0.1:\(smtp.port)", "PARCOURS_MAIL_FROM": "parcours@apess53.fr",
            "PARCOURS_PUBLIC_URL": service.base.absoluteString,
        ]
        let claire = "claire@apess53.fr"
        #expect(try await cli.run("partner", "add", "CAE Sud Mayenne", "--kind", "cae", "--email", "accueil@cae-sud53.fr", staff: claire).status == 0)
        #expect(try await cli.run("partner", "add", "Couveuse 53", "--kind", "couveuse", "--email", "contact@couveuse53.fr", staff: claire).status == 0)
        let refused = try await cli.run("partner", "add", "Sans adresse", "--kind", "cae", "--email", "accueil@", staff: claire)
        #expect(refused.status == 1 && refused.errors.contains("--email : « accueil@ » n'est pas une adresse électronique"), "\(refused.errors)")

        // The coordinator refers; the link leaves by e-mail and is shown to nobody.
        func refer(_ partner: String, on day: String? = nil) async throws -> Int {
            var arguments = ["referral", "add", "\(service.journeyInPitch)", "--partner", partner, "--reason", "test d'activité", "--json"]
            if let day { arguments += ["--on", day] }
            return try #require((try await cli.json(arguments: arguments, staff: claire) as? [String: Any])?["id"] as? Int)
        }
        let first = try await refer("CAE Sud Mayenne")
        let linked = try await cli.run("referral", "link", "\(first)", staff: claire)
        #expect(linked.status == 0 && linked.output.contains("envoyé par courriel à accueil@cae-sud53.fr"), "\(linked.output)\(linked.errors)")
        #expect(!(linked.output + linked.errors).contains("por_"))
        var mails = try smtp.received()
        #expect(mails.count == 1)
        let mail = try #require(mails.first)
        #expect(mail.to == "<accueil@cae-sud53.fr>" && mail.subject == "Orientation de Ana M. par APESS 53 : votre réponse", "\(mail.subject)")
        #expect(mail.text.contains("APESS 53 oriente vers CAE Sud Mayenne Ana M.") && mail.text.contains("Écrivez à claire@apess53.fr"), "\(mail.text)")
        let link = try #require(mail.link)
        #expect(link.absoluteString.hasPrefix(service.base.absoluteString + "/orientation/por_"))
        // No secret at rest: the outbox holds none, the link's digest is the mailed secret's.
        try await Store.withStore(at: TestDatabase.location(service.location, as: .owner), logger: TestDatabase.logger, connectTimeout: .seconds(60)) { store in
            try await store.withOwnerConnection { connection in
                let rows = try await connection.query("SELECT row_to_json(m)::text FROM mail_outbox AS m", logger: store.logger).collect()
                let outbox = try rows.first?.decode(String.self) ?? ""
                #expect(rows.count == 1 && !outbox.contains("por_"), "\(outbox)")
            }
        }

        // The partner declines from the e-mail's link, in Chromium, with the keyboard alone: « réorienter » on the coordinator's worklist.
        try Self.answerInChromium(link, "declined+no_capacity")
        let todo = try await cli.run("todo", staff: claire)
        #expect(todo.output.contains("réorienter : CAE Sud Mayenne a refusé l'orientation n° \(first)"), "\(todo.output)")

        // A second partner, whose e-mail the server misses: queued, said so, sent once when it is back.
        let second = try await refer("Couveuse 53")
        smtp.stop()
        let queued = try await cli.run("referral", "link", "\(second)", staff: claire)
        #expect(queued.status == 0 && queued.output.contains("en file d'envoi pour contact@couveuse53.fr"), "\(queued.output)\(queued.errors)")
        let waiting = try await cli.json(arguments: ["mail", "list", "--json"], staff: claire) as? [[String: Any]] ?? []
        #expect(waiting.first?["state"] as? String == "waiting" && waiting.first?["attempts"] as? Int == 1 && waiting.first?["last_error"] is String)
        try smtp.start()
        try await smtp.ready()
        // Tried again only after five minutes: the test moves the last attempt back.
        try await Self.owner(service.location, "UPDATE mail_outbox SET last_attempt_at = last_attempt_at - interval '6 minutes'")
        let sent = try await cli.run("mail", "send")
        #expect(sent.status == 0 && sent.output.contains("1 courriel(s) envoyé(s)"), "\(sent.output)\(sent.errors)")
        #expect(try await cli.run("mail", "send").output.contains("0 courriel(s) envoyé(s)"))
        mails = try smtp.received()
        #expect(mails.filter { $0.to == "<contact@couveuse53.fr>" }.count == 1)
        try Self.answerInChromium(try #require(mails.last?.link), "accepted")

        // Both answered the day they were asked: one of the two answers a refusal, the couveuse within
        // 3 days; the CAE 1 of 2 (the network's own referral to it, proposed when it was seeded, waits).
        let report = try await cli.json(arguments: ["report", "referrals", "--period", "this-year", "--json"], staff: claire) as? [String: Any]
        let rows = ((report?["sections"] as? [[String: Any]])?.first?["rows"] as? [[String: Any]]) ?? []
        func row(_ kind: String) -> [String: Any] { rows.first { $0["partner_kind"] as? String == kind } ?? [:] }
        #expect(row("all")["accepted"] as? Int == 1 && row("all")["declined"] as? Int == 1, "\(rows)")
        #expect(row("couveuse")["answered_within_3_days_pct"] as? Double == 100 && row("cae")["answered_within_3_days_pct"] as? Double == 50, "\(rows)")

        // Each delivery is in the audit log, in the reader's words.
        let audit = try await cli.run("audit", "list", staff: "admin@localhost")
        #expect(audit.output.contains("orientation n° \(first) : lien du partenaire n° ") && audit.output.contains("envoyé par courriel à accueil@cae-sud53.fr"),
                "\(audit.output.suffix(800))")

        // Ten days without an answer: `mail send` sends the reminder with a link of its own; both links work.
        let tenDaysAgo = LocalDate(Date(), in: .paris).adding(days: -11).iso
        let third = try await refer("CAE Sud Mayenne", on: tenDaysAgo)
        #expect(try await cli.run("referral", "link", "\(third)", staff: claire).status == 0)
        let reminded = try await cli.run("mail", "send")
        #expect(reminded.output.contains("1 courriel(s) envoyé(s)"), "\(reminded.output)\(reminded.errors)")
        #expect(try await cli.run("mail", "send").output.contains("0 courriel(s) envoyé(s)"))
        mails = try smtp.received().filter { $0.to == "<accueil@cae-sud53.fr>" }
        #expect(mails.count == 3 && mails.last?.subject.hasPrefix("Rappel : l'orientation de Ana M.") == true, "\(mails.map(\.subject))")
        for mail in mails.suffix(2) {
            let page = try await PartnerPage.open(try #require(mail.link))
            #expect(page.status == 200 && page.text.contains("test d&#39;activité"), "\(page.status)")
        }
    }

    @Test("mail settings are checked before anything is sent: an unreadable URL, a password in clear to another machine, a bad sender")
    func settings() throws {
        #expect(try MailSettings.fromEnvironment([:]) == nil)
        #expect(throws: Refusal.self) { try MailSettings.fromEnvironment(["PARCOURS_SMTP_URL": "mail.example.org"]) }
        #expect(throws: Refusal.self) { try MailSettings.fromEnvironment(["PARCOURS_SMTP_URL": "smtp://u:secret@mail.example.org:587"]) }
        #expect(throws: Refusal.self) { try MailSettings.fromEnvironment(["PARCOURS_SMTP_URL": "smtp://localhost", "PARCOURS_MAIL_FROM": "moi"]) }
        let tls = try #require(try MailSettings.fromEnvironment(["PARCOURS_SMTP_URL": "smtps://u%40x:p%3Bw@mail.example.org"]))
        #expect(tls.transport == .smtp(host: "mail.example.org", port: 465, tls: true, user: "u@x", password: "p;w"))
        // A header never carries a line break; UTF-8 subjects are encoded words.
        let message = MailMessage(to: "a@b.fr", subject: "Orientation de Zoé\r\nBcc: x@y.fr", body: ".début\n", messageID: "m@parcours")
        let text = message.rendered(from: "p@q.fr", date: Date(timeIntervalSince1970: 0))
        #expect(!text.contains("Bcc:") && text.contains("Subject: =?UTF-8?B?"))
    }

    static func owner(_ location: DatabaseLocation, _ sql: String) async throws {
        try await Store.withStore(at: TestDatabase.location(location, as: .owner), logger: TestDatabase.logger, connectTimeout: .seconds(60)) { store in
            try await store.withOwnerConnection { connection in
                _ = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: store.logger)
            }
        }
    }

    /// The partner's answer given in Chromium with the keyboard alone: recorded, and the page that says so accessible.
    static func answerInChromium(_ link: URL, _ answer: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let step = "keyboard:\(answer):\(link.absoluteString)"
        let result = try AccessibilityTests.check([step])[step]
        #expect(result?["keyboard"] as? Bool == true, sourceLocation: sourceLocation)
        #expect((result?["text"] as? String)?.contains("votre réponse est enregistrée") == true, "\(result?["text"] ?? "")", sourceLocation: sourceLocation)
        #expect(AccessibilityTests.violations(result).isEmpty, "\(AccessibilityTests.violations(result))", sourceLocation: sourceLocation)
    }
}

extension MailTests {
    @Test("a person's questionnaire link by e-mail: the message a real SMTP server received opens their questionnaire; a week before their four weeks end, unsigned, one reminder with a link of its own; signing spends both")
    func questionnaireByMail() async throws {
        let smtp = try LocalSMTP()
        defer { smtp.stop() }
        try await smtp.ready()
        let service = try await APITests.start()
        defer { _ = ChildProcess.stop(service.pid) }
        var cli = ParcoursCLI(location: service.location)
        cli.extraEnvironment = [
            "PARCOURS_SMTP_URL": "smtp://127.0.0.1:\(smtp.port)", "PARCOURS_MAIL_FROM": "parcours@apess53.fr",
            "PARCOURS_PUBLIC_URL": service.base.absoluteString,
        ]
        let claire = "claire@apess53.fr"
        let zoe = service.freshCarrier.rawValue
        #expect(try await cli.run("carrier", "update", "\(zoe)", "--email", "zoe@example.org", staff: claire).status == 0)
        // Her journey opened 25 days ago: her four weeks end in three days.
        let opened = LocalDate(Date(), in: .paris).adding(days: -25).iso
        let journey = try await cli.run("journey", "open", "\(zoe)", "--programme", "May'IdESS", "--on", opened, staff: claire)
        #expect(journey.status == 0, "\(journey.errors)")

        let linked = try await cli.run("carrier", "questionnaire", "\(zoe)", staff: claire)
        #expect(linked.status == 0 && linked.output.contains("envoyé par courriel à zoe@example.org"), "\(linked.output)\(linked.errors)")
        #expect(!(linked.output + linked.errors).contains("peq_"))
        func links(_ mail: LocalSMTP.Received) -> URL? {
            mail.text.split(whereSeparator: \.isWhitespace).first { $0.contains("/questionnaire/peq_") }.flatMap { URL(string: String($0)) }
        }
        var mails = try smtp.received().filter { $0.to == "<zoe@example.org>" }
        #expect(mails.count == 1 && mails.first?.subject == "APESS 53 : vos informations d'entrée à vérifier et signer", "\(mails.map(\.subject))")
        #expect(mails.first?.text.contains("Bonjour Zoé,") == true)
        let first = try #require(mails.first.flatMap(links))
        let page = try await PartnerPage.open(first)
        #expect(page.status == 200 && page.text.contains("Bonjour Zoé,"))

        // The mailer's next turns: one reminder, with a link of its own, and no other.
        #expect(try await cli.run("mail", "send").output.contains("1 courriel(s) envoyé(s)"))
        #expect(try await cli.run("mail", "send").output.contains("0 courriel(s) envoyé(s)"))
        mails = try smtp.received().filter { $0.to == "<zoe@example.org>" }
        #expect(mails.count == 2 && mails.last?.subject.hasPrefix("Rappel : vos informations d'entrée à signer avant le") == true, "\(mails.map(\.subject))")
        let reminder = try #require(mails.last.flatMap(links))
        #expect(reminder != first)
        let listed = try await cli.run("mail", "list", staff: claire)
        #expect(listed.output.contains("rappel du questionnaire") && listed.output.contains("porteur n° \(zoe)"), "\(listed.output)")

        // Signed from the reminder: both links are spent.
        let signed = try await PartnerPage.post(reminder, [
            "gender": "woman", "birth_date": "01/02/1995", "labour": "inactive", "education": "isced_0_2", "signed_name": "Zoé Durand",
        ])
        #expect(signed.status == 200 && signed.text.contains("vos réponses sont enregistrées et signées"), "\(signed.status) \(signed.text.prefix(1500))")
        #expect(try await PartnerPage.open(first).status == 410)
        #expect(try await PartnerPage.open(reminder).status == 410)
        let audit = try await cli.run("audit", "list", "--carrier", "\(zoe)", staff: "admin@localhost")
        #expect(audit.output.contains("questionnaire d'entrée") && audit.output.contains("zoe@example.org"), "\(audit.output.suffix(800))")
    }
}
