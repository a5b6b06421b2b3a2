import Foundation
import ParcoursCore
import ParcoursReports
import ParcoursStore
import ParcoursTestSupport
import PostgresNIO
import Testing

/// The dashboard site of the known network, checked against the reports and in a real browser.
@Suite("Evaluation dashboards")
struct DashboardTests {
    static let hostileProgramme = "<script>alert('programme')</script>"
    static let hostileTerritory = "Vendée \"<script>alert(1)</script>\""

    /// The known network, with a programme and a département whose names are hostile markup.
    func setUp() async throws -> (ParcoursCLI, URL) {
        let location = try await TestDatabase.fresh()
        _ = try await Store.withStore(at: location, logger: TestDatabase.logger, clock: ReportNetwork.clock, connectTimeout: .seconds(60)) { store in
            let network = try await ReportNetwork.seed(store)
            try await store.transaction(as: .administrator) { tx in
                _ = try await tx.addProgramme(name: Self.hostileProgramme, operatorID: network.network.apess, phases: ["idea", "orientation"])
                _ = try await tx.count(
                    "WITH u AS (UPDATE territory SET name = \(Self.hostileTerritory) WHERE code = '85' RETURNING 1) SELECT count(*)::int FROM u")
            }
        }
        let directory = FileManager.default.temporaryDirectory.appending(path: "parcours-site-\(UUID().uuidString.prefix(8))")
        return (ParcoursCLI(location: location), directory)
    }

    func build(_ cli: ParcoursCLI, into directory: URL, _ extra: String...) async throws {
        let run = try await cli.run(
            arguments: ["dashboard", "build", "--period", "2026-01-01..2026-06-30", "--out", directory.path] + extra, staff: nil)
        #expect(run.status == 0, "\(run.errors)")
    }

    /// `data-value` of the headline figure `key` in a page.
    func headline(_ key: String, in page: String) -> String? {
        guard let range = page.range(of: "class=\"figure\" data-key=\"\(key)\" data-value=\"") else { return nil }
        return String(page[range.upperBound...].prefix { $0 != "\"" })
    }

    func number(_ value: Any?) -> String {
        switch value {
        case let int as Int: String(int)
        case let double as Double: double == double.rounded() ? String(Int(double)) : String(double)
        default: ""
        }
    }

    @Test("each page's figures are the report's figures for the same scope and period")
    func pagesAgreeWithReports() async throws {
        let (cli, directory) = try await setUp()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await build(cli, into: directory, "--compare", "none")
        let pages = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(pages.contains("index.html"))
        #expect(pages.filter { $0.hasPrefix("operator-") }.count == 2)
        #expect(pages.contains("territory-53.html") && pages.contains("territory-R52.html"))

        let scopes: [(String, [String])] = [("index.html", []), ("territory-53.html", ["--territory", "53"])]
            + (try await cli.json("operator", "list", "--json") as! [[String: Any]]).map {
                ("operator-\($0["id"] as! Int).html", ["--operator", $0["name"] as! String])
            }
        for (file, scope) in scopes {
            let page = try String(contentsOf: directory.appending(path: file), encoding: .utf8)
            let activity = try await cli.json(arguments: ["report", "activity", "--period", "2026-01-01..2026-06-30", "--json"] + scope) as! [String: Any]
            let outcomes = try await cli.json(arguments: ["report", "outcomes", "--period", "2026-01-01..2026-06-30", "--json"] + scope) as! [String: Any]
            func first(_ report: [String: Any], _ key: String) -> Any? {
                (((report["sections"] as! [[String: Any]])[0]["rows"] as! [[String: Any]]).first)?[key] ?? 0
            }
            for key in ["carriers_welcomed", "carriers_active", "hours_of_accompaniment"] {
                #expect(headline(key, in: page) == number(first(activity, key)), "\(file) \(key)")
            }
            for key in ["exits", "activity_created", "jobs_fte"] {
                #expect(headline(key, in: page) == number(first(outcomes, key)), "\(file) \(key)")
            }
        }
        // The hand-computed figures of the network page, as a last word.
        let index = try String(contentsOf: directory.appending(path: "index.html"), encoding: .utf8)
        #expect(headline("carriers_welcomed", in: index) == "4")
        #expect(headline("exits", in: index) == "4")
        #expect(headline("positive_exit_rate_pct", in: index) == "75")
        #expect(index.contains("<svg role=\"img\""))

        // An operator's page leads to the pages of its work: where its people live, its
        // programmes and cohorts — never another operator's programme.
        let programmes = try await cli.json("programme", "list", "--json") as! [[String: Any]]
        for operatorPage in try await cli.json("operator", "list", "--json") as! [[String: Any]] {
            let id = operatorPage["id"] as! Int
            let page = try String(contentsOf: directory.appending(path: "operator-\(id).html"), encoding: .utf8)
            for programme in programmes {
                let linked = page.contains("href=\"programme-\(programme["id"] as! Int).html\"")
                #expect(linked == (programme["operator_id"] as! Int == id), "operator-\(id) and programme \(programme["name"]!)")
            }
            if operatorPage["name"] as? String == "APESS 53" {
                #expect(page.contains("href=\"territory-53.html\"") && page.contains("href=\"territory-R52.html\""))
            }
        }
    }

    /// A network `bench generate` made (3 operators, 240 people), opened as its store.
    func withGeneratedNetwork(_ body: (Store) async throws -> Void) async throws {
        let location = try await TestDatabase.fresh()
        let generated = try await ParcoursCLI(location: location).run("bench", "generate", "--operators", "3", "--carriers", "240", "--seed", "11")
        #expect(generated.status == 0, "\(generated.errors)")
        // (A batch's connections may come slowly when the whole suite runs: it waits for them.)
        try await Store.withStore(at: location, logger: TestDatabase.logger, connectTimeout: .seconds(60), leaseDeadline: .seconds(60), body)
    }

    @Test("a site computes each report once for all its pages, and every page is, figure for figure, the page computed alone (a generated network)")
    func onePassIsPageByPage() async throws {
        try await withGeneratedNetwork { store in
            let pages = try await store.transaction(as: .administrator) { try await $0.dashboardPages(networkTitle: "Réseau") }
            #expect(Set(pages.map(\.kind)) == Set(DashboardPage.Kind.allCases))
            let period = try ReportPeriod(parsing: String(store.today.year))
            let together = try await store.dashboardData(as: .administrator, pages: pages, period: period, comparison: period.previous)
            let renderer = DashboardRenderer(language: .fr)
            for (page, data) in zip(pages, together) {
                let alone = try await store.transaction(as: .administrator) {
                    try await $0.dashboardData(for: page, period: period, comparison: period.previous)
                }
                #expect(data.activity.sections[0].totals.isEmpty && data.activity.sections[0].rows.count == 1)
                let (html, single) = (renderer.page(data, site: pages, generatedOn: store.today), renderer.page(alone, site: pages, generatedOn: store.today))
                let same = zip(html, single).prefix { $0 == $1 }.count
                #expect(html == single, "\(page.slug): …\(html.dropFirst(same - 200).prefix(400)) ≠ …\(single.dropFirst(same).prefix(200))")
            }
        }
    }

    @Test("the network's, an operator's and a territory's exits are found once for the network when the administrator reads them: the same rows as each operator's coordinator counts page by page (a generated network)")
    func exitsFoundOnce() async throws {
        try await withGeneratedNetwork { store in
            let period = try ReportPeriod(from: LocalDate(year: store.today.year - 2, month: 1, day: 1)!, to: store.today)
            let (coordinators, territories) = try await store.transaction(as: .administrator) { tx in
                var coordinators: [OperatorID: Acting] = [:]
                for listing in try await tx.operators() {
                    let email = "coordination-\(listing.op.id.rawValue)@bench.test"
                    _ = try await tx.addStaff(email: email, displayName: "Coordination", role: .coordinator, operatorID: listing.op.id)
                    coordinators[listing.op.id] = .staff(email: email)
                }
                let names = Set(try await tx.operators().flatMap(\.territoryNames))
                let departments = try await tx.territories(kind: .department).map(\.territory).filter { names.contains($0.name) }
                return (coordinators, departments.map(\.id) + (try await tx.territories(kind: .region).map(\.territory.id)))
            }
            #expect(coordinators.count == 3 && territories.count > 3)
            func rows(_ scope: ReportScope, by dimensions: [ReportDimension], as acting: Acting) async throws -> [String: [[ReportValue]]] {
                let report = try await store.transaction(as: acting) { tx in
                    try await tx.report(ReportRequest(kind: .outcomes, period: period, scope: scope, dimensions: dimensions))
                }
                return Dictionary(uniqueKeysWithValues: report.sections.map { ($0.name, $0.rows) })
            }
            // An administrator's page of the network, an operator or a territory finds each person's
            // last exit once (parcours_scope_exit); a coordinator's, page by page from its journeys.
            func union(_ parts: [[String: [[ReportValue]]]]) -> [String: Set<[ReportValue]>] {
                parts.reduce(into: [:]) { all, part in
                    for (name, rows) in part { all[name, default: []].formUnion(rows) }
                }
            }
            var exits = 0
            for (operatorID, coordinator) in coordinators {
                let administrator = try await rows(ReportScope(operatorID: operatorID), by: [.territory], as: .administrator)
                #expect(administrator == (try await rows(ReportScope(), by: [.territory], as: coordinator)))
                exits += administrator["exits"]?.count ?? 0
            }
            #expect(exits > 0, "a generated network has exits")
            let network = try await rows(ReportScope(), by: [.operator, .territory], as: .administrator)
            var everyOperator: [[String: [[ReportValue]]]] = []
            for coordinator in coordinators.values {
                everyOperator.append(try await rows(ReportScope(), by: [.operator, .territory], as: coordinator))
            }
            #expect(union([network]) == union(everyOperator))
            for territory in territories {
                let administrator = try await rows(ReportScope(territoryID: territory), by: [.operator], as: .administrator)
                var parts: [[String: [[ReportValue]]]] = []
                for coordinator in coordinators.values {
                    parts.append(try await rows(ReportScope(territoryID: territory), by: [.operator], as: coordinator))
                }
                #expect(union([administrator]) == union(parts), "territory \(territory)")
            }
        }
    }

    @Test("the agreements' data quality the writes keep is what their participant files say, for every role, after every kind of write (a generated network)")
    func qualityKeptByTheWrites() async throws {
        try await withGeneratedNetwork { store in
            let readers = try await Self.readersWithCaseloads(store)
            func expectSame(_ step: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
                for acting in readers {
                    let (kept, files) = try await store.transaction(as: acting) {
                        (try await $0.agreementsToCheck(), try await $0.agreementsToCheck(fromFiles: true))
                    }
                    #expect(!files.isEmpty, sourceLocation: sourceLocation)
                    #expect(kept == files, "\(step), \(acting)", sourceLocation: sourceLocation)
                }
                // And the facts are those computed again from nothing.
                let stale = try await store.withOwnerConnection { connection in
                    try await connection.query("BEGIN", logger: store.logger)
                    try await connection.query("CREATE TABLE kept AS TABLE participant_quality", logger: store.logger)
                    try await connection.query("SELECT parcours_refresh_participant_quality(NULL)", logger: store.logger)
                    let differing = try await connection.query(
                        "SELECT count(*)::integer FROM ((TABLE kept EXCEPT TABLE participant_quality) UNION ALL (TABLE participant_quality EXCEPT TABLE kept)) AS d",
                        logger: store.logger
                    ).collect().first!.decode(Int.self)
                    try await connection.query("ROLLBACK", logger: store.logger)
                    return differing
                }
                #expect(stale == 0, "\(step): \(stale) facts differ from a fresh computation", sourceLocation: sourceLocation)
            }
            func owner(_ sql: PostgresQuery) async throws {
                try await store.withOwnerConnection { _ = try await $0.query(sql, logger: store.logger).collect() }
            }
            try await expectSame("generated")
            // Entry data: contacts for some, communes and gender lost by others, profiles removed.
            try await owner("UPDATE carrier SET email = 'p' || id || '@exemple.fr' WHERE id % 3 = 0")
            try await owner("UPDATE carrier SET phone = '0600000000' WHERE id % 5 = 0")
            try await owner("UPDATE carrier SET commune_id = NULL WHERE id % 7 = 0")
            try await owner("UPDATE carrier SET gender = NULL WHERE id % 11 = 0")
            try await owner("DELETE FROM carrier_profile WHERE carrier_id % 4 = 0")
            try await expectSame("entry data")
            // Presence: lines removed, a session moved out of the agreements' years.
            try await owner("DELETE FROM attendance WHERE journey_id % 6 = 0")
            // (a line changed names who changed it: an administrator's statement)
            _ = try await store.transaction(as: .administrator) { tx in
                try await tx.count("WITH d AS (UPDATE attendance SET status = 'absent', minutes = 0 WHERE journey_id % 10 = 1 RETURNING 1) SELECT count(*)::int FROM d")
            }
            try await owner("UPDATE session SET starts_at = starts_at - interval '20 years' WHERE id IN (SELECT id FROM session ORDER BY id LIMIT 5)")
            try await expectSame("presence")
            // Exits, with and without a situation recorded at exit.
            try await store.transaction(as: .administrator) { tx in
                let first = try #require(try await tx.operators().map(\.op.id).min { $0.rawValue < $1.rawValue })
                let open = try await tx.journeys(JourneyFilter(operatorID: first, limit: 40)).filter { $0.closedOn == nil }
                for (index, listing) in open.enumerated() {
                    let journey = try await tx.change(
                        journey: listing.journey.id, .exit(index % 2 == 0 ? .withdrawn : .employed), on: tx.today, reason: "départ", expectedVersion: nil)
                    if index % 4 == 0 {
                        try await tx.recordFollowUp(journey: journey.id, afterMonths: 0, situation: .jobSeeking, on: tx.today, note: nil)
                    }
                }
            }
            try await expectSame("exits")
            // The agreements themselves: new dates, one ended long ago.
            try await owner("UPDATE funding SET starts_on = starts_on + 200 WHERE id = (SELECT min(id) FROM funding)")
            try await owner("UPDATE funding SET ends_on = ends_on - 100 WHERE id = (SELECT max(id) FROM funding)")
            try await expectSame("agreements")
        }
    }

    @Test("the worklist's soonest items and its count are the whole list's, the whole list is what the journeys, sessions, CAPEs and referrals say, for every role (a generated network, after writes that move what is due)")
    func worklistFromItsIndexes() async throws {
        try await withGeneratedNetwork { store in
            let readers = try await Self.readersWithCaseloads(store)
            func expectWhole(_ step: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
                // A session has its attendance when anyone recorded a line, whoever reads it.
                let attended = try await store.withOwnerConnection { connection in
                    try await connection.query("SELECT DISTINCT session_id FROM attendance", logger: store.logger).collect()
                        .map { try $0.decode(Int64.self) }
                }
                for acting in readers {
                    for days in [0, 14, 400] {
                        let (whole, expected) = try await store.transaction(as: acting) { tx in
                            (try await tx.worklist(within: days, limit: nil), try await Self.worklistByTheBook(tx, within: days, attended: attended))
                        }
                        let listed = whole.items.filter { $0.kind != .surveyContactMissing && $0.kind != .dataQuality }.map(Self.bookLine)
                        #expect(listed.sorted() == expected.sorted(), "\(step), \(acting), \(days) days", sourceLocation: sourceLocation)
                        #expect(whole.total == whole.items.count, sourceLocation: sourceLocation)
                        for limit in [1, 7, 100] {
                            let (items, total) = try await store.transaction(as: acting) { try await $0.worklist(within: days, limit: limit) }
                            #expect(items == Array(whole.items.prefix(limit)), "\(step), \(acting), \(days) days, \(limit) first", sourceLocation: sourceLocation)
                            #expect(total == whole.total, sourceLocation: sourceLocation)
                        }
                    }
                }
            }
            try await expectWhole("generated")
            // What is due moves: sessions forgotten or moved, CAPE periods changed, follow-ups removed.
            try await store.withOwnerConnection { connection in
                for sql: PostgresQuery in [
                    "DELETE FROM attendance WHERE journey_id % 4 = 0",
                    "UPDATE session SET starts_at = starts_at - interval '9 months' WHERE id % 5 = 0 AND NOT EXISTS (SELECT FROM attendance AS a WHERE a.session_id = session.id)",
                    "UPDATE cape_period SET ends_on = greatest(starts_on, ends_on - 20) WHERE contract_id % 3 = 0",
                    "DELETE FROM cape_period AS p WHERE p.seq > 1 AND p.contract_id % 2 = 0",
                    "DELETE FROM follow_up WHERE after_months = 6 AND journey_id % 2 = 0",
                ] { _ = try await connection.query(sql, logger: store.logger).collect() }
            }
            try await expectWhole("after the writes")
            // What the writes keep is theirs: a login's own statement does not move it (the sessions'
            // marks, flipped: the whole list after says they held).
            let moved = try await store.transaction(as: .administrator) { tx in
                _ = try await tx.count("WITH d AS (UPDATE session SET attendance_recorded = NOT attendance_recorded RETURNING 1) SELECT count(*)::int FROM d")
                return try await tx.count("WITH d AS (UPDATE journey SET last_session_on = DATE '2000-01-01' RETURNING last_session_on) SELECT count(*) FILTER (WHERE last_session_on = DATE '2000-01-01')::int FROM d")
                    + tx.count("WITH d AS (UPDATE cape_contract SET period_ends_on = DATE '2000-01-01' RETURNING period_ends_on) SELECT count(*) FILTER (WHERE period_ends_on = DATE '2000-01-01')::int FROM d")
            }
            #expect(moved == 0)
            try await expectWhole("after a login tried to move them")
        }
    }

    @Test("follow-ups due the same day, the last of a shorter month, come by their journey's number whatever the day each one left")
    func followUpsDueTheSameDay() async throws {
        try await TestDatabase.withStore { store in
            let network = try await SmallNetwork.seed(store)
            // Four journeys opened in this order, leaving on the 31st, 30th, 29th and 28th of August 2025:
            // six months later is 28 February 2026 for each.
            let journeys = try await store.transaction(as: .administrator) { tx in
                var journeys: [JourneyID] = []
                for (index, day) in [31, 30, 29, 28].enumerated() {
                    let carrier = try #require(try await tx.addCarrier(NewCarrier(operatorID: network.apess, firstName: "P\(index)", lastName: "Martin")))
                    let journey = try await tx.openJourney(carrier: carrier, programme: network.mayIdESS, cohort: nil, on: LocalDate(iso: "2025-08-01"))
                    _ = try await tx.change(journey: journey.id, .exit(.withdrawn), on: LocalDate(year: 2025, month: 8, day: day)!, reason: "départ", expectedVersion: nil)
                    journeys.append(journey.id)
                }
                return journeys
            }
            for limit in 1...4 {
                let (items, total) = try await store.transaction(as: .administrator) { try await $0.worklist(within: 14, limit: limit) }
                let due = items.filter { $0.kind == .followUpDue }
                #expect(due.map(\.journeyID) == Array(journeys.prefix(limit)), "\(limit) first")
                #expect(due.allSatisfy { $0.due == LocalDate(iso: "2026-02-28") })
                #expect(total >= 4)
            }
        }
    }

    /// Who reads a generated network: the administrator, a coordinator of its first operator, and
    /// two counsellors there, each following a third of its people (the last third nobody's).
    static func readersWithCaseloads(_ store: Store) async throws -> [Acting] {
        let (first, claire, paul) = try await store.transaction(as: .administrator) { tx in
            let first = try #require(try await tx.operators().map(\.op.id).min { $0.rawValue < $1.rawValue })
            _ = try await tx.addStaff(email: "coordination@bench.test", displayName: "Coordination", role: .coordinator, operatorID: first)
            let claire = try await tx.addStaff(email: "claire@bench.test", displayName: "Claire", role: .counsellor, operatorID: first)
            let paul = try await tx.addStaff(email: "paul@bench.test", displayName: "Paul", role: .counsellor, operatorID: first)
            return (first, claire, paul)
        }
        try await store.withOwnerConnection { connection in
            try await connection.query(
                "UPDATE carrier SET counsellor_id = CASE id % 3 WHEN 0 THEN \(claire.rawValue)::bigint WHEN 1 THEN \(paul.rawValue)::bigint END WHERE operator_id = \(first.rawValue)",
                logger: store.logger)
        }
        return [.administrator, .staff(email: "coordination@bench.test"), .staff(email: "claire@bench.test"), .staff(email: "paul@bench.test")]
    }

    /// The worklist's rows as the base tables give them (the statement before sql/0050: each open
    /// journey's sessions, each CAPE's last period, every exit), quality items aside; a session's
    /// day is its day in Paris, as everywhere else, and a session without attendance one none of
    /// `attended` (a counsellor does not read the lines of a colleague's people, which are there).
    static func worklistByTheBook(_ tx: Transaction, within days: Int, attended: [Int64]) async throws -> [String] {
        let today = tx.today.iso, horizon = tx.today.adding(days: days).iso
        return try await tx.connection.query(
            """
            SELECT w.* FROM (
            -- idle: no change and no attendance for longer than the operator's threshold; each open
            -- journey's last session found by its key (a network's attendance was hashed whole,
            -- under row-level security, for one coordinator's 700 journeys: 0.56 s)
            SELECT 'idle' AS kind, j.id AS journey_id,
                   to_char(greatest(j.last_change_on, (seen.at AT TIME ZONE 'Europe/Paris')::date) + o.idle_days, 'YYYY-MM-DD') AS due,
                   \(today)::date - greatest(j.last_change_on, (seen.at AT TIME ZONE 'Europe/Paris')::date) AS n,
                   c.first_name || ' ' || c.last_name AS label, j.phase AS detail, false AS incoming
            FROM journey AS j
            JOIN operator AS o ON o.id = j.operator_id
            JOIN carrier AS c ON c.id = j.carrier_id
            LEFT JOIN LATERAL (
                SELECT max(s.starts_at) AS at FROM attendance AS a JOIN session AS s ON s.id = a.session_id WHERE a.journey_id = j.id
            ) AS seen ON true
            WHERE j.closed_on IS NULL AND j.phase <> 'paused'
              AND greatest(j.last_change_on, (seen.at AT TIME ZONE 'Europe/Paris')::date) + o.idle_days <= \(today)::date
            UNION ALL
            -- cape-ending: the running period of a CAPE ends within the horizon
            SELECT 'cape-ending', c.journey_id, to_char(p.ends_on, 'YYYY-MM-DD'), p.seq,
                   ca.first_name || ' ' || ca.last_name, NULL, false
            FROM cape_contract AS c
            JOIN cape_period AS p ON p.contract_id = c.id
              AND p.seq = (SELECT max(seq) FROM cape_period WHERE contract_id = c.id)
            JOIN journey AS j ON j.id = c.journey_id
            JOIN carrier AS ca ON ca.id = j.carrier_id
            WHERE c.ended_on IS NULL AND p.ends_on <= \(horizon)::date
            UNION ALL
            -- follow-up-due: six months after an exit, no follow-up at 6 months recorded yet
            SELECT 'follow-up-due', j.id, to_char((j.closed_on + interval '6 months')::date, 'YYYY-MM-DD'), 6,
                   c.first_name || ' ' || c.last_name, to_char(j.closed_on, 'YYYY-MM-DD'), false
            FROM journey AS j JOIN carrier AS c ON c.id = j.carrier_id
            WHERE j.closed_on IS NOT NULL AND (j.closed_on + interval '6 months')::date <= \(horizon)::date
              AND NOT EXISTS (SELECT FROM follow_up AS f WHERE f.journey_id = j.id AND f.after_months = 6)
            UNION ALL
            -- referral-waiting: not decided yet (ours awaiting the partner, or addressed to us): a
            -- reminder at ten days, until an unanswered one expires (below)
            SELECT 'referral-waiting', r.journey_id, to_char(r.proposed_on + 10, 'YYYY-MM-DD'), r.id::integer,
                   r.carrier_name, p.name,
                   -- addressed to the acting operator by another one
                   p.operator_id = (SELECT parcours_current_operator()) AND r.operator_id <> p.operator_id
            -- (a referral addressed to us by another operator: its delay is not ours to read, the default applies)
            FROM referral AS r JOIN partner AS p ON p.id = r.partner_id LEFT JOIN operator AS o ON o.id = r.operator_id
            WHERE r.status = 'studying' OR (r.status = 'proposed' AND r.proposed_on + coalesce(o.referral_expiry_days, 30) > \(today)::date)
            UNION ALL
            -- referral-expired: no answer at all within the operator's delay, the person still in a
            -- journey of ours and not referred anywhere since: « réorienter »
            SELECT 'referral-expired', r.journey_id, to_char(r.proposed_on + o.referral_expiry_days, 'YYYY-MM-DD'), r.id::integer,
                   r.carrier_name, p.name, false
            FROM referral AS r
            JOIN partner AS p ON p.id = r.partner_id
            JOIN operator AS o ON o.id = r.operator_id
            JOIN journey AS j ON j.id = r.journey_id
            WHERE r.status = 'proposed' AND r.proposed_on + o.referral_expiry_days <= \(today)::date AND j.closed_on IS NULL
              AND NOT EXISTS (SELECT FROM referral AS n WHERE n.journey_id = r.journey_id AND n.id <> r.id AND n.proposed_on > r.proposed_on)
            UNION ALL
            -- referral-declined: the partner said no (a reason given, sql/0037) to a person still in
            -- a journey of ours, not referred anywhere since: « réorienter »
            SELECT 'referral-declined', r.journey_id, to_char(r.answered_on, 'YYYY-MM-DD'), r.id::integer, r.carrier_name,
                   concat_ws(E'\\x1f', p.name, r.decline_reason, r.proposed_action), false
            FROM referral AS r
            JOIN partner AS p ON p.id = r.partner_id
            JOIN journey AS j ON j.id = r.journey_id
            WHERE r.status = 'declined' AND r.decline_reason IS NOT NULL AND j.closed_on IS NULL
              AND NOT EXISTS (SELECT FROM referral AS n WHERE n.journey_id = r.journey_id AND n.id <> r.id AND n.proposed_on >= r.answered_on)
            UNION ALL
            -- attendance-missing: a past session with no attendance recorded
            SELECT 'attendance-missing', NULL, to_char(s.starts_at::date, 'YYYY-MM-DD'), s.id::integer, s.title, NULL, false
            FROM session AS s
            WHERE s.starts_at < now() AND s.id <> ALL (\(attended))
            UNION ALL
            -- registration: a first contact made from the operator's page (sql/0041), not decided
            -- yet: before its information meeting, else within a week of registering
            SELECT 'registration', NULL, to_char(coalesce(i.info_session_on, i.contacted_on + 7), 'YYYY-MM-DD'), i.id::integer,
                   concat_ws(' ', i.first_name, i.last_name), to_char(i.info_session_on, 'YYYY-MM-DD'), false
            FROM intake AS i
            WHERE i.registration_page_id IS NOT NULL AND i.status = 'pending' AND i.first_name <> parcours_erased()
              AND coalesce(i.info_session_on, i.contacted_on + 7) <= \(horizon)::date
            ) AS w
            """, logger: tx.logger
        ).collect().map { row in
            let (kind, journey, due, number, label, detail, incoming) = try row.decode((String, Int64?, String, Int, String, String?, Bool?).self)
            let shownKind = incoming == true ? WorkItem.Kind.referralIncoming.rawValue : kind
            return [shownKind, incoming == true ? "" : journey.map(String.init) ?? "", due, "\(number)", label, detail ?? ""].joined(separator: "|")
        }
    }

    /// An item as `worklistByTheBook` words it.
    static func bookLine(_ item: WorkItem) -> String {
        let detail = item.kind == .referralDeclined
            ? [item.values["detail"], item.values["reason"], item.values["action"]].map { $0 ?? "" }.joined(separator: "\u{1F}")
            : item.values["detail"] ?? ""
        return [item.kind.rawValue, item.journeyID.map { "\($0.rawValue)" } ?? "", item.due.iso, item.values["number"] ?? "", item.values["name"] ?? "", detail]
            .joined(separator: "|")
    }

    @Test("--pages builds the scope's page and the kinds asked for, named in French or English; an unknown kind is refused by name")
    func chosenPages() async throws {
        let (cli, directory) = try await setUp()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await build(cli, into: directory, "--pages", "opérateurs,Territoires")
        let pages = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(pages.contains("index.html") && pages.contains("territory-53.html"))
        #expect(pages.filter { $0.hasPrefix("operator-") }.count == 2)
        #expect(!pages.contains { $0.hasPrefix("programme-") || $0.hasPrefix("cohort-") }, "\(pages)")
        let refused = try await cli.run(arguments: ["dashboard", "build", "--period", "2026", "--out", directory.path, "--pages", "communes"], staff: nil)
        #expect(refused.status != 0)
        #expect(refused.errors.contains("--pages") && refused.errors.contains("communes"), "\(refused.errors)")
    }

    @Test("no page fetches anything: no script, no external source, link or url()")
    func selfContained() async throws {
        let (cli, directory) = try await setUp()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await build(cli, into: directory)
        let external = try Regex(#"(?i)(src|href)\s*=\s*["']?\s*(https?:|//)|url\(\s*["']?\s*(https?:|//)|<script|<link|<img|@import"#)
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            let page = try String(contentsOf: directory.appending(path: file), encoding: .utf8)
            #expect(page.firstMatch(of: external) == nil, "\(file) references something external or runs a script")
            #expect(page.contains("@media print"))
        }
    }

    @Test("no page shows a share above 100 % or a report's column code; the public site no rate next to a masked count")
    func trustworthyPages() async throws {
        let (cli, directory) = try await setUp()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await build(cli, into: directory)
        let published = directory.appending(path: "public")
        try await build(cli, into: published, "--public")
        for site in [directory, published] {
            let result = try ChildProcess.run("/usr/bin/env", ["python3", "-c", Self.pageChecker, site.path], captureOutput: true)
            #expect(result.output.hasPrefix("OK"), "\(site.lastPathComponent): \(result.output)")
        }
    }

    /// Reads every page's visible text: percentages, snake_case codes, English column words in a
    /// French page, a masked count beside a rate (in a table row or a chart's note).
    static let pageChecker = #"""
        import re, glob, html, sys
        problems, pages = [], 0
        for path in sorted(glob.glob(sys.argv[1] + "/*.html")):
            pages += 1
            page = open(path, encoding="utf-8").read()
            body = re.sub(r"<style>.*?</style>", "", page, flags=re.S)
            visible = html.unescape(re.sub(r"<[^>]+>", " ", body))
            name = path.rsplit("/", 1)[-1]
            for m in re.finditer(r"(\d+(?:[,.]\d+)?)\s*%", visible):
                if float(m.group(1).replace(",", ".")) > 100: problems.append("%s: %s" % (name, m.group(0)))
            for code in re.findall(r"\b[a-z]+_[a-z_0-9]+\b", visible): problems.append("%s: code %s" % (name, code))
            for word in ["cohort", "month", "outcome", "starts", "carriers", "exits"]:
                if re.search(r"\b%s\b" % word, visible): problems.append("%s: English %s" % (name, word))
            for row in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S):
                cells = [html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)]
                if any(c.startswith("< 5") for c in cells) and any(re.fullmatch(r"\d+(,\d+)?", c) and "," in c for c in cells[2:]):
                    problems.append("%s: row %r" % (name, cells))
            for note in re.findall(r'class="note">([^<]*)<', body):
                note = html.unescape(note)
                if "< 5" in note and re.search(r"\d %", note): problems.append("%s: note %r" % (name, note))
        print(("OK %d pages" % pages) if not problems else "\n".join(problems[:20]))
        """#

    @Test("hostile names render as text")
    func hostileNames() async throws {
        let (cli, directory) = try await setUp()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await build(cli, into: directory)
        let index = try String(contentsOf: directory.appending(path: "index.html"), encoding: .utf8)
        #expect(index.contains("&lt;script&gt;alert(&#39;programme&#39;)&lt;/script&gt;"))
        let vendee = try String(contentsOf: directory.appending(path: "territory-85.html"), encoding: .utf8)
        #expect(vendee.contains("<h1>Vendée &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot; (85)</h1>"))
        #expect(!vendee.contains("<script"))
    }

    @Test("public pages mask counts of fewer than five people")
    func publicPages() async throws {
        let (cli, directory) = try await setUp()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await build(cli, into: directory, "--public")
        let index = try String(contentsOf: directory.appending(path: "index.html"), encoding: .utf8)
        #expect(headline("carriers_welcomed", in: index) == "masked")
        #expect(index.contains("<span class=\"value\">&lt; 5</span>"))
        #expect(!index.contains("data-key=\"carriers\" data-value=\"3\""))
    }

    @Test("a real browser renders the index and an operator page: charts in the DOM, figures, a screenshot")
    func headlessChromium() async throws {
        let (cli, directory) = try await setUp()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await build(cli, into: directory, "--compare", "none")
        let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
        let browser = try #require(chromium, "Debian's chromium is needed (.ci/run installs it)")
        let operatorPage = try FileManager.default.contentsOfDirectory(atPath: directory.path).first { $0.hasPrefix("operator-") }!
        for file in ["index.html", operatorPage] {
            let url = directory.appending(path: file).absoluteString
            let dom = try ChildProcess.run(
                browser, ["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", url], captureOutput: true, separateErrors: true)
            #expect(dom.status == 0)
            // The DOM as the browser built it: the SVG charts and the headline figures.
            #expect(dom.output.components(separatedBy: "<svg").count > 5, "\(file): charts missing from the DOM")
            #expect(dom.output.contains("data-key=\"carriers_active\""))
            let screenshot = directory.appending(path: "\(file).png")
            let shot = try ChildProcess.run(
                browser, ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1100,2400",
                          "--screenshot=\(screenshot.path)", url],
                captureOutput: true, separateErrors: true)
            #expect(shot.status == 0)
            let png = try Data(contentsOf: screenshot)
            #expect(png.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]) && png.count > 10_000)
        }
        let index = try ChildProcess.run(
            browser, ["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", directory.appending(path: "index.html").absoluteString],
            captureOutput: true, separateErrors: true)
        #expect(index.output.contains("data-key=\"carriers_welcomed\" data-value=\"4\""))
    }

    @Test("parcours serve serves the same pages live to a token's holder, 401 without, and stops cleanly on SIGTERM")
    func servedLive() async throws {
        let (cli, directory) = try await setUp()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let token = try await Store.withStore(at: cli.location, logger: TestDatabase.logger, connectTimeout: .seconds(60)) { store in
            try await store.transaction(as: .administrator) { try await $0.createToken(staffEmail: "admin@localhost", expiresAt: nil, label: "test").token }
        }
        let port = Int.random(in: 20_000...60_000)
        // One shell: start the server, wait for /healthz, fetch, then SIGTERM and report its exit status.
        let script = """
            "$PARCOURS" serve --port \(port) 2>"$DIR/serve.log" & server=$!
            for _ in $(seq 1 150); do curl -fs http://127.0.0.1:\(port)/healthz >/dev/null && break; sleep 0.1; done
            curl -s -H "Authorization: Bearer $TOKEN" -o "$DIR/index.html" -w '%{http_code} %{content_type}\\n' 'http://127.0.0.1:\(port)/dashboards/?period=2026-01-01..2026-06-30'
            curl -s -H "Authorization: Bearer $TOKEN" -o /dev/null -w '%{http_code}\\n' http://127.0.0.1:\(port)/dashboards/nope.html
            curl -s -H "Authorization: Bearer $TOKEN" -o /dev/null -w '%{http_code}\\n' 'http://127.0.0.1:\(port)/dashboards/?period=soon'
            curl -s -o /dev/null -w '%{http_code}\\n' http://127.0.0.1:\(port)/dashboards/
            kill -TERM $server; wait $server; echo "exit $?"
            """
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = TestDatabase.url(of: cli.location, as: .service)
        environment["PARCOURS_HOME"] = nil
        environment["PARCOURS"] = ParcoursCLI.executable
        environment["DIR"] = directory.path
        environment["TOKEN"] = token
        let run = try ChildProcess.run("/bin/sh", ["-c", script], captureOutput: true, environment: environment)
        #expect(run.output == "200 text/html; charset=utf-8\n404\n400\n401\nexit 0\n", "\(run.output)")
        let page = try String(contentsOf: directory.appending(path: "index.html"), encoding: .utf8)
        #expect(headline("carriers_welcomed", in: page) == "4")
        #expect(headline("exits", in: page) == "4")
    }
}
