import Foundation
import ParcoursCore
import ParcoursStore
import ParcoursTestSupport
import PostgresNIO
import Testing

/// A mistaken step is corrected or cancelled with a reason: the history keeps it as first recorded,
/// the same rules hold for the step recorded in its place, and the funder's figures follow.
@Suite("Correcting a journey's last step")
struct StepCorrectionTests {
    func withNetwork(_ body: (Store, ReportNetwork) async throws -> Void) async throws {
        try await TestDatabase.withStore(clock: ReportNetwork.clock) { store in
            try await body(store, try await ReportNetwork.seed(store))
        }
    }

    func exits(_ store: Store) async throws -> ReportTable {
        try await store.transaction(as: .administrator) { tx in
            try #require(try await tx.report(ReportRequest(kind: .outcomes, period: ReportNetwork.firstHalf2026)).section("exits"))
        }
    }

    func brunosJourney(_ store: Store, _ network: ReportNetwork) async throws -> JourneyListing {
        try await store.transaction(as: .administrator) { try #require(try await $0.journeys(JourneyFilter(carrier: network.bruno)).first) }
    }

    @Test("an exit « activité créée » recorded by mistake becomes « emploi »: the report and the ESF+ indicators change, the history keeps both")
    func outcomeCorrected() async throws {
        try await withNetwork { store, network in
            let before = try await exits(store)
            #expect(before.value("activity_created") == 1 && before.value("employed") == 1)
            let bruno = try await brunosJourney(store, network)
            let corrected = try await store.transaction(as: .administrator) { tx in
                try await tx.correctLastStep(
                    journey: bruno.journey.id, StepCorrection(outcome: .employed, reason: "erreur de saisie : CDI dans la SCOP"),
                    expectedVersion: bruno.journey.version)
            }
            #expect(corrected.journey.state == .exited(.employed))
            #expect(corrected.journey.version == bruno.journey.version)  // the step keeps its place
            #expect(corrected.closedOn == LocalDate(iso: "2026-05-15"))

            let after = try await exits(store)
            #expect(after.value("activity_created") == 0 && after.value("employed") == 2 && after.value("exits") == 4)
            let file = try await store.transaction(as: .administrator) { try await $0.participants(of: network.funding) }
            #expect(file.indicators().value("men", where: ["indicator": "exit_self_employed"]) == 0)
            #expect(file.indicators().value("men", where: ["indicator": "exit_employed"]) == 1)

            // The activity went with the exit it was recorded with; the history says what was recorded, and why it changed.
            let timeline = try await store.transaction(as: .administrator) { try await $0.timeline(of: bruno.journey.id) }
            #expect(!timeline.contains { $0.kind == .activity })
            let correction = try #require(timeline.first { $0.kind == .correction })
            #expect(correction.subject == "exit" && correction.detail == "activity_created 2026-05-15")
            #expect(correction.note == "erreur de saisie : CDI dans la SCOP" && correction.staffEmail == "admin@localhost")
            #expect(timeline.contains { $0.kind == .event && $0.subject == "exit" && $0.detail == "employed" })
            let audit = try await store.withOwnerConnection { connection in
                try await connection.query(
                    "SELECT detail FROM audit_event WHERE carrier_id = \(network.bruno.rawValue) AND detail LIKE 'journey % step %' ORDER BY id",
                    logger: store.logger
                ).collect().map { try $0.decode(String.self) }
            }
            #expect(audit == ["journey \(bruno.journey.id) step \(bruno.journey.version) corrected"])
        }
    }

    @Test("an exit cancelled: the journey is back where the step before left it, and counts as still accompanied")
    func exitCancelled() async throws {
        try await withNetwork { store, network in
            let bruno = try await brunosJourney(store, network)
            let back = try await store.transaction(as: .administrator) { tx in
                try await tx.correctLastStep(
                    journey: bruno.journey.id, StepCorrection(cancel: true, reason: "sortie saisie sur le mauvais porteur"), expectedVersion: nil)
            }
            #expect(back.journey.state == .active(.orientation))
            #expect(back.journey.version == bruno.journey.version - 1)
            #expect(back.journey.lastChangeOn == LocalDate(iso: "2026-03-15") && back.closedOn == nil)
            let after = try await exits(store)
            #expect(after.value("exits") == 3 && after.value("activity_created") == 0)
            let file = try await store.transaction(as: .administrator) { try await $0.participants(of: network.funding) }
            #expect(file.participants.first { $0.identity?.firstName == "Bruno" }?.exitSituation == .noExitYet)

            // The journey goes on from there, by the usual rules.
            let again = try await store.transaction(as: .administrator) { tx in
                try await tx.change(journey: bruno.journey.id, .exit(.training), on: LocalDate(iso: "2026-06-01")!, reason: nil, expectedVersion: nil)
            }
            #expect(again.state == .exited(.training) && again.version == bruno.journey.version)
        }
    }

    @Test("a corrected step follows the rules of a new one: not before the step it follows, not in the future, an activity for « activité créée »")
    func sameRules() async throws {
        try await withNetwork { store, network in
            let bruno = try await brunosJourney(store, network)
            let id = bruno.journey.id
            func correct(_ correction: StepCorrection, expected: Int? = nil) async throws {
                _ = try await store.transaction(as: .administrator) { try await $0.correctLastStep(journey: id, correction, expectedVersion: expected) }
            }
            await #expect(throws: StoreError.refused(Refusal(.changeBeforeLastChange, field: "on", ["journey": "\(id)", "date": "2026-03-01", "previous": "2026-03-15"]))) {
                try await correct(StepCorrection(on: LocalDate(iso: "2026-03-01"), reason: "date"))
            }
            await #expect(throws: StoreError.invalid(Refusal(.dateInFuture, field: "on", ["date": "2026-07-16", "today": "2026-07-15"]))) {
                try await correct(StepCorrection(on: LocalDate(iso: "2026-07-16"), reason: "date"))
            }
            await #expect(throws: StoreError.invalid(Refusal(.onlyWith, fields: ["jobs"], ["with": "outcome", "value": "activity_created"]))) {
                try await correct(StepCorrection(outcome: .employed, jobsFTE: 2, reason: "x"))
            }
            await #expect(throws: StoreError.invalid(Refusal(.cancelAlone, fields: ["on"]))) {
                try await correct(StepCorrection(on: LocalDate(iso: "2026-05-16"), cancel: true, reason: "x"))
            }
            await #expect(throws: StoreError.conflict(Refusal(.versionConflict, field: "expect_version", ["journey": "\(id)", "expected": "2", "actual": "\(bruno.journey.version)"]))) {
                try await correct(StepCorrection(on: LocalDate(iso: "2026-05-16"), reason: "x"), expected: 2)
            }
            // Nothing of the refused corrections stayed.
            #expect(try await brunosJourney(store, network).journey == bruno.journey)

            // Only the jobs change: the rest of the activity stays as recorded.
            try await correct(StepCorrection(jobsFTE: 2, reason: "deux emplois"))
            let activity = try await store.transaction(as: .administrator) { try await $0.timeline(of: id) }.first { $0.kind == .activity }
            #expect(activity?.subject == "scop" && activity?.detail == "2.00" && activity?.note == "La Scop du bocage")

            // The opening is not a step to correct.
            let dan = try await store.transaction(as: .administrator) { try #require(try await $0.journeys(JourneyFilter(carrier: network.dan)).first) }
            await #expect(throws: StoreError.invalid(Refusal(.openingNotCorrectable, ["journey": "\(dan.journey.id)"]))) {
                _ = try await store.transaction(as: .administrator) {
                    try await $0.correctLastStep(journey: dan.journey.id, StepCorrection(on: LocalDate(iso: "2026-05-02"), reason: "x"), expectedVersion: nil)
                }
            }
        }
    }

    @Test("PostgreSQL on its own: a withdrawn step is replaced by the rules of a new one or marked cancelled, never deleted by hand, and its record never changes")
    func databaseRules() async throws {
        try await withNetwork { store, network in
            let bruno = try await brunosJourney(store, network)
            let id = bruno.journey.id.rawValue, seq = bruno.journey.version
            let (withdrawn, early, unreplaced) = try await store.transaction(as: .administrator) { tx in
                let withdrawn = try await tx.refusal("SELECT FROM parcours_withdraw_last_step(\(id), \(seq)::integer, false, 'date', 'cli')")
                // Withdrawn to be corrected: the step recorded in its place is checked as a new one…
                let early = try await tx.refusal(
                    "INSERT INTO journey_event (operator_id, journey_id, seq, kind, to_state, effective_on, staff_id) VALUES (0, \(id), \(seq), 'exit', 'employed', '2026-03-01', 0)")
                // …and one must be, before the transaction commits.
                let unreplaced = try await tx.refusal("SET CONSTRAINTS journey_event_correction_replaced IMMEDIATE")
                try await tx.connection.query(
                    "INSERT INTO journey_event (operator_id, journey_id, seq, kind, to_state, effective_on, staff_id) VALUES (0, \(id), \(seq), 'exit', 'employed', '2026-05-15', 0)",
                    logger: tx.logger)
                return (withdrawn, early, unreplaced)
            }
            #expect(withdrawn == nil)
            #expect(early == "journey \(id) cannot change on 2026-03-01, before its last recorded change (2026-03-15)")
            #expect(unreplaced == "journey \(id): step \(seq) was withdrawn to be corrected, and no corrected step was recorded in its place")

            #expect(try await brunosJourney(store, network).journey.state == .exited(.employed))
            let (delete, rewrite) = try await store.transaction(as: .administrator) { tx in
                return (try await tx.refusal("DELETE FROM journey_event WHERE journey_id = \(id)"),
                        try await tx.refusal("UPDATE journey_event_correction SET correction_reason = 'autre' WHERE journey_id = \(id)"))
            }
            #expect(delete == "permission denied for table journey_event")
            #expect(rewrite == "permission denied for table journey_event_correction")
            let ownerRewrite = try await store.withOwnerConnection { connection in
                do {
                    try await connection.query("UPDATE journey_event_correction SET correction_reason = 'autre'", logger: store.logger)
                    return "accepted"
                } catch let error as PSQLError { return error.serverInfo?[.message] ?? "" }
            }
            #expect(ownerRewrite == "journey_event_correction is append-only: a correction is never changed or removed")

            // Another operator's coordinator cannot reach the journey.
            let other = try await store.transaction(as: SmallNetwork.ronalpiaCoordinator) { tx in
                try await tx.refusal("SELECT FROM parcours_withdraw_last_step(\(id), NULL, true, 'x', 'cli')")
            }
            #expect(other == "journey \(id) not found")
        }
    }

    @Test("an erasure reaches the corrections: no reason given about the person survives")
    func erasure() async throws {
        try await withNetwork { store, network in
            let bruno = try await brunosJourney(store, network)
            try await store.transaction(as: .administrator) { tx in
                _ = try await tx.correctLastStep(
                    journey: bruno.journey.id, StepCorrection(outcome: .employed, reason: "Bruno Leroy a signé un CDI"), expectedVersion: nil)
                try await tx.eraseCarrier(network.bruno, reason: "demande de la personne")
            }
            let kept = try await store.withOwnerConnection { connection in
                try await connection.query(
                    "SELECT correction_reason, reason, activity_name FROM journey_event_correction WHERE journey_id = \(bruno.journey.id.rawValue)",
                    logger: store.logger
                ).collect().map { try $0.decode((String, String?, String?).self) }
            }
            #expect(kept.count == 1)
            #expect(kept.allSatisfy { !$0.0.contains("Bruno") && $0.2 == nil })
        }
    }
}
