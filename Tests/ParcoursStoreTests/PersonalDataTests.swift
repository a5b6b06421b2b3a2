import Foundation
import ParcoursCore
import ParcoursStore
import ParcoursTestSupport
import PostgresNIO
import Testing

/// The personal data lifecycle: erasure, consent withdrawal, retention, and the audit log.
@Suite("Personal data lifecycle")
struct PersonalDataTests {
    static let name = (first: "Ysolde", last: "Quintanilla-Vérané", email: "ysolde.qv@example.org", phone: "06 12 34 56 78")

    /// A person with everything that can hold her name: a journey with reasons, a jury note, a
    /// referral's copies, a stored API answer.
    static func seedPerson(_ store: Store, _ network: SmallNetwork) async throws -> (CarrierID, JourneyID) {
        try await store.transaction(as: .administrator) { tx in
            let id = try await tx.addCarrier(NewCarrier(
                operatorID: network.apess, firstName: name.first, lastName: name.last, gender: .woman,
                birthDate: LocalDate(year: 1987, month: 3, day: 14), externalRef: "dossier-ysolde", email: name.email, phone: name.phone))!
            try await tx.recordProfile(
                carrier: id, CarrierProfile(labourStatus: .unemployed, consentOn: tx.today.adding(days: -40), disability: true, minority: true),
                on: tx.today.adding(days: -40))
            let journey = try await tx.openJourney(
                carrier: id, programme: network.mayIdESS, cohort: nil, on: tx.today.adding(days: -40), reason: "envoyée par \(name.first) elle-même")
            _ = try await tx.change(
                journey: journey.id, .advance(to: .pitch), on: tx.today.adding(days: -20), reason: "\(name.last) prête pour le jury", expectedVersion: nil)
            _ = try await tx.decideJury(journey: journey.id, decision: .go, on: tx.today.adding(days: -19), note: "bravo \(name.first)")
            let partner = try await tx.addPartner(name: "CAE Mayenne", kind: .cae, contact: nil, operatorID: nil, territories: [])
            _ = try await tx.addReferral(
                journey: journey.id, partner: try await tx.partners(id: partner)[0], reason: "\(name.first) veut tester en CAE",
                consentToShare: false, on: tx.today.adding(days: -19))
            try await tx.storeResponse(key: "k-ysolde", request: [1, 2, 3], status: 201, body: #"{"first_name": "\#(name.first)"}"#)
            return (id, journey.id)
        }
    }

    /// Every text column of every table, as the owner: where does `needle` still appear?
    static func occurrences(of needles: [String], in store: Store) async throws -> [String] {
        try await store.withOwnerConnection { connection in
            let columns = try await connection.query(
                """
                SELECT c.table_name, c.column_name FROM information_schema.columns AS c
                JOIN pg_tables AS t ON t.tablename = c.table_name AND t.schemaname = 'public'
                WHERE c.table_schema = 'public' AND c.data_type IN ('text', 'character varying', 'json', 'jsonb', 'date')
                """, logger: store.logger
            ).collect().map { try $0.decode((String, String).self) }
            var found: [String] = []
            for (table, column) in columns {
                for needle in needles {
                    // NB: identifiers come from the catalog just read, never from input.
                    let count = try await connection.query(
                        PostgresQuery(unsafeSQL: "SELECT count(*)::int FROM \(table) WHERE strpos(lower(\(column)::text), lower($1)) > 0", binds: {
                            var binds = PostgresBindings()
                            binds.append(needle)
                            return binds
                        }()), logger: store.logger
                    ).collect().first!.decode(Int.self)
                    if count > 0 { found.append("\(table).\(column) ∋ \(needle)") }
                }
            }
            return found
        }
    }

    @Test("an erasure leaves the person's names, contact and birth date in no table, and every aggregate as it was")
    func erasure() async throws {
        try await TestDatabase.withStore { store in
            let network = try await SmallNetwork.seed(store)
            let (id, _) = try await Self.seedPerson(store, network)
            let needles = [Self.name.first, Self.name.last, Self.name.email, Self.name.phone, "1987-03-14", "dossier-ysolde"]
            #expect(try await Self.occurrences(of: needles, in: store).count >= 6)
            let year = try ReportPeriod(parsing: "this-year", today: store.today)
            // Every figure of five reports, by gender and age band, as text.
            func figures() async throws -> [String] {
                try await store.transaction(as: .administrator) { tx in
                    var figures: [String] = []
                    for kind in [ReportKind.activity, .funnel, .profile, .referrals, .durations] {
                        let report = try await tx.report(ReportRequest(kind: kind, period: year, scope: ReportScope(), dimensions: [.gender, .age]))
                        figures += report.sections.map { "\($0.name): \($0.rows) \($0.totals)" }
                    }
                    return figures
                }
            }
            let before = try await figures()
            // A counsellor may not erase; a coordinator of another operator does not see her.
            await #expect(throws: StoreError.self) {
                try await store.transaction(as: SmallNetwork.apessCounsellor) { try await $0.eraseCarrier(id, reason: "demande") }
            }
            await #expect(throws: StoreError.self) {
                try await store.transaction(as: SmallNetwork.ronalpiaCoordinator) { try await $0.eraseCarrier(id, reason: "demande") }
            }
            // An unknown person is not found, for the administrator too (nothing erased, nothing audited).
            for unknown in [CarrierID(99_999)] {
                await #expect(throws: StoreError.notFound("carrier", 99_999)) {
                    try await store.transaction(as: .administrator) { try await $0.eraseCarrier(unknown, reason: "demande") }
                }
                await #expect(throws: StoreError.notFound("carrier", 99_999)) {
                    try await store.transaction(as: .administrator) { try await $0.withdrawConsent(unknown) }
                }
                await #expect(throws: StoreError.notFound("carrier", 99_999)) {
                    try await store.transaction(as: .administrator) { try await $0.personalData(of: unknown) }
                }
            }
            try await store.transaction(as: .administrator) { try await $0.eraseCarrier(id, reason: "demande écrite du 01/12") }
            let left = try await Self.occurrences(of: needles, in: store)
            #expect(left == [])
            #expect(try await figures() == before)
            let erased = try await store.transaction(as: .administrator) { try await $0.carrier(id) }
            #expect(erased.carrier.firstName == "[effacé]")
            let audit = try await store.transaction(as: .administrator) { try await $0.auditEntries(carrier: id, staffEmail: nil, since: nil) }
            #expect(audit.map(\.action).contains("erase"))
            #expect(audit.map(\.action).contains("read"))
            #expect(audit.last?.action == "read")  // reading the erased record is audited too
        }
    }

    @Test("withdrawing consent removes the sensitive fields of every profile, the others stay")
    func consentWithdrawal() async throws {
        try await TestDatabase.withStore { store in
            let network = try await SmallNetwork.seed(store)
            let (id, _) = try await Self.seedPerson(store, network)
            try await store.transaction(as: SmallNetwork.apessCounsellor) { try await $0.withdrawConsent(id) }
            let (labour, consent, disability, minority) = try await store.transaction(as: .administrator) { tx in
                try await tx.connection.query(
                    "SELECT labour_status, consent_on::text, disability, minority FROM carrier_profile WHERE carrier_id = \(id.rawValue)",
                    logger: tx.logger
                ).collect().first!.decode((String?, String?, Bool?, Bool?).self)
            }
            #expect(labour == "unemployed")
            #expect(consent == nil && disability == nil && minority == nil)
        }
    }

    @Test("retention anonymises the people whose keeping period has passed, and only them; --dry-run lists them")
    func retention() async throws {
        try await TestDatabase.withStore { store in
            let network = try await SmallNetwork.seed(store)
            let (recent, _) = try await Self.seedPerson(store, network)
            let old = try await store.transaction(as: .administrator) { tx in
                let id = try await tx.addCarrier(NewCarrier(operatorID: network.apess, firstName: "Ancien", lastName: "Dossier"))!
                let journey = try await tx.openJourney(carrier: id, programme: network.mayIdESS, cohort: nil, on: LocalDate(year: 2017, month: 3, day: 1))
                _ = try await tx.change(journey: journey.id, .exit(.withdrawn), on: LocalDate(year: 2018, month: 6, day: 30), reason: nil, expectedVersion: nil)
                return id
            }
            let due = try await store.transaction(as: .administrator) { try await $0.retentionDue(years: 5) }
            #expect(due.map(\.carrierID) == [old])
            #expect(due.first?.keptUntil == LocalDate(year: 2023, month: 6, day: 30))
            let applied = try await store.transaction(as: .administrator) { try await $0.applyRetention(years: 5) }
            #expect(applied.people.map(\.carrierID) == [old])
            let names = try await store.transaction(as: .administrator) { tx in
                (try await tx.carrier(old).carrier.lastName, try await tx.carrier(recent).carrier.lastName)
            }
            #expect(names == ("[effacé]", Self.name.last))
            #expect(try await store.transaction(as: .administrator) { try await $0.retentionDue(years: 5) } == [])
        }
    }

    @Test("the audit log is a hash chain: an altered, a deleted or a cut entry is found")
    func auditChain() async throws {
        try await TestDatabase.withStore { store in
            let network = try await SmallNetwork.seed(store)
            let (id, _) = try await Self.seedPerson(store, network)
            for _ in 0..<3 { _ = try await store.transaction(as: SmallNetwork.apessCounsellor) { try await $0.carrier(id) } }
            let intact = try await store.transaction(as: .administrator) { try await $0.verifyAudit() }
            #expect(intact.firstBroken == nil && intact.checked >= 4)
            // Nobody changes it through the application, and not even the owner without disabling its trigger.
            let refused = try await store.transaction(as: .administrator) { tx in
                try await tx.refusal("UPDATE audit_event SET detail = 'x'")
            }
            #expect(refused?.contains("permission denied") == true)
            func tamper(_ sql: String) async throws -> Int64? {
                try await store.withOwnerConnection { connection in
                    try await connection.query("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only", logger: store.logger)
                    for statement in sql.split(separator: ";") {
                        try await connection.query(PostgresQuery(unsafeSQL: String(statement)), logger: store.logger)
                    }
                    try await connection.query("ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only", logger: store.logger)
                }
                return try await store.transaction(as: .administrator) { try await $0.verifyAudit() }.firstBroken
            }
            let ids = try await store.withOwnerConnection { connection in
                try await connection.query("SELECT id FROM audit_event ORDER BY id", logger: store.logger).collect().map { try $0.decode(Int64.self) }
            }
            // Each break is earlier than the one before, so each is the first found.
            #expect(try await tamper("DELETE FROM audit_event WHERE id = \(ids.last!)") == -1)
            #expect(try await tamper("DELETE FROM audit_event WHERE id = \(ids[2])") == ids[3])
            #expect(try await tamper("UPDATE audit_event SET detail = 'nothing to see' WHERE id = \(ids[1])") == ids[1])
            // Two entries swapped in the chain's order: the first one moved is found.
            #expect(try await tamper(
                "UPDATE audit_event SET sealed_seq = -sealed_seq WHERE id IN (\(ids[0]), \(ids[1])); UPDATE audit_event SET sealed_seq = CASE id WHEN \(ids[0]) THEN (SELECT -sealed_seq FROM audit_event WHERE id = \(ids[1])) ELSE (SELECT -sealed_seq FROM audit_event WHERE id = \(ids[0])) END WHERE id IN (\(ids[0]), \(ids[1]))"
            ) == ids[1])
            // Only the administrator verifies.
            await #expect(throws: StoreError.self) {
                try await store.transaction(as: SmallNetwork.network) { try await $0.verifyAudit() }
            }
        }
    }

    @Test("a checkpoint outlives a chain rewritten from the start: every link verifies again, the checkpoint does not")
    func auditCheckpoint() async throws {
        try await TestDatabase.withStore { store in
            let network = try await SmallNetwork.seed(store)
            let (id, _) = try await Self.seedPerson(store, network)
            for _ in 0..<3 { _ = try await store.transaction(as: SmallNetwork.apessCounsellor) { try await $0.carrier(id) } }
            // Anyone identified reads where the chain stands; only the administrator checks a checkpoint.
            let checkpoint = try await store.transaction(as: SmallNetwork.apessCounsellor) { try await $0.auditCheckpoint() }
            #expect(checkpoint.entries >= 4 && checkpoint.sealedThrough != nil)
            #expect(AuditCheckpoint(text: checkpoint.text) == AuditCheckpoint(entries: checkpoint.entries, hash: checkpoint.hash))
            #expect(try await store.transaction(as: .administrator) { try await $0.auditCheckpointHolds(checkpoint) })
            await #expect(throws: StoreError.self) {
                try await store.transaction(as: SmallNetwork.network) { try await $0.auditCheckpointHolds(checkpoint) }
            }
            // Later entries leave it as it was.
            _ = try await store.transaction(as: SmallNetwork.apessCounsellor) { try await $0.carrier(id) }
            #expect(try await store.transaction(as: .administrator) { try await $0.auditCheckpointHolds(checkpoint) })

            // The owner alters the second entry and seals the whole chain again from the start.
            try await store.withOwnerConnection { connection in
                for statement: PostgresQuery in [
                    "ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only",
                    "UPDATE audit_event SET detail = 'rien à voir', sealed_seq = NULL, previous_hash = NULL, hash = NULL WHERE sealed_seq = 2",
                    "UPDATE audit_event SET sealed_seq = NULL, previous_hash = NULL, hash = NULL",
                    "UPDATE audit_head SET last_id = 0, last_seq = 0, hash = repeat('0', 64)",
                    "ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only",
                ] { try await connection.query(statement, logger: store.logger) }
            }
            let rewritten = try await store.transaction(as: .administrator) { try await $0.verifyAudit() }
            #expect(rewritten.firstBroken == nil, "a chain sealed again verifies link by link")
            #expect(try await store.transaction(as: .administrator) { try await $0.auditCheckpointHolds(checkpoint) } == false)
        }
    }

    @Test("readers auditing at the same time chain in the order they were sealed, and a whole import is one link per person")
    func auditChainUnderConcurrency() async throws {
        try await TestDatabase.withStore { store in
            let network = try await SmallNetwork.seed(store)
            let (id, _) = try await Self.seedPerson(store, network)
            let before = try await store.transaction(as: .administrator) { try await $0.verifyAudit() }.checked
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<12 {
                    group.addTask {
                        for _ in 0..<5 { _ = try await store.transaction(as: SmallNetwork.apessCounsellor) { try await $0.carrier(id) } }
                    }
                }
                try await group.waitForAll()
            }
            let file = "ref;prénom;nom\n" + (1...300).map { "lot-\($0);Prénom\($0);Nom\($0)\n" }.joined()
            let rows = try CarrierImport.rows(from: CSVTable(parsing: file), today: LocalDate(year: 2026, month: 12, day: 1)!, knownCommunes: [])
            _ = try await store.transaction(as: .administrator) { try await $0.importCarriers(rows, operatorID: network.apess) }
            let after = try await store.transaction(as: .administrator) { try await $0.verifyAudit() }
            #expect(after.firstBroken == nil)
            #expect(after.checked == before + 12 * 5 + 300)
        }
    }

    @Test("no row every transaction must lock: a reader whose audit entry is not committed holds up no other reader; 16 writers and a sealer chain intact; a rolled-back change leaves no entry")
    func auditWithoutGlobalLock() async throws {
        try await TestDatabase.withStore { store in
            let network = try await SmallNetwork.seed(store)
            let (ana, bob) = (try await network.addCarrier(store, to: network.apess, name: "Ana"), try await network.addCarrier(store, to: network.apess, name: "Bob"))
            let before = try await store.transaction(as: .administrator) { try await $0.verifyAudit() }.checked
            // One transaction reads Ana (its audit entry written, not committed) and stays open.
            let (held, release) = AsyncStream<Void>.makeStream()
            let (opened, isOpen) = AsyncStream<Void>.makeStream()
            let holder = Task {
                // Whatever happens to it, the wait below ends (a failure then fails the test, never hangs it).
                defer { isOpen.finish() }
                try await store.transaction(as: .administrator) { tx in
                    _ = try await tx.carrier(ana)
                    isOpen.yield()
                    for await _ in held {}
                }
            }
            for await _ in opened { break }
            // Another reads Bob and commits meanwhile: with one head row every entry locked, it waited for the first.
            // Whether it waits is asked of PostgreSQL (a backend of this database blocked by another's
            // lock), not of a clock: on a loaded machine a free reader may take seconds to get a connection.
            let unblocked = try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask { _ = try await store.transaction(as: SmallNetwork.apessCounsellor) { try await $0.carrier(bob) }; return true }
                group.addTask {
                    for _ in 0..<1200 {
                        let blocked = try await store.withOwnerConnection { connection in
                            try await connection.query(
                                "SELECT count(*)::int FROM pg_stat_activity WHERE datname = current_database() AND cardinality(pg_blocking_pids(pid)) > 0",
                                logger: store.logger
                            ).collect().first?.decode(Int.self) ?? 0
                        }
                        if blocked > 0 { return false }
                        try await Task.sleep(for: .milliseconds(100))
                    }
                    return false
                }
                let first = try await group.next() ?? false
                release.finish()  // the first reader commits now, whatever happened
                group.cancelAll()
                return first
            }
            #expect(unblocked, "a reader waited for another's uncommitted audit entry")
            try await holder.value

            // 16 writers at once, a sealer running among them.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<16 {
                    group.addTask {
                        for _ in 0..<5 {
                            try await store.transaction(as: .administrator) { tx in
                                try await tx.updateCarrier(bob, CarrierCorrection(phone: "06 00 00 00 0\(Int.random(in: 0...9))"), reason: nil)
                            }
                        }
                    }
                }
                group.addTask { for _ in 0..<20 { try await store.sealAudit(); try await Task.sleep(for: .milliseconds(20)) } }
                try await group.waitForAll()
            }
            // A change rolled back leaves no entry to seal.
            await #expect(throws: StoreError.self) {
                try await store.transaction(as: .administrator) { tx in
                    try await tx.updateCarrier(ana, CarrierCorrection(phone: "06 99 99 99 99"), reason: nil)
                    throw StoreError.invalid(Refusal(.required))
                }
            }
            let after = try await store.transaction(as: .administrator) { try await $0.verifyAudit() }
            #expect(after.firstBroken == nil)
            #expect(after.checked == before + 2 + 16 * 5)
        }
    }

    @Test("reads kept as receipts (the service): written before answering once the buffer is full, none for a rolled-back read; a receipt altered or made without an identity records nothing")
    func readReceipts() async throws {
        let receipts = ReadReceipts(limit: 3)
        try await Store.withStore(
            at: try await TestDatabase.fresh(), logger: TestDatabase.logger, connectTimeout: .seconds(60), leaseDeadline: .seconds(30),
            readReceipts: receipts
        ) { store in
            let network = try await SmallNetwork.seed(store)
            var people: [CarrierID] = []
            for name in ["Ana", "Bob", "Chloé", "Dan"] { people.append(try await network.addCarrier(store, to: network.apess, name: name)) }
            func reads() async throws -> [(staff: String, carrier: Int64, detail: String)] {
                try await store.withOwnerConnection { connection in
                    try await connection.query(
                        "SELECT s.email, a.carrier_id, a.detail FROM audit_event AS a JOIN staff AS s ON s.id = a.staff_id WHERE a.action = 'read' ORDER BY a.id",
                        logger: store.logger
                    ).collect().map { try $0.decode((String, Int64, String).self) }.map { (staff: $0.0, carrier: $0.1, detail: $0.2) }
                }
            }
            let before = try await reads()
            #expect(before.isEmpty)

            // Two reads answered: their receipts wait, nothing written yet.
            _ = try await store.transaction(as: SmallNetwork.apessCounsellor) { try await $0.carrier(people[0]) }
            _ = try await store.transaction(as: SmallNetwork.apessCounsellor) { try await $0.journeys(JourneyFilter(carrier: people[1])) }
            #expect(receipts.count == 1, "a read of no journey reads no one")
            _ = try await store.transaction(as: SmallNetwork.apessCounsellor) { try await $0.carrier(people[1]) }
            let none = try await reads()
            #expect(receipts.count == 2 && none.isEmpty)
            // A read rolled back leaves no receipt.
            await #expect(throws: StoreError.self) {
                try await store.transaction(as: SmallNetwork.apessCounsellor) { tx in
                    _ = try await tx.carrier(people[3])
                    throw StoreError.invalid(Refusal(.required))
                }
            }
            #expect(receipts.count == 2)
            // The third fills the buffer: all three written before it answers, each in the reader's name.
            _ = try await store.transaction(as: SmallNetwork.apessCounsellor) { try await $0.carrier(people[2]) }
            #expect(receipts.count == 0)
            let written = try await reads()
            #expect(written.map(\.carrier) == people[0...2].map(\.rawValue))
            #expect(written.allSatisfy { $0.staff == "claire@apess53.fr" && $0.detail == "carrier" })
            _ = try await store.transaction(as: .administrator) { try await $0.carrier(people[3]) }
            try await store.writeReadReceipts()
            let last = try await reads().last
            #expect(last.map { [$0.staff, "\($0.carrier)"] } == [Staff.administratorEmail, "\(people[3].rawValue)"])

            // Only the database seals a receipt: one made without an identity is none, an altered one records nothing.
            let (genuine, anonymous) = try await store.withOwnerConnection { connection in
                try await connection.query("BEGIN", logger: store.logger)
                let anonymous = try await connection.query(
                    "SELECT parcours_audit_read(ARRAY[\(people[0].rawValue)]::bigint[], 'http', 'carrier', true)", logger: store.logger
                ).collect().first!.decode(String?.self)
                try await connection.query(
                    "SELECT parcours_establish_identity((SELECT id FROM staff WHERE email = 'claire@apess53.fr'), '')", logger: store.logger)
                let genuine = try await connection.query(
                    "SELECT parcours_audit_read(ARRAY[\(people[0].rawValue)]::bigint[], 'http', 'carrier', true)", logger: store.logger
                ).collect().first!.decode(String?.self)
                try await connection.query("COMMIT", logger: store.logger)
                return (genuine!, anonymous)
            }
            #expect(anonymous == nil)
            let staff = genuine.split(separator: "|")[1]
            let forgeries = [
                genuine.replacingOccurrences(of: "|\(staff)|", with: "|1|"),  // in another's name
                genuine.replacingOccurrences(of: "|carrier", with: "|carrier list"),
                String(genuine.dropFirst(1)) + "0",
            ]
            let refused = try await store.withLoginConnection { connection in
                try await connection.query("SELECT parcours_record_reads(\(forgeries + [genuine])::text[])", logger: store.logger)
                    .collect().first!.decode(Int.self)
            }
            #expect(refused == 3)
            let recorded = try await reads()
            #expect(recorded.count == 5, "the genuine receipt alone recorded")
            let verified = try await store.transaction(as: .administrator) { try await $0.verifyAudit() }
            #expect(verified.firstBroken == nil)
        }
    }
}
