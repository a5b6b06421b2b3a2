import Foundation
import ParcoursCore
import PostgresNIO
import ParcoursServer
import ParcoursStore
import ParcoursTestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The real service on a loopback port, over HTTP, against a throwaway PostgreSQL.
@Suite("The HTTP service", .serialized)
struct APITests {
    struct Reply {
        var status: Int
        var headers: [String: String]
        var body: Data
        var json: Any? { try? JSONSerialization.jsonObject(with: body) }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// A running `parcours serve` and what a test needs to talk to it.
    final class Service: @unchecked Sendable {
        let base: URL
        let pid: pid_t
        let location: DatabaseLocation
        /// Where `parcours serve` writes its log.
        var logFile: String { FileManager.default.temporaryDirectory.appending(path: "parcours-serve-\(base.port ?? 0).log").path }
        var tokens: [String: String] = [:]
        var journeyInPitch: JourneyID
        var ronalpiaJourney: JourneyID
        var freshCarrier: CarrierID
        var programme: ProgrammeID
        /// (method, route, status) seen: every one must be in the OpenAPI document.
        var seen: Set<String> = []

        init(base: URL, pid: pid_t, location: DatabaseLocation, journeyInPitch: JourneyID, ronalpiaJourney: JourneyID, freshCarrier: CarrierID, programme: ProgrammeID) {
            self.base = base
            self.pid = pid
            self.location = location
            self.journeyInPitch = journeyInPitch
            self.ronalpiaJourney = ronalpiaJourney
            self.freshCarrier = freshCarrier
            self.programme = programme
        }

        func call(
            _ method: String, _ path: String, route: String, as who: String?, headers: [String: String] = [:], body: String? = nil
        ) async throws -> Reply {
            var request = URLRequest(url: URL(string: path, relativeTo: base)!)
            request.httpMethod = method
            if let who { request.setValue("Bearer \(tokens[who]!)", forHTTPHeaderField: "Authorization") }
            // French unless a test asks otherwise (URLSession would send the system's languages).
            request.setValue("fr", forHTTPHeaderField: "Accept-Language")
            for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
            if let body {
                request.httpBody = Data(body.utf8)
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            }
            let (data, response) = try await URLSession.shared.data(for: request)
            let http = response as! HTTPURLResponse
            var fields: [String: String] = [:]
            for (name, value) in http.allHeaderFields { fields["\(name)".lowercased()] = "\(value)" }
            seen.insert("\(method) \(route) \(http.statusCode)")
            return Reply(status: http.statusCode, headers: fields, body: data)
        }
    }

    /// A session held yesterday: attendance is a fact, recorded after it started.
    static var yesterday: String { LocalDate(Date(), in: .paris).adding(days: -1).iso }

    static func start() async throws -> Service {
        let location = try await TestDatabase.fresh()
        let service = try await Store.withStore(at: location, logger: TestDatabase.logger, connectTimeout: .seconds(60)) { store -> Service in
            let network = try await SmallNetwork.seed(store)
            let carrier = try await network.addCarrier(store, to: network.apess)
            let fresh = try await network.addCarrier(store, to: network.apess, name: "Zoé")
            let bob = try await network.addCarrier(store, to: network.ronalpia, name: "Bob")
            return try await store.transaction(as: .administrator) { tx in
                let pitch = try await SmallNetwork.journeyInPitch(carrier: carrier, programme: network.mayIdESS, tx: tx)
                let other = try await tx.openJourney(carrier: bob, programme: network.outille, cohort: nil, on: nil).id
                let port = Int.random(in: 20_000...60_000)
                var environment = ProcessInfo.processInfo.environment
                environment["DATABASE_URL"] = TestDatabase.url(of: location, as: .service)
                environment["PARCOURS_HOME"] = nil
                let log = FileManager.default.temporaryDirectory.appending(path: "parcours-serve-\(port).log").path
                let pid = try ChildProcess.start(ParcoursCLI.executable, ["serve", "--port", String(port)], logFile: log, environment: environment)
                let service = Service(
                    base: URL(string: "http://127.0.0.1:\(port)")!, pid: pid, location: location, journeyInPitch: pitch, ronalpiaJourney: other,
                    freshCarrier: fresh, programme: network.mayIdESS.id)
                for email in ["claire@apess53.fr", "marc@ronalpia.fr", "eval@reseau-ess.fr", "admin@localhost"] {
                    service.tokens[email] = try await tx.createToken(staffEmail: email, expiresAt: nil, label: "test").token
                }
                return service
            }
        }
        // Ready when /healthz answers.
        for _ in 0..<150 {
            if let reply = try? await service.call("GET", "/healthz", route: "/healthz", as: nil), reply.status == 200 { return service }
            try await Task.sleep(for: .milliseconds(100))
        }
        _ = ChildProcess.stop(service.pid)
        throw StoreError.unavailable(detail: "parcours serve did not start")
    }

    @Test("16 writers at once, 8 over HTTP and 8 from the CLI: each change's audit entry is sealed into one chain, which verifies intact")
    func sixteenWritersChain() async throws {
        let service = try await Self.start()
        defer { _ = ChildProcess.stop(service.pid) }
        let cli = ParcoursCLI(location: service.location)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<8 {
                group.addTask {
                    for n in 0..<3 {
                        let reply = try await service.call(
                            "POST", "/carriers", route: "/carriers", as: "claire@apess53.fr", headers: ["Idempotency-Key": "writer-\(writer)-\(n)"],
                            body: #"{"first_name": "Écrit\#(writer)", "last_name": "Http\#(n)"}"#)
                        #expect(reply.status == 201, "\(reply.text)")
                    }
                }
                group.addTask {
                    for n in 0..<3 {
                        let added = try await cli.run("carrier", "add", "--operator", "APESS 53", "--first-name", "Écrit\(writer)", "--last-name", "Cli\(n)")
                        #expect(added.status == 0, "\(added.errors)")
                    }
                }
            }
            try await group.waitForAll()
        }
        let verified = try await cli.run("audit", "verify")
        #expect(verified.status == 0 && verified.output.contains("Journal d'audit intact"), "\(verified.errors)")
        let (people, sealed, chained) = try await Store.withStore(at: service.location, logger: TestDatabase.logger, connectTimeout: .seconds(60)) { store in
            try await store.withOwnerConnection { connection in
                try await connection.query(
                    """
                    SELECT (SELECT count(*)::integer FROM carrier WHERE first_name LIKE 'Écrit%'),
                           (SELECT count(DISTINCT a.carrier_id)::integer FROM audit_event AS a JOIN carrier AS c ON c.id = a.carrier_id
                            WHERE c.first_name LIKE 'Écrit%' AND a.sealed_seq IS NOT NULL),
                           (SELECT count(*) = max(sealed_seq) AND count(*) = (SELECT last_seq FROM audit_head) FROM audit_event)
                    """, logger: store.logger
                ).collect().first!.decode((Int, Int, Bool).self)
            }
        }
        #expect(people == 48 && sealed == 48, "\(people) people, \(sealed) of them in the sealed chain")
        #expect(chained, "one chain, numbered without a gap, its head at its last entry")

        // The same verification over HTTP, with a checkpoint as `audit verify --checkpoint` takes it.
        let checkpoint = try await Store.withStore(at: service.location, logger: TestDatabase.logger, connectTimeout: .seconds(60)) { store in
            service.tokens[Staff.administratorEmail] = try await store.transaction(as: .administrator) {
                try await $0.createToken(staffEmail: Staff.administratorEmail, expiresAt: nil, label: "test").token
            }
            return try await store.transaction(as: .administrator) { try await $0.auditCheckpoint() }
        }
        func verify(_ checkpoint: String) async throws -> Reply {
            let query = checkpoint.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!
            return try await service.call("GET", "/audit/verify?checkpoint=\(query)", route: "/audit/verify", as: Staff.administratorEmail)
        }
        let held = try await verify(checkpoint.text)
        #expect(held.status == 200 && (held.json as? [String: Any])?["checkpoint_holds"] as? Bool == true, "\(held.text)")
        let forged = try await verify("1:" + String(repeating: "a", count: 64))
        #expect((forged.json as? [String: Any])?["checkpoint_holds"] as? Bool == false, "\(forged.text)")
        let malformed = try await verify("douze")
        #expect(malformed.status == 400 && (malformed.json as? [String: Any])?["field"] as? String == "checkpoint", "\(malformed.text)")
        #expect((malformed.json as? [String: Any])?["detail"] as? String
            == "checkpoint : « douze » n'est pas un point de contrôle : attendu NOMBRE:EMPREINTE, l'empreinte en 64 caractères hexadécimaux (tel que le dossier d'audit l'imprime)")
    }

    @Test("reads over HTTP leave receipts the service writes to the audit log within a second, and all of them when it stops")
    func readAuditOverHTTP() async throws {
        let service = try await Self.start()
        var stopped = false
        defer { if !stopped { _ = ChildProcess.stop(service.pid) } }
        func reads() async throws -> Int {
            try await Store.withStore(at: service.location, logger: TestDatabase.logger, connectTimeout: .seconds(60)) { store in
                try await store.withOwnerConnection { connection in
                    try await connection.query(
                        "SELECT count(*)::integer FROM audit_event WHERE action = 'read' AND channel = 'http' AND detail = 'journey'", logger: store.logger
                    ).collect().first!.decode(Int.self)
                }
            }
        }
        func read(_ times: Int) async throws {
            for _ in 0..<times {
                let reply = try await service.call("GET", "/journeys/\(service.journeyInPitch)", route: "/journeys/{id}", as: "claire@apess53.fr")
                #expect(reply.status == 200)
            }
        }
        try await read(20)
        try await Task.sleep(for: .seconds(1))
        // A crash now would lose none of them.
        #expect(try await reads() == 20)
        try await read(20)
        // Stopped at once (SIGTERM): the last receipts are written as it stops.
        #expect(ChildProcess.stop(service.pid, killAfter: .seconds(60)) == 0)
        stopped = true
        let log = (try? String(contentsOfFile: service.logFile, encoding: .utf8)) ?? ""
        #expect(try await reads() == 40, "the service's log ends: \(log.suffix(2_000))")
    }

    @Test("a whole journey over HTTP, and every refusal with its status: 401, 403, 404, 409, 422, idempotent retries")
    func journeyOverHTTP() async throws {
        let service = try await Self.start()
        defer { _ = ChildProcess.stop(service.pid) }
        let claire = "claire@apess53.fr", marc = "marc@ronalpia.fr", network = "eval@reseau-ess.fr"
        let pitch = service.journeyInPitch

        // 401 without a token, or with a wrong one; problem+json with a detail.
        let anonymous = try await service.call("GET", "/journeys", route: "/journeys", as: nil)
        #expect(anonymous.status == 401)
        #expect(anonymous.headers["content-type"] == "application/problem+json")
        #expect((anonymous.json as? [String: Any])?["code"] as? String == "token_required")
        #expect((anonymous.json as? [String: Any])?["detail"] as? String == "un jeton d'accès (Authorization: Bearer …) est nécessaire")
        let english = try await service.call("GET", "/journeys", route: "/journeys", as: nil, headers: ["Accept-Language": "en-GB,en;q=0.9,fr;q=0.5"])
        #expect((english.json as? [String: Any])?["detail"] as? String == "a bearer token is required (Authorization: Bearer …)")
        #expect(english.headers["content-language"] == "en")
        service.tokens["forged"] = "pcs_forged"
        #expect(try await service.call("GET", "/journeys", route: "/journeys", as: "forged").status == 401)

        // 404 for another operator's journey, never its data.
        let foreign = try await service.call("GET", "/journeys/\(service.ronalpiaJourney)", route: "/journeys/{id}", as: claire)
        #expect(foreign.status == 404)
        #expect(!foreign.text.contains("Bob"))
        #expect(try await service.call("GET", "/journeys/\(pitch)", route: "/journeys/{id}", as: marc).status == 404)

        // Reading: the journey and its version as ETag; lists are pages with a cursor.
        let read = try await service.call("GET", "/journeys/\(pitch)", route: "/journeys/{id}", as: claire)
        #expect(read.status == 200)
        #expect(read.headers["etag"] == "\"2\"")
        let page = try await service.call("GET", "/journeys?limit=1", route: "/journeys", as: network)
        let first = try #require(page.json as? [String: Any])
        #expect((first["items"] as! [Any]).count == 1)
        let cursor = try #require(first["next_cursor"] as? String)
        let second = try await service.call("GET", "/journeys?limit=1&cursor=\(cursor)", route: "/journeys", as: network)
        #expect(((second.json as! [String: Any])["items"] as! [[String: Any]]).first?["id"] as? Int != Int(cursor))

        // 403: the network role reads but never acts.
        let forbidden = try await service.call(
            "POST", "/journeys/\(pitch)/advance", route: "/journeys/{id}/advance", as: network,
            headers: ["Idempotency-Key": "n-1", "If-Match": "\"2\""], body: #"{"to": "orientation"}"#)
        #expect(forbidden.status == 403)

        // 400 without an Idempotency-Key.
        let keyless = try await service.call(
            "POST", "/journeys/\(pitch)/advance", route: "/journeys/{id}/advance", as: claire, body: #"{"to": "orientation"}"#)
        #expect(keyless.status == 400)

        // 409 on a stale version.
        let stale = try await service.call(
            "POST", "/journeys/\(pitch)/advance", route: "/journeys/{id}/advance", as: claire,
            headers: ["Idempotency-Key": "c-1", "If-Match": "\"1\""], body: #"{"to": "orientation"}"#)
        #expect(stale.status == 409)

        // 422 on a refused transition, with the rule's own words.
        let refused = try await service.call(
            "POST", "/journeys/\(pitch)/advance", route: "/journeys/{id}/advance", as: claire,
            headers: ["Idempotency-Key": "c-2"], body: #"{"to": "idea"}"#)
        #expect(refused.status == 422)
        let rule = try #require(refused.json as? [String: Any])
        #expect(rule["code"] as? String == "phase_not_reachable")
        #expect(rule["field"] as? String == "to")
        #expect(rule["values"] as? [String: String] == ["journey": "\(pitch)", "from": "pitch", "to": "idea"])
        #expect(rule["detail"] as? String == "to : le parcours n° \(pitch) est en phase « pitch » ; « idée » n'est atteignable qu'en revenant en arrière (reprise, avec un motif)")
        #expect(!(rule["detail"] as? String ?? "").contains("--"), "no CLI flag reaches an HTTP client")

        // The change, then its retry: the same answer, one event only.
        let advanced = try await service.call(
            "POST", "/journeys/\(pitch)/advance", route: "/journeys/{id}/advance", as: claire,
            headers: ["Idempotency-Key": "c-3", "If-Match": "\"2\""], body: #"{"to": "orientation"}"#)
        #expect(advanced.status == 200)
        #expect((advanced.json as? [String: Any])?["phase"] as? String == "orientation")
        let retried = try await service.call(
            "POST", "/journeys/\(pitch)/advance", route: "/journeys/{id}/advance", as: claire,
            headers: ["Idempotency-Key": "c-3", "If-Match": "\"2\""], body: #"{"to": "orientation"}"#)
        #expect(retried.status == 200)
        #expect(retried.body == advanced.body)
        #expect(retried.headers["idempotent-replayed"] == "true")
        let history = try await service.call("GET", "/journeys/\(pitch)/history", route: "/journeys/{id}/history", as: claire)
        #expect(((history.json as! [String: Any])["items"] as! [Any]).count == 3)
        // The same key for another request is refused.
        let reused = try await service.call(
            "POST", "/journeys/\(pitch)/exit", route: "/journeys/{id}/exit", as: claire,
            headers: ["Idempotency-Key": "c-3"], body: #"{"outcome": "withdrawn"}"#)
        #expect(reused.status == 400)

        // A whole journey: open, advance, pause, resume, exit.
        let opened = try await service.call(
            "POST", "/journeys", route: "/journeys", as: claire, headers: ["Idempotency-Key": "z-1"],
            body: #"{"carrier_id": \#(service.freshCarrier), "programme": \#(service.programme)}"#)
        #expect(opened.status == 201, "\(opened.text)")
        let id = try #require((opened.json as? [String: Any])?["id"] as? Int)
        for (step, body, key) in [("advance", #"{"to": "modules"}"#, "z-2"), ("pause", #"{"reason": "congé"}"#, "z-3"),
                                  ("resume", "{}", "z-4"), ("exit", #"{"outcome": "withdrawn", "reason": "emploi trouvé"}"#, "z-5")] {
            let reply = try await service.call(
                "POST", "/journeys/\(id)/\(step)", route: "/journeys/{id}/\(step)", as: claire, headers: ["Idempotency-Key": key], body: body)
            #expect(reply.status == 200, "\(step): \(reply.text)")
        }
        let closed = try await service.call("GET", "/journeys/\(id)", route: "/journeys/{id}", as: claire)
        #expect((closed.json as? [String: Any])?["phase"] as? String == "withdrawn")
        #expect(closed.headers["etag"] == "\"5\"")

        // Reads of the other resources.
        #expect(try await service.call("GET", "/carriers", route: "/carriers", as: claire).status == 200)
        #expect(try await service.call("GET", "/carriers/\(service.freshCarrier)", route: "/carriers/{id}", as: claire).status == 200)
        #expect(try await service.call("GET", "/worklist", route: "/worklist", as: claire).status == 200)
        let report = try await service.call("GET", "/reports/outcomes?period=this-year&by=operator", route: "/reports/{name}", as: network)
        #expect(report.status == 200)
        #expect((report.json as? [String: Any])?["report"] as? String == "outcomes")
        #expect(try await service.call("GET", "/reports/bogus?period=2026", route: "/reports/{name}", as: network).status == 404)
        #expect(try await service.call("GET", "/reports/activity", route: "/reports/{name}", as: network).status == 400)
        // The breakdown's level, as --level says it (French words too), or a 400 naming the field.
        let byRegion = try await service.call("GET", "/reports/activity?period=this-year&by=territory&level=r%C3%A9gion", route: "/reports/{name}", as: network)
        #expect(byRegion.status == 200, "\(byRegion.text)")
        let badLevel = try await service.call("GET", "/reports/activity?period=this-year&by=territory&level=zz", route: "/reports/{name}", as: network)
        #expect(badLevel.status == 400 && badLevel.text.contains("level"), "\(badLevel.text)")
        let worklist = try await service.call("GET", "/worklist?limit=1", route: "/worklist", as: claire)
        #expect(worklist.status == 200 && (worklist.json as? [String: Any])?["total"] is Int)
        #expect(try await service.call("GET", "/worklist?limit=0", route: "/worklist", as: claire).status == 400)
        let dashboard = try await service.call("GET", "/dashboards/", route: "/dashboards/", as: network)
        #expect(dashboard.status == 200 && dashboard.text.contains("<svg"))
        #expect(try await service.call("GET", "/readyz", route: "/readyz", as: nil).status == 200)

        // The OpenAPI document: valid YAML, exactly the routes served, every status seen documented.
        try await Self.checkDocumented(service)

        // SIGTERM: a graceful stop.
        #expect(ChildProcess.stop(service.pid) == 0)
    }

    @Test("HTTP tells the truth: 403 to read-only roles before anything, one first answer for 20 concurrent retries, bad input of any shape a 4xx naming the field")
    func truthfulHTTP() async throws {
        let service = try await Self.start()
        defer { _ = ChildProcess.stop(service.pid) }
        let claire = "claire@apess53.fr", network = "eval@reseau-ess.fr"
        let pitch = service.journeyInPitch

        // A read-only role is refused, and the refusal is not kept as the key's answer.
        for _ in 0..<2 {
            let end = try await service.call(
                "POST", "/journeys/\(pitch)/cape/end", route: "/journeys/{id}/cape/end", as: network,
                headers: ["Idempotency-Key": "ro-1"], body: #"{"on": "2026-01-10", "reason": "fin"}"#)
            #expect(end.status == 403, "\(end.text)")
            let answer = try await service.call(
                "POST", "/referrals/1/answer", route: "/referrals/{id}/answer", as: network,
                headers: ["Idempotency-Key": "ro-2"], body: #"{"status": "accepted"}"#)
            #expect(answer.status == 403, "\(answer.text)")
            #expect(answer.headers["idempotent-replayed"] == nil)
        }

        // 20 concurrent requests under one key: one carrier, and every one gets the first answer.
        let body = #"{"first_name": "Lina", "last_name": "Concurrente"}"#
        let replies = try await withThrowingTaskGroup(of: Reply.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    try await service.call("POST", "/carriers", route: "/carriers", as: claire, headers: ["Idempotency-Key": "same-1"], body: body)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(replies.map(\.status) == Array(repeating: 201, count: 20), "\(replies.map(\.status))")
        #expect(Set(replies.map(\.text)).count == 1)
        #expect(replies.filter { $0.headers["idempotent-replayed"] == "true" }.count == 19)
        let lina = try await Store.withStore(at: service.location, logger: TestDatabase.logger, connectTimeout: .seconds(60)) { store in
            try await store.transaction(as: .administrator) { try await $0.count("SELECT count(*)::int FROM carrier WHERE last_name = 'Concurrente'") }
        }
        #expect(lina == 1)

        // Bad input of every shape: a 4xx problem naming the field, never a 500, never a type name.
        let huge = String(repeating: "x", count: 70 * 1024)
        let cases: [(path: String, route: String, body: String?, status: Int, code: String, field: String, detail: String)] = [
            ("/carriers", "/carriers", #"{"first_name": "A\u0000na", "last_name": "Nul"}"#, 400, "control_character", "first_name",
             "first_name : contient un caractère de contrôle ou un octet nul"),
            ("/carriers", "/carriers", #"{"first_name": "\#(String(repeating: "é", count: 3000))", "last_name": "Long"}"#, 400, "too_long", "first_name",
             "first_name : dépasse 100 caractères"),
            ("/carriers", "/carriers", #"{"first_name": "\#(huge)", "last_name": "Huge"}"#, 413, "body_too_large", "body", "dépasse 64 Ko"),
            ("/carriers", "/carriers", #"{"first_name": "Ana", "last_name": "Ancienne", "birth_date": "0232-05-01"}"#, 400, "date_too_early", "birth_date",
             "birth_date : 01/05/0232 est antérieure à 1900"),
            ("/journeys", "/journeys", #"{"carrier_id": \#(service.freshCarrier), "programme": \#(service.programme), "on": "0232-01-01"}"#, 400,
             "date_too_early", "on", "on : 01/01/0232 est antérieure à 1900"),
            ("/journeys/\(service.journeyInPitch)/exit", "/journeys/{id}/exit", #"{"outcome": "withdrawn", "legalForm": "scic"}"#, 400,
             "unknown_field", "legalForm", "legalForm : champ inconnu"),
        ]
        for (index, bad) in cases.enumerated() {
            let reply = try await service.call(
                "POST", bad.path, route: bad.route, as: claire, headers: ["Idempotency-Key": "bad-\(index)"], body: bad.body)
            let problem = reply.json as? [String: Any]
            let detail = problem?["detail"] as? String ?? ""
            #expect(reply.status == bad.status, "case \(index): \(reply.status) \(reply.text.prefix(200))")
            #expect(problem?["code"] as? String == bad.code, "case \(index): \(reply.text.prefix(300))")
            #expect(problem?["field"] as? String == bad.field, "case \(index): \(reply.text.prefix(300))")
            #expect(detail.contains(bad.detail), "case \(index): \(detail)")
            #expect(!["PSQL", "Error(", "Swift.", "NIO"].contains { reply.text.contains($0) }, "case \(index): \(reply.text.prefix(200))")
        }
        let nulQuery = try await service.call("GET", "/journeys?phase=%00", route: "/journeys", as: claire)
        #expect(nulQuery.status == 400)
        #expect((nulQuery.json as? [String: Any])?["detail"] as? String == "phase : contient un caractère de contrôle ou un octet nul")
        try await Self.checkDocumented(service)

        // The service's log: every answered request with its request id and, once known, its staff
        // id; never the people's names it handled.
        let log = try String(contentsOfFile: service.logFile, encoding: .utf8)
        let answered = log.split(separator: "\n").filter { $0.contains("answered") }
        #expect(answered.count > 30)
        #expect(answered.allSatisfy { $0.contains("request=") })
        #expect(answered.filter { $0.contains("status=201") }.allSatisfy { $0.contains("staff=") })
        #expect(!log.contains("Concurrente") && !log.contains("Lina"))
    }

    @Test("the personal data lifecycle over HTTP: erasure, subject access, consent withdrawal, retention, audit — coordinators and the administrator only")
    func personalDataOverHTTP() async throws {
        let service = try await Self.start()
        defer { _ = ChildProcess.stop(service.pid) }
        let marc = "marc@ronalpia.fr", claire = "claire@apess53.fr", network = "eval@reseau-ess.fr"
        let journey = try await service.call("GET", "/journeys/\(service.ronalpiaJourney)", route: "/journeys/{id}", as: marc)
        let bob = try #require((journey.json as? [String: Any])?["carrier_id"] as? Int)

        #expect(try await service.call(
            "POST", "/carriers/\(bob)/erase", route: "/carriers/{id}/erase", as: network, headers: ["Idempotency-Key": "e-1"],
            body: #"{"reason": "demande"}"#).status == 403)
        #expect(try await service.call(
            "POST", "/carriers/\(service.freshCarrier)/erase", route: "/carriers/{id}/erase", as: claire, headers: ["Idempotency-Key": "e-2"],
            body: #"{"reason": "demande"}"#).status == 403)
        #expect(try await service.call(
            "POST", "/carriers/\(bob)/erase", route: "/carriers/{id}/erase", as: marc, headers: ["Idempotency-Key": "e-3"],
            body: #"{}"#).status == 400)
        let erased = try await service.call(
            "POST", "/carriers/\(bob)/erase", route: "/carriers/{id}/erase", as: marc, headers: ["Idempotency-Key": "e-4"],
            body: #"{"reason": "demande écrite"}"#)
        #expect(erased.status == 200, "\(erased.text)")

        let data = try await service.call("GET", "/carriers/\(bob)/personal-data", route: "/carriers/{id}/personal-data", as: marc)
        #expect(data.status == 200)
        let carrier = (data.json as? [String: Any])?["carrier"] as? [String: Any]
        #expect(carrier?["last_name"] as? String == "[effacé]")
        #expect(((data.json as? [String: Any])?["audit"] as? [[String: Any]])?.contains { $0["action"] as? String == "erase" && $0["channel"] as? String == "http" } == true)
        #expect(try await service.call("GET", "/carriers/\(bob)/personal-data", route: "/carriers/{id}/personal-data", as: claire).status == 403)

        #expect(try await service.call(
            "POST", "/carriers/\(bob)/withdraw-consent", route: "/carriers/{id}/withdraw-consent", as: marc,
            headers: ["Idempotency-Key": "w-1"]).status == 200)
        // Unknown ids are 404, never 500 (found by schemathesis).
        #expect(try await service.call(
            "POST", "/carriers/7722/withdraw-consent", route: "/carriers/{id}/withdraw-consent", as: marc,
            headers: ["Idempotency-Key": "w-2"]).status == 404)
        #expect(try await service.call(
            "POST", "/carriers/7722/erase", route: "/carriers/{id}/erase", as: marc,
            headers: ["Idempotency-Key": "w-3"], body: #"{"reason": "x"}"#).status == 404)
        let due = try await service.call("GET", "/retention?years=5", route: "/retention", as: marc)
        #expect(due.status == 200)
        #expect(try await service.call("POST", "/retention/apply", route: "/retention/apply", as: network, headers: ["Idempotency-Key": "r-1"]).status == 403)
        #expect(try await service.call("POST", "/retention/apply", route: "/retention/apply", as: marc, headers: ["Idempotency-Key": "r-2"], body: #"{"years": 5}"#).status == 200)

        let audit = try await service.call("GET", "/audit?carrier_id=\(bob)", route: "/audit", as: marc)
        #expect(audit.status == 200)
        #expect(((audit.json as? [String: Any])?["items"] as? [[String: Any]])?.map { $0["action"] as? String } .contains("erase") == true)
        #expect(try await service.call("GET", "/audit", route: "/audit", as: claire).status == 403)
        #expect(try await service.call("GET", "/audit/verify", route: "/audit/verify", as: marc).status == 403)
        try await Self.checkDocumented(service)
    }

    @Test("an exit with an activity created over HTTP: the body's fields are the CLI's options, refusals the same")
    func exitWithActivityOverHTTP() async throws {
        let service = try await Self.start()
        defer { _ = ChildProcess.stop(service.pid) }
        let claire = "claire@apess53.fr", path = "/journeys/\(service.journeyInPitch)/exit"
        let incomplete = try await service.call(
            "POST", path, route: "/journeys/{id}/exit", as: claire, headers: ["Idempotency-Key": "a-1"], body: #"{"outcome": "activity_created"}"#)
        #expect(incomplete.status == 400)
        #expect((incomplete.json as? [String: Any])?["code"] as? String == "required_with")
        #expect((incomplete.json as? [String: Any])?["field"] as? String == "legal_form")
        let today = LocalDate(Date(), in: .paris).iso
        let exit = try await service.call(
            "POST", path, route: "/journeys/{id}/exit", as: claire, headers: ["Idempotency-Key": "a-2"],
            body: #"{"outcome": "activity_created", "legal_form": "scic", "activity_date": "\#(today)", "jobs": "1,5"}"#)
        #expect(exit.status == 200, "\(exit.text)")
        #expect((exit.json as? [String: Any])?["phase"] as? String == "activity_created")
        try await Self.checkDocumented(service)
    }

    @Test("intake over HTTP: a first contact, its admission and a decline, with the CLI's fields and French words")
    func intakeOverHTTP() async throws {
        let service = try await Self.start()
        defer { _ = ChildProcess.stop(service.pid) }
        let claire = "claire@apess53.fr"
        let bad = try await service.call(
            "POST", "/intakes", route: "/intakes", as: claire, headers: ["Idempotency-Key": "i-0"],
            body: #"{"first_name": "Inès", "prescriber": "facteur"}"#)
        #expect(bad.status == 400)
        #expect((bad.json as? [String: Any])?["field"] as? String == "prescriber")
        let added = try await service.call(
            "POST", "/intakes", route: "/intakes", as: claire, headers: ["Idempotency-Key": "i-1"],
            body: #"{"first_name": "Inès", "last_name": "Girard", "prescriber": "Pôle emploi", "commune": "Ernée"}"#)
        #expect(added.status == 201 || added.status == 200, "\(added.text)")
        let intake = try #require((added.json as? [String: Any])?["id"] as? Int)
        #expect((added.json as? [String: Any])?["prescriber"] as? String == "france_travail")
        let admitted = try await service.call(
            "POST", "/intakes/\(intake)/admit", route: "/intakes/{id}/admit", as: claire, headers: ["Idempotency-Key": "i-2"],
            body: #"{"programme": \#(service.programme.rawValue)}"#)
        #expect(admitted.status == 200, "\(admitted.text)")
        #expect((admitted.json as? [String: Any])?["status"] as? String == "admitted")
        let again = try await service.call(
            "POST", "/intakes/\(intake)/decline", route: "/intakes/{id}/decline", as: claire, headers: ["Idempotency-Key": "i-3"],
            body: #"{"reason": "désistement"}"#)
        #expect(again.status == 409 || again.status == 422, "\(again.text)")
        #expect((again.json as? [String: Any])?["code"] as? String == "intake_decided")
        let listed = try await service.call("GET", "/intakes", route: "/intakes", as: claire)
        #expect(((listed.json as? [String: Any])?["items"] as? [Any])?.count == 1)

        // The same person again: said in French, recorded when confirmed, corrected, merged, erased.
        let twice = try await service.call(
            "POST", "/intakes", route: "/intakes", as: claire, headers: ["Idempotency-Key": "i-4"],
            body: #"{"first_name": "Ines", "last_name": "GIRARD", "prescriber": "caf"}"#)
        #expect(twice.status == 409, "\(twice.text)")
        #expect((twice.json as? [String: Any])?["code"] as? String == "intake_known_contact")
        #expect(((twice.json as? [String: Any])?["detail"] as? String)?.contains("Ines GIRARD a sans doute déjà un premier contact : n° \(intake) (Inès Girard), du ") == true)
        let confirmed = try await service.call(
            "POST", "/intakes", route: "/intakes", as: claire, headers: ["Idempotency-Key": "i-5"],
            body: #"{"first_name": "Ines", "last_name": "GIRARD", "prescriber": "caf", "allow_duplicate": true}"#)
        let duplicate = try #require((confirmed.json as? [String: Any])?["id"] as? Int, "\(confirmed.text)")
        let patched = try await service.call(
            "PATCH", "/intakes/\(duplicate)", route: "/intakes/{id}", as: claire, headers: ["Idempotency-Key": "i-6"],
            body: #"{"phone": "06 12 34 56 78", "prescriber": "Mission locale"}"#)
        #expect((patched.json as? [String: Any])?["prescriber"] as? String == "mission_locale", "\(patched.text)")
        let merged = try await service.call(
            "POST", "/intakes/\(intake)/merge", route: "/intakes/{id}/merge", as: "admin@localhost", headers: ["Idempotency-Key": "i-7"],
            body: #"{"duplicate": \#(duplicate)}"#)
        #expect((merged.json as? [String: Any])?["phone"] as? String == "06 12 34 56 78", "\(merged.text)")
        #expect((merged.json as? [String: Any])?["merged_ids"] as? [Int] == [duplicate])
        let erased = try await service.call(
            "POST", "/intakes/\(intake)/erase", route: "/intakes/{id}/erase", as: "admin@localhost", headers: ["Idempotency-Key": "i-8"])
        #expect((erased.json as? [String: Any])?["last_name"] as? String == "[effacé]", "\(erased.text)")
        try await Self.checkDocumented(service)
    }

    @Test("a seeded fuzz of the JSON bodies: 2,000 requests, every answer a 2xx or a 4xx naming what is wrong, nothing half-written")
    func fuzzedBodies() async throws {
        let service = try await Self.start()
        defer { _ = ChildProcess.stop(service.pid) }
        let claire = "claire@apess53.fr"
        var random = SeededRandom(seed: 7)
        let pitch = service.journeyInPitch
        let templates: [(path: String, route: String, body: [String: Any])] = [
            ("/carriers", "/carriers", ["first_name": "Ana", "last_name": "Fuzz", "gender": "woman", "birth_date": "1990-05-04", "email": "a@b.fr",
                                        "allow_duplicate": true]),
            ("/journeys", "/journeys", ["carrier_id": Int(service.freshCarrier.rawValue), "programme": Int(service.programme.rawValue), "on": "2026-01-05"]),
            ("/journeys/\(pitch)/advance", "/journeys/{id}/advance", ["to": "orientation", "reason": "jury", "on": "2026-01-05"]),
            ("/sessions", "/sessions", ["programme": Int(service.programme.rawValue), "kind": "module", "title": "T", "at": "2026-01-15T14:00", "duration": 60]),
            ("/journeys/\(pitch)/referrals", "/journeys/{id}/referrals", ["partner": 1, "reason": "test", "consent_to_share": false]),
            ("/journeys/\(pitch)/follow-ups", "/journeys/{id}/follow-ups", ["after_months": 6, "situation": "employed"]),
        ]
        func randomValue() -> Any {
            switch Int.random(in: 0..<8, using: &random) {
            case 0: return random.nastyText()
            case 1: return [Int.max, Int.min, 0, -1, 1 << 40].randomElement(using: &random)!
            case 2: return NSNull()
            case 3: return Bool.random(using: &random)
            case 4: return [random.nastyText()]
            case 5: return ["x": random.nastyText()]
            case 6: return 1.5e300
            default: return "2026-13-45"
            }
        }
        var created = 0
        var statuses: [Int: Int] = [:]
        for index in 0..<2_000 {
            let template = templates[index % templates.count]
            var body = template.body
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                guard let key = body.keys.sorted().randomElement(using: &random) else { break }
                if Int.random(in: 0..<5, using: &random) == 0 { body[key] = nil } else { body[key] = randomValue() }
            }
            var text = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
            if Int.random(in: 0..<15, using: &random) == 0 { text = String(text.dropLast(Int.random(in: 1...5, using: &random))) }
            let reply = try await service.call(
                "POST", template.path, route: template.route, as: claire, headers: ["Idempotency-Key": "fz-\(index)"], body: text)
            statuses[reply.status, default: 0] += 1
            #expect([200, 201, 400, 403, 404, 409, 413, 422].contains(reply.status), "\(template.path) \(text.prefix(200)) → \(reply.status) \(reply.text.prefix(200))")
            if reply.status >= 400 {
                let detail = (reply.json as? [String: Any])?["detail"] as? String ?? ""
                #expect(detail.contains(":") || detail.contains("'") || reply.status != 400, "no field named: \(detail)")
            }
            if template.path == "/carriers", reply.status == 201 { created += 1 }
        }
        let fuzzed = try await Store.withStore(at: service.location, logger: TestDatabase.logger, connectTimeout: .seconds(60)) { store in
            try await store.transaction(as: .administrator) { try await $0.count("SELECT count(*)::int FROM carrier WHERE last_name <> 'Martin' AND first_name <> 'Zoé' AND first_name <> 'Bob'") }
        }
        #expect(fuzzed == created, "\(statuses)")
        #expect((statuses[400] ?? 0) > 500 && created > 10, "\(statuses)")
    }

    @Test("the journey's content over HTTP: sessions and attendance, jury, partners, referrals, follow-ups")
    func contentOverHTTP() async throws {
        let service = try await Self.start()
        defer { _ = ChildProcess.stop(service.pid) }
        let claire = "claire@apess53.fr", network = "eval@reseau-ess.fr"
        let pitch = service.journeyInPitch

        // A new carrier, in the counsellor's operator (and caseload); another operator cannot see it.
        let added = try await service.call(
            "POST", "/carriers", route: "/carriers", as: claire, headers: ["Idempotency-Key": "k-1"],
            body: #"{"first_name": "Inès", "last_name": "Petit", "gender": "woman", "birth_date": "1991-04-02"}"#)
        #expect(added.status == 201, "\(added.text)")
        #expect((added.json as? [String: Any])?["operator"] as? String == "APESS 53")
        let addedID = try #require((added.json as? [String: Any])?["id"] as? Int)
        #expect(try await service.call("GET", "/carriers/\(addedID)", route: "/carriers/{id}", as: "marc@ronalpia.fr").status == 404)

        // A session of the programme, and its attendance in bulk.
        let session = try await service.call(
            "POST", "/sessions", route: "/sessions", as: claire, headers: ["Idempotency-Key": "s-1"],
            body: #"{"programme": \#(service.programme), "kind": "module", "title": "Comptabilité", "at": "\#(Self.yesterday)T14:00", "duration": 180}"#)
        #expect(session.status == 201, "\(session.text)")
        let sessionID = try #require((session.json as? [String: Any])?["id"] as? Int)
        let badKind = try await service.call(
            "POST", "/sessions", route: "/sessions", as: claire, headers: ["Idempotency-Key": "s-2"],
            body: #"{"programme": \#(service.programme), "kind": "party", "title": "x", "at": "2026-01-15T14:00", "duration": 60}"#)
        #expect(badKind.status == 400)
        #expect((badKind.json as? [String: Any])?["code"] as? String == "unknown_choice")
        #expect((badKind.json as? [String: Any])?["field"] as? String == "kind")
        #expect((badKind.json as? [String: Any])?["detail"] as? String == "kind : « party » inconnu (attendu : réunion d'information, atelier, module, rendez-vous, visite, pitch)")
        let journey = try await service.call("GET", "/journeys/\(pitch)", route: "/journeys/{id}", as: claire)
        let carrier = try #require((journey.json as? [String: Any])?["carrier_id"] as? Int)
        let attendance = try await service.call(
            "POST", "/sessions/\(sessionID)/attendance", route: "/sessions/{id}/attendance", as: claire, headers: ["Idempotency-Key": "s-3"],
            body: #"{"entries": [{"carrier_id": \#(carrier), "status": "present", "minutes": 120}]}"#)
        #expect(attendance.status == 200, "\(attendance.text)")
        // An entry without its status is the client's mistake, named by its place in the body (not a 500).
        let statusless = try await service.call(
            "POST", "/sessions/\(sessionID)/attendance", route: "/sessions/{id}/attendance", as: claire, headers: ["Idempotency-Key": "s-3b"],
            body: #"{"entries": [{"carrier_id": \#(carrier), "minutes": 120}]}"#)
        #expect(statusless.status == 400, "\(statusless.text)")
        #expect((statusless.json as? [String: Any])?["field"] as? String == "entries[0].status")
        #expect(try await service.call("GET", "/sessions?programme_id=\(service.programme)", route: "/sessions", as: claire).status == 200)
        // Found by schemathesis: the same carrier twice in one call, an absurd horizon.
        let twice = try await service.call(
            "POST", "/sessions/\(sessionID)/attendance", route: "/sessions/{id}/attendance", as: claire, headers: ["Idempotency-Key": "s-4"],
            body: #"{"entries": [{"carrier_id": \#(carrier), "status": "present"}, {"carrier_id": \#(carrier), "status": "absent"}]}"#)
        #expect(twice.status == 422)
        let problems = (twice.json as? [String: Any])?["problems"] as? [[String: Any]]
        #expect((twice.json as? [String: Any])?["code"] as? String == "nothing_done")
        #expect(problems?.map { $0["code"] as? String } == ["listed_twice"])
        #expect(try await service.call("GET", "/worklist?within=-3181915168332598", route: "/worklist", as: claire).status == 400)

        // The jury sends the carrier back to the modules.
        let jury = try await service.call(
            "POST", "/journeys/\(pitch)/jury", route: "/journeys/{id}/jury", as: claire, headers: ["Idempotency-Key": "j-1"],
            body: #"{"decision": "rework", "note": "revoir le modèle économique"}"#)
        #expect(jury.status == 200, "\(jury.text)")
        #expect((jury.json as? [String: Any])?["phase"] as? String == "modules")

        // Partners and referrals: the network role reads but may not add.
        let denied = try await service.call(
            "POST", "/partners", route: "/partners", as: network, headers: ["Idempotency-Key": "p-0"], body: #"{"name": "X", "kind": "cae"}"#)
        #expect(denied.status == 403)
        let partner = try await service.call(
            "POST", "/partners", route: "/partners", as: claire, headers: ["Idempotency-Key": "p-1"],
            body: #"{"name": "Coopaname", "kind": "cae", "contact": "contact@coopaname.example"}"#)
        #expect(partner.status == 201, "\(partner.text)")
        let partnerID = try #require((partner.json as? [String: Any])?["id"] as? Int)
        let referral = try await service.call(
            "POST", "/journeys/\(pitch)/referrals", route: "/journeys/{id}/referrals", as: claire, headers: ["Idempotency-Key": "r-1"],
            body: #"{"partner": \#(partnerID), "reason": "test en CAE", "consent_to_share": true}"#)
        #expect(referral.status == 201, "\(referral.text)")
        let referralID = try #require((referral.json as? [String: Any])?["id"] as? Int)
        let answer = try await service.call(
            "POST", "/referrals/\(referralID)/answer", route: "/referrals/{id}/answer", as: claire, headers: ["Idempotency-Key": "r-2"],
            body: #"{"status": "accepted"}"#)
        #expect((answer.json as? [String: Any])?["status"] as? String == "accepted")
        #expect(try await service.call("GET", "/referrals?status=accepted", route: "/referrals", as: claire).status == 200)
        // Lists are pages: two partners, one a page, the cursor leads to the other.
        let firstPage = try await service.call("GET", "/partners?limit=1", route: "/partners", as: network)
        let firstItems = try #require(firstPage.json as? [String: Any])
        let next = try #require(firstItems["next_cursor"] as? String)
        let secondPage = try await service.call("GET", "/partners?limit=1&cursor=\(next)", route: "/partners", as: network)
        let names = [firstItems, secondPage.json as! [String: Any]].compactMap { (($0["items"] as? [[String: Any]])?.first)?["name"] as? String }
        #expect(Set(names) == ["Coopaname", "Coopérer pour Entreprendre"])
        #expect(try await service.call("GET", "/partners?cursor=garbage!", route: "/partners", as: network).status == 400)

        // A follow-up needs an exit first: 422 with the rule; then after the exit, 201.
        let early = try await service.call(
            "POST", "/journeys/\(pitch)/follow-ups", route: "/journeys/{id}/follow-ups", as: claire, headers: ["Idempotency-Key": "f-1"],
            body: #"{"after_months": 0, "situation": "job_seeking"}"#)
        #expect(early.status == 422)
        let exit = try await service.call(
            "POST", "/journeys/\(pitch)/exit", route: "/journeys/{id}/exit", as: claire, headers: ["Idempotency-Key": "f-2"],
            body: #"{"outcome": "withdrawn"}"#)
        #expect(exit.status == 200, "\(exit.text)")
        let followUp = try await service.call(
            "POST", "/journeys/\(pitch)/follow-ups", route: "/journeys/{id}/follow-ups", as: claire, headers: ["Idempotency-Key": "f-3"],
            body: #"{"after_months": 0, "situation": "job_seeking"}"#)
        #expect(followUp.status == 201, "\(followUp.text)")
        #expect(try await service.call("GET", "/journeys/\(pitch)/cape", route: "/journeys/{id}/cape", as: claire).status == 200)
        try await Self.checkDocumented(service)
    }

    @Test("a funder's staff read the aggregates and exports of their own agreements, never a person's record")
    func funderRole() async throws {
        let service = try await Self.start()
        defer { _ = ChildProcess.stop(service.pid) }
        try await Store.withStore(at: service.location, logger: TestDatabase.logger, connectTimeout: .seconds(60)) { store in
            try await store.transaction(as: .administrator) { tx in
                let esf = try await tx.addFunder(name: "FSE+ Pays de la Loire", kind: .esfPlus)
                let region = try await tx.addFunder(name: "Région AURA", kind: .region)
                let apess = try await tx.resolveOperator("APESS 53"), ronalpia = try await tx.resolveOperator("Ronalpia")
                let day = LocalDate(year: 2020, month: 1, day: 1)!, end = LocalDate(year: 2030, month: 12, day: 31)!
                _ = try await tx.addFunding(FundingDraft(
                    operatorID: apess, funderID: esf.id, code: "202003945", title: "May'IdESS", startsOn: day, endsOn: end,
                    programmes: [try await tx.resolveProgramme("May'IdESS").id]))
                _ = try await tx.addFunding(FundingDraft(
                    operatorID: ronalpia, funderID: region.id, code: "AURA-1", title: "Outille", startsOn: day, endsOn: end,
                    programmes: [try await tx.resolveProgramme("Outille ton projet").id]))
                _ = try await tx.addStaff(email: "fse@region.example", displayName: "FSE", role: .funder, operatorID: nil, funderID: esf.id)
                service.tokens["fse@region.example"] = try await tx.createToken(staffEmail: "fse@region.example", expiresAt: nil, label: nil).token
            }
        }
        let funder = "fse@region.example"
        // No person's record: journeys, carriers, history are refused.
        #expect(try await service.call("GET", "/journeys", route: "/journeys", as: funder).status == 403)
        #expect(try await service.call("GET", "/carriers", route: "/carriers", as: funder).status == 403)
        // The aggregates of its agreement: the same figures the operator's coordinator would get.
        let theirs = try await service.call("GET", "/reports/activity?period=this-year&funding=202003945", route: "/reports/{name}", as: funder)
        #expect(theirs.status == 200, "\(theirs.text)")
        func active(_ reply: Reply) -> Int? {
            (((reply.json as? [String: Any])?["sections"] as? [[String: Any]])?.first?["rows"] as? [[String: Any]])?.first?["carriers_active"] as? Int
        }
        let network = try await service.call("GET", "/reports/activity?period=this-year&funding=202003945", route: "/reports/{name}", as: "eval@reseau-ess.fr")
        #expect(active(theirs) == active(network))
        #expect(active(theirs) == 1)  // the May'IdESS journey in pitch
        // Without a funding scope, still only what its agreements cover (not Ronalpia's journey).
        let unscoped = try await service.call("GET", "/reports/activity?period=this-year", route: "/reports/{name}", as: funder)
        #expect(active(unscoped) == 1)
        // Exports: pseudonymous, names refused (the agreement does not require them), another funder's agreement unknown.
        let named = try await service.call("GET", "/exports/fse?funding=202003945&named=true&format=json", route: "/exports/fse", as: funder)
        #expect(named.status == 403)
        let file = try await service.call("GET", "/exports/fse?funding=202003945&format=json", route: "/exports/fse", as: funder)
        #expect(file.status == 200)
        #expect(!file.text.contains("Martin"))
        #expect(try await service.call("GET", "/exports/fse?funding=AURA-1&format=json", route: "/exports/fse", as: funder).status == 404)
        #expect(try await service.call("GET", "/dashboards/", route: "/dashboards/", as: funder).status == 200)
        // The evidence with names (attendance sheets, the audit pack) is the operator's; the quality
        // of its file is the funder's to see, pseudonymous.
        #expect(try await service.call("GET", "/exports/audit-pack?funding=202003945", route: "/exports/audit-pack", as: funder).status == 403)
        #expect([403, 404].contains(try await service.call("GET", "/sessions/1/sheet", route: "/sessions/{id}/sheet", as: funder).status))
        let quality = try await service.call("GET", "/reports/quality?funding=202003945", route: "/reports/{name}", as: funder)
        #expect(quality.status == 200 && !quality.text.contains("Martin"), "\(quality.text)")

        // Through SQL, as the funder's token on the service's own login: no row of a person, no
        // salt, no e-mail, no scope function; the aggregate functions answer.
        let serviceLogin = try TestDatabase.location(service.location, as: .service)
        let token = try #require(service.tokens[funder])
        try await Store.withStore(at: serviceLogin, logger: TestDatabase.logger, connectTimeout: .seconds(60)) { store in
            try await store.transaction(as: .token(token)) { tx in
                for table in [
                    "carrier", "carrier_profile", "journey", "journey_event", "referral", "attendance", "follow_up", "activity", "jury_decision",
                    "attendance_sheet_scan", "participant_quality",
                ] {
                    #expect(try await tx.count(PostgresQuery(unsafeSQL: "SELECT count(*)::int FROM \(table)")) == 0, "\(table)")
                }
                #expect(try await tx.refusal("SELECT pseudonym_salt FROM funding")?.contains("permission denied") == true)
                #expect(try await tx.refusal("SELECT count(*) FROM parcours_scope_carrier('[{\"page\": 0}]', '{}', false, NULL)")?.contains("permission denied") == true)
                #expect(try await tx.connection.query("SELECT parcours_staff_email(1)", logger: tx.logger).collect().first?.decode(String?.self) == nil)
                let exits = try await tx.count("SELECT count(*)::int FROM parcours_report_rows('exits', '[{\"page\": 0}]', '{}', '2020-01-01', '2030-12-31')")
                #expect(exits >= 1)
            }
        }
        // The command line refuses the same, and still computes the aggregates.
        let cli = ParcoursCLI(location: service.location)
        let listing = try await cli.run("carrier", "list", staff: funder)
        #expect(listing.status == 1)
        #expect(listing.errors.contains("travaille pour un financeur"), "\(listing.errors)")
        let namedFile = try await cli.run("export", "fse", "--funding", "202003945", "--named", staff: funder)
        #expect(namedFile.status == 1)
        #expect(namedFile.errors.contains("pseudonymisé"), "\(namedFile.errors)")
        #expect(try await cli.run("export", "fse", "--funding", "202003945", staff: funder).status == 0)
        let report = try await cli.run("report", "outcomes", "--period", "2026", staff: funder)
        #expect(report.status == 0, "\(report.errors)")
        try await Self.checkDocumented(service)
    }

    @Test("a partner answers from its link without an account: declined with its reason, « réorienter » on the worklist, the link spent; unknown, tampered and foreign forms get nothing")
    func partnerAnswersFromItsLink() async throws {
        let service = try await Self.start()
        defer { _ = ChildProcess.stop(service.pid) }
        let cli = ParcoursCLI(location: service.location)
        let claire = "claire@apess53.fr"
        #expect(try await cli.run(arguments: ["partner", "add", "France Active Mayenne", "--kind", "financement"], staff: claire).status == 0)
        let referral = try await cli.json(
            arguments: ["referral", "add", "\(service.journeyInPitch)", "--partner", "France Active Mayenne", "--reason", "prêt d'honneur", "--json"],
            staff: claire) as! [String: Any]
        let id = try #require(referral["id"] as? Int)
        let made = try await cli.json(
            arguments: ["referral", "link", "\(id)", "--base-url", service.base.absoluteString, "--json"], staff: claire) as! [String: Any]
        let url = try #require((made["url"] as? String).flatMap(URL.init(string:)))
        #expect(url.path.hasPrefix("/orientation/por_"))
        func page(_ url: URL, form: [String: String]? = nil, origin: String? = nil) async throws -> PartnerPage.Reply {
            if let form { return try await PartnerPage.post(url, form, origin: origin) }
            return try await PartnerPage.open(url)
        }
        // The referral's minimum, in French, never cached nor indexed.
        let opened = try await page(url)
        #expect(opened.status == 200)
        #expect(opened.text.contains("APESS 53 oriente vers France Active Mayenne") && opened.text.contains("prêt d&#39;honneur"), "\(opened.text)")
        #expect(opened.text.contains("<label for=\"decline_reason\">") && opened.text.contains("lang=\"fr\""))
        #expect((opened.headers["Cache-Control"] as? String) == "no-store")
        // A refusal without its reason: the page says why (422), nothing recorded.
        let bare = try await page(url, form: ["status": "declined"])
        #expect(bare.status == 422 && bare.text.contains("une orientation refusée dit pourquoi"), "\(bare.text)")
        // A form from another site: refused, whether it says where it comes from or not (no token of this page).
        let foreign = try await page(url, form: ["status": "accepted"], origin: "http://autre-site.example")
        #expect(foreign.status == 403)
        let tokenless = try await PartnerPage.post(url, ["status": "accepted"], origin: "null", withToken: false)
        #expect(tokenless.status == 403 && tokenless.text.contains("cette réponse ne vient pas de cette page"), "\(tokenless.text)")
        let declined = try await page(url, form: ["status": "refusée", "decline_reason": "plus de place", "proposed_action": "réorienter", "note": "complet jusqu'en mars"])
        #expect(declined.status == 200 && declined.text.contains("votre réponse est enregistrée"), "\(declined.text)")
        // The coordinator sees it: the referral declined with its reason, « réorienter » on the worklist, the act audited.
        let listed = try await cli.json(arguments: ["referral", "list", "--json"], staff: claire) as! [[String: Any]]
        let answered = try #require(listed.first { $0["id"] as? Int == id })
        #expect(answered["status"] as? String == "declined" && answered["decline_reason"] as? String == "no_capacity")
        #expect(answered["proposed_action"] as? String == "redirect" && answered["note"] as? String == "complet jusqu'en mars")
        let todo = try await cli.run(arguments: ["todo"], staff: claire)
        #expect(todo.output.contains("réorienter : France Active Mayenne a refusé l'orientation n° \(id)"), "\(todo.output)")
        let audit = try await cli.run(arguments: ["audit", "list"], staff: "admin@localhost")
        #expect(audit.output.contains("orientation n° \(id) : « refusée » par le partenaire (lien n° "), "\(audit.output.suffix(600))")
        // Spent: 410 and no data; a tampered secret: 404.
        let spent = try await page(url)
        #expect(spent.status == 410 && !spent.text.contains("prêt d&#39;honneur"), "\(spent.text)")
        let tampered = URL(string: url.absoluteString.dropLast() + (url.absoluteString.hasSuffix("A") ? "B" : "A"))!
        let unknown = try await page(tampered)
        #expect(unknown.status == 404 && !unknown.text.contains("France Active"))
        #expect(try await page(tampered, form: ["status": "accepted"]).status == 404)
        // 100 more wrong guesses from this address: ten unknown secrets in all (the tampered ones above too) are answered (404),
        // then every link request waits (429 with Retry-After, the database never asked) — the good one too.
        var statuses: [Int] = []
        for guess in 0..<100 {
            statuses.append(try await page(URL(string: "/orientation/por_guess\(guess)", relativeTo: service.base)!).status)
        }
        let unknownAnswered = statuses.prefix { $0 == 404 }.count
        #expect((6...8).contains(unknownAnswered) && statuses.dropFirst(unknownAnswered).allSatisfy { $0 == 429 }, "\(statuses)")
        let slowed = try await page(url)
        #expect(slowed.status == 429 && slowed.text.contains("Trop de liens inconnus ont été essayés depuis votre adresse"), "\(slowed.text)")
        #expect(Int((slowed.headers["Retry-After"] as? String) ?? "") ?? 0 > 500)
        // The secret never reaches the service's log (its requests are logged as /orientation/…).
        let log = try String(contentsOfFile: FileManager.default.temporaryDirectory.appending(path: "parcours-serve-\(service.base.port!).log").path, encoding: .utf8)
        #expect(log.contains("/orientation/…") && !log.contains(url.lastPathComponent))
    }

    @Test("a share link opens its scope's pages in Chromium without a header, masked when public, and stops after dashboard unshare")
    func shareLinks() async throws {
        let service = try await Self.start()
        defer { _ = ChildProcess.stop(service.pid) }
        let cli = ParcoursCLI(location: service.location)
        let claire = "claire@apess53.fr"
        let browser = try #require(
            ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) },
            "Debian's chromium is needed (.ci/run installs it)")
        func share(_ extra: String...) async throws -> (id: Int, url: URL) {
            let made = try await cli.json(
                arguments: ["dashboard", "share", "--scope", "operator:APESS 53", "--base-url", service.base.absoluteString, "--json"] + extra,
                staff: claire) as! [String: Any]
            return (made["id"] as! Int, URL(string: made["url"] as! String)!)
        }
        func open(_ url: URL) throws -> String {
            let profile = FileManager.default.temporaryDirectory.appending(path: "parcours-share-\(UUID().uuidString.prefix(8))")
            defer { try? FileManager.default.removeItem(at: profile) }
            let dom = try ChildProcess.run(
                browser, [
                    "--headless", "--no-sandbox", "--disable-gpu", "--accept-lang=fr", "--user-data-dir=\(profile.path)", "--dump-dom",
                    url.absoluteString,
                ],
                captureOutput: true, separateErrors: true)
            #expect(dom.status == 0)
            return dom.output
        }
        let (id, url) = try await share("--label", "comité de pilotage")
        let secret = url.pathComponents[2], path = "/share/\(url.pathComponents[2])/"
        #expect(url.absoluteString.hasPrefix(service.base.absoluteString + "/share/psh_") && url.absoluteString.hasSuffix("/"))

        // A browser with no token at all: the operator's page, its charts, links to its programmes.
        let dom = try open(url)
        #expect(dom.contains("<h1>APESS 53</h1>"), "\(dom.prefix(500))")
        #expect(dom.contains("<svg") && dom.contains("href=\"programme-\(service.programme).html\""))
        let index = try await service.call("GET", path, route: "/share/{token}/", as: nil)
        #expect(index.status == 200)
        #expect(index.headers["cache-control"] == "no-store" && index.headers["referrer-policy"] == "no-referrer")
        #expect(try await service.call("GET", path + "programme-\(service.programme).html", route: "/share/{token}/{page}", as: nil).status == 200)
        // Only its scope: another operator's page, the network's, are not there.
        let ronalpia = try await Store.withStore(at: service.location, logger: TestDatabase.logger, connectTimeout: .seconds(60)) { store in
            try await store.transaction(as: .administrator) { try await $0.resolveOperator("Ronalpia") }
        }
        #expect(try await service.call("GET", path + "operator-\(ronalpia).html", route: "/share/{token}/{page}", as: nil).status == 404)
        #expect(!(try await service.call("GET", path, route: "/share/{token}/", as: nil).text.contains("Ronalpia")))
        // Read-only: the link is no bearer token.
        service.tokens["share"] = secret
        #expect(try await service.call("GET", "/journeys", route: "/journeys", as: "share").status == 401)

        // A public link masks the small counts, and says so.
        let (_, publicURL) = try await share("--public")
        #expect(try open(publicURL).contains("&lt; 5"))
        #expect(!dom.contains("&lt; 5"))

        // Recorded in the audit log, about no one person; another operator's coordinator cannot withdraw it.
        let audit = try await cli.json("audit", "list", "--json") as! [[String: Any]]
        let shared = try #require(audit.last { $0["action"] as? String == "share" })
        #expect(shared["staff"] as? String == claire && shared["carrier_id"] is NSNull)
        #expect(try await cli.run("dashboard", "unshare", "\(id)", staff: "marc@ronalpia.fr").status == 1)
        let withdrawn = try await cli.run("dashboard", "unshare", "\(id)", staff: claire)
        #expect(withdrawn.status == 0 && withdrawn.output.contains("retiré"), "\(withdrawn.errors)")
        let listing = try await cli.run("dashboard", "shares", staff: claire)
        #expect(listing.output.contains("opérateur APESS 53") && listing.output.contains("retiré") && listing.output.contains("comité de pilotage"))

        // It stops at once: 410 and a sentence, in the browser too; an unknown link is 404.
        let gone = try await service.call("GET", path, route: "/share/{token}/", as: nil)
        #expect(gone.status == 410 && gone.text.contains("a été retiré ou a expiré"))
        #expect(try open(url).contains("a été retiré ou a expiré"))
        #expect(try await service.call("GET", "/share/psh_nothing/", route: "/share/{token}/", as: nil).status == 404)
        #expect(try await cli.run("audit", "verify").status == 0)
        // The secret never reaches the service's log.
        let log = try String(contentsOfFile: service.logFile, encoding: .utf8)
        #expect(log.contains("/share/…/") && !log.contains(secret))
        try await Self.checkDocumented(service)
    }

    /// The served /openapi.yaml: OpenAPI 3.1, exactly the routes the server registers, and every
    /// (route, status) the test saw documented.
    static func checkDocumented(_ service: Service) async throws {
        let document = try await service.call("GET", "/openapi.yaml", route: "/openapi.yaml", as: nil)
        #expect(document.status == 200)
        let file = FileManager.default.temporaryDirectory.appending(path: "openapi-\(UUID().uuidString.prefix(8)).yaml")
        try document.body.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let served = try await Store.withStore(at: service.location, logger: TestDatabase.logger, connectTimeout: .seconds(60)) { store in
            ParcoursServer(store: store, language: .fr, logger: TestDatabase.logger).routes.map { "\($0.method.rawValue) \($0.path)" }
        }
        let check = try ChildProcess.run(
            "/usr/bin/env", ["python3", "-c", openAPICheck, file.path, served.joined(separator: "\n"), service.seen.sorted().joined(separator: "\n")],
            captureOutput: true)
        #expect(check.output == "OK\n", "\(check.output)")
    }

    static let openAPICheck = #"""
        import sys, yaml
        document = yaml.safe_load(open(sys.argv[1]))
        assert document["openapi"].startswith("3.1"), "not OpenAPI 3.1"
        documented = {f"{method.upper()} {path}" for path, item in document["paths"].items() for method in item}
        served = set(sys.argv[2].split("\n"))
        problems = []
        if documented - served: problems.append(f"documented, not served: {sorted(documented - served)}")
        if served - documented: problems.append(f"served, not documented: {sorted(served - documented)}")
        for line in sys.argv[3].split("\n"):
            method, path, status = line.split(" ")
            responses = document["paths"].get(path, {}).get(method.lower(), {}).get("responses", {})
            if status not in responses: problems.append(f"{method} {path} answered {status}, not documented")
        print("\n".join(problems) if problems else "OK")
        """#
}
