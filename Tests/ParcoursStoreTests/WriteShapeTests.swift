import ParcoursCore
import ParcoursStore
import ParcoursTestSupport
import PostgresNIO
import Testing

/// The shape of a write, counted rather than timed: what it costs the database does not depend on
/// the machine the tests run on.
@Suite("Writes that never queue: their shape, counted")
struct WriteShapeTests {
    /// Calls of `function` in this transaction so far (the test cluster tracks PL/pgSQL functions).
    static func calls(of function: String, _ tx: Transaction) async throws -> Int {
        try await tx.count("SELECT coalesce(sum(calls), 0)::integer FROM pg_stat_xact_user_functions WHERE funcname = \(function)")
    }

    @Test("an event verifies the identity once, where its triggers verified it again in every policy of each of their statements (24 times)",
          arguments: [Acting.administrator, SmallNetwork.apessCounsellor])
    func identityVerifiedOncePerEvent(acting: Acting) async throws {
        try await TestDatabase.withStore { store in
            let network = try await SmallNetwork.seed(store)
            let programme = try await store.transaction(as: .administrator) { tx in
                try await tx.addProgramme(name: "Forme", operatorID: network.apess, phases: ["idea", "workshops", "modules"])
            }
            let journeys = 20
            let verifications = try await store.transaction(as: acting) { tx in
                for n in 1...journeys {
                    let carrier = try await tx.addCarrier(NewCarrier(operatorID: network.apess, firstName: "Personne", lastName: "N\(n)"))!
                    _ = try await tx.openJourney(carrier: carrier, programme: programme, cohort: nil, on: tx.today.adding(days: -3))
                }
                let before = try await Self.calls(of: "parcours_verified_identity", tx)
                try await tx.connection.query(
                    """
                    INSERT INTO journey_event (operator_id, journey_id, seq, kind, to_state, effective_on, staff_id)
                    SELECT 0, j.id, j.version + 1, 'advance', 'workshops', \(tx.today.iso)::date, 0
                    FROM journey AS j WHERE j.programme_id = \(programme.id.rawValue) ORDER BY j.id
                    """, logger: tx.logger)
                let verifications = try await Self.calls(of: "parcours_verified_identity", tx) - before
                let moved = try await tx.count(
                    "SELECT count(*)::integer FROM journey WHERE programme_id = \(programme.id.rawValue) AND phase = 'workshops' AND version = 2")
                #expect(moved == journeys)
                return verifications
            }
            // Once in each event's own check; a few times for the statement (its policies' initplans).
            // A counsellor's caseload is a policy of each row, read and written: twice more an event.
            let perEvent = acting == .administrator ? 1 : 3
            #expect(verifications <= perEvent * journeys + 8, "\(verifications) verifications for \(journeys) events")
        }
    }

    /// What the planner believes a table holds.
    static func estimatedRows(_ table: String, _ store: Store) async throws -> Double {
        try await store.withLoginConnection { connection in
            try await connection.query("SELECT reltuples::float8 FROM pg_class WHERE oid = \(table)::regclass", logger: store.logger)
                .collect().first!.decode(Double.self)
        }
    }

    @Test("right after a bulk import the tables it filled have statistics, so what runs next (a site, a read) is planned on them, not on the tables as they were")
    func statisticsFollowBulkImports() async throws {
        try await TestDatabase.withStore { store in
            let network = try await SmallNetwork.seed(store)
            let people = 400
            let file = "ref;prénom;nom\n" + (1...people).map { "lot-\($0);Prénom\($0);Nom\($0)\n" }.joined()
            let rows = try CarrierImport.rows(from: CSVTable(parsing: file), today: LocalDate(year: 2026, month: 12, day: 1)!, knownCommunes: [])
            _ = try await store.transaction(as: .administrator) { try await $0.importCarriers(rows, operatorID: network.apess) }
            #expect(try await Self.estimatedRows("carrier", store) >= Double(people))

            let history = "ref;programme;evenement;vers;date\n" + (1...people).map { n in
                "lot-\(n);May'IdESS;open;idea;02/03/2026\nlot-\(n);May'IdESS;advance;modules;0\(1 + n % 9)/04/2026\n"
            }.joined()
            let journeys = try HistoryImport.journeys(
                from: CSVTable(parsing: history), today: LocalDate(year: 2026, month: 12, day: 1)!, programmes: [network.mayIdESS])
            _ = try await store.transaction(as: .administrator) {
                try await $0.importHistory(journeys, operatorID: network.apess, referralReason: "orientation")
            }
            #expect(try await Self.estimatedRows("journey", store) >= Double(people))
            #expect(try await Self.estimatedRows("journey_event", store) >= Double(2 * people))
            // A refused import leaves them as they were (it wrote nothing).
            let before = try await Self.estimatedRows("journey_event", store)
            await #expect(throws: (any Error).self) {
                _ = try await store.transaction(as: .administrator) { tx in
                    _ = try await tx.importHistory(journeys, operatorID: network.apess, referralReason: "orientation")
                }
            }
            #expect(try await Self.estimatedRows("journey_event", store) == before)
        }
    }
}

