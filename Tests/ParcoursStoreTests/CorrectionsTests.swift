import Foundation
import ParcoursCore
import ParcoursStore
import ParcoursTestSupport
import PostgresNIO
import Testing

/// Records can be corrected and duplicates merged — by those who manage the person's data, inside
/// their operator, with the history kept; and nothing of it survives an erasure.
@Suite("Corrections and merges")
struct CorrectionsTests {
    @Test("a counsellor corrects a record of their caseload; merging is the coordinators' and the administrator's")
    func whoMerges() async throws {
        try await TestDatabase.withStore { store in
            let network = try await SmallNetwork.seed(store)
            let keep = try await network.addCarrier(store, to: network.apess, name: "Noémie")
            let duplicate = try await network.addCarrier(store, to: network.apess, name: "Noemie")
            let other = try await network.addCarrier(store, to: network.ronalpia, name: "Bob")
            try await store.transaction(as: .administrator) { try await $0.assignCarrier(keep, to: "claire@apess53.fr") }
            try await store.transaction(as: SmallNetwork.apessCounsellor) {
                try await $0.updateCarrier(keep, CarrierCorrection(phone: "06 00 00 00 00"), reason: "nouveau numéro")
            }
            await #expect(throws: StoreError.forbidden(Refusal(.coordinatorsOnly, ["email": "claire@apess53.fr", "role": "counsellor"]))) {
                try await store.transaction(as: SmallNetwork.apessCounsellor) { try await $0.mergeCarriers(keep: keep, duplicate: duplicate, reason: nil) }
            }
            // Another operator's coordinator sees neither record.
            await #expect(throws: StoreError.notFound("carrier", keep)) {
                try await store.transaction(as: SmallNetwork.ronalpiaCoordinator) { try await $0.mergeCarriers(keep: keep, duplicate: duplicate, reason: nil) }
            }
            // Two operators' records are never one person's.
            await #expect(throws: StoreError.refused(Refusal(.mergeOtherOperator, ["detail": "carriers \(keep) and \(other) belong to different operators"]))) {
                try await store.transaction(as: .administrator) { try await $0.mergeCarriers(keep: keep, duplicate: other, reason: nil) }
            }
            try await store.transaction(as: .administrator) { try await $0.mergeCarriers(keep: keep, duplicate: duplicate, reason: "doublon") }
            let events = try await store.transaction(as: .administrator) { try await $0.carrierEvents(keep) }
            #expect(events.map(\.kind) == [.update, .merge])
            #expect(events.first?.staffEmail == "claire@apess53.fr" && events.first?.fields == ["phone"])
            #expect(events.last?.mergedCarrierID == duplicate)
        }
    }

    @Test("a person's entry is kept with them as their journeys are written: their first journey's opening, an earlier one, one brought by a merge")
    func entryFollowsJourneys() async throws {
        try await TestDatabase.withStore { store in
            let network = try await SmallNetwork.seed(store)
            let keep = try await network.addCarrier(store, to: network.apess, name: "Noémie")
            let duplicate = try await network.addCarrier(store, to: network.apess, name: "Noemie")
            func entered(_ carrier: CarrierID) async throws -> LocalDate? {
                try await store.withOwnerConnection { connection in
                    try await connection.query("SELECT to_char(entered_on, 'YYYY-MM-DD') FROM carrier WHERE id = \(carrier.rawValue)", logger: store.logger)
                        .collect().first?.decode(String?.self).flatMap { LocalDate(iso: $0) }
                }
            }
            #expect(try await entered(keep) == nil)  // no journey yet
            try await store.transaction(as: .administrator) { tx in
                let incubator = try await tx.addProgramme(name: "Couveuse", operatorID: network.apess, phases: ["idea", "incubation"])
                _ = try await tx.openJourney(carrier: keep, programme: network.mayIdESS, cohort: nil, on: LocalDate(iso: "2026-03-02")!)
                _ = try await tx.openJourney(carrier: keep, programme: incubator, cohort: nil, on: LocalDate(iso: "2026-01-12")!)
                _ = try await tx.openJourney(carrier: duplicate, programme: network.mayIdESS, cohort: nil, on: LocalDate(iso: "2025-11-03")!)
            }
            #expect(try await entered(keep) == LocalDate(iso: "2026-01-12"))  // the earlier of the two
            #expect(try await entered(duplicate) == LocalDate(iso: "2025-11-03"))
            // The duplicate's journey in the same programme is still running: closed first, then merged.
            try await store.transaction(as: .administrator) { tx in
                let running = try #require(try await tx.journeys(JourneyFilter(carrier: duplicate)).first).journey
                _ = try await tx.change(journey: running.id, .exit(.withdrawn), on: LocalDate(iso: "2025-12-01")!, reason: nil, expectedVersion: nil)
                try await tx.mergeCarriers(keep: keep, duplicate: duplicate, reason: "doublon")
            }
            #expect(try await entered(keep) == LocalDate(iso: "2025-11-03"))  // the journey the merge brought
        }
    }

    @Test("a file without references imported twice is refused the second time, naming the people already there; so is a person listed twice")
    func importDuplicates() async throws {
        try await TestDatabase.withStore { store in
            let network = try await SmallNetwork.seed(store)
            let file = "prénom;nom;date_de_naissance\nNoémie;Lefèvre;12/03/1990\nKarim;Benali;01/02/1985"
            let rows = try CarrierImport.rows(from: try CSVTable(parsing: file), today: store.today, knownCommunes: [])
            let first = try await store.transaction(as: .administrator) { try await $0.importCarriers(rows, operatorID: network.apess) }
            #expect(first.created == 2)
            let ids = try await store.transaction(as: .administrator) { try await $0.carriers(operatorID: network.apess).map(\.carrier.id) }
            do {
                _ = try await store.transaction(as: .administrator) { try await $0.importCarriers(rows, operatorID: network.apess) }
                Issue.record("imported twice")
            } catch StoreError.duplicate(let refusal) {
                #expect(refusal.code == .nothingDone && refusal.fields == ["allow_duplicate"])
                #expect(refusal.problems.map(\.line) == [2, 3])
                #expect(Set(refusal.problems.compactMap { $0.refusal.values["carrier"] }) == Set(ids.map(\.description)))
            }
            let twice = "prénom;nom;courriel\nAna;Petit;ana@example.fr\nAnna;Petit;ANA@example.fr"
            let listedTwice = try CarrierImport.rows(from: try CSVTable(parsing: twice), today: store.today, knownCommunes: [])
            await #expect(throws: StoreError.self) {
                try await store.transaction(as: .administrator) { try await $0.importCarriers(listedTwice, operatorID: network.apess) }
            }
            let namesakes = try await store.transaction(as: .administrator) {
                try await $0.importCarriers(listedTwice, operatorID: network.apess, allowDuplicates: true)
            }
            #expect(namesakes.created == 2)

            // Each rule on its own: an e-mail already known (any case), the same name and birth date twice in the file.
            let mixed = "prénom;nom;date_de_naissance;courriel\nAnaïs;Martin;;ANA@EXAMPLE.FR\nZoé;Roux;01/01/2000;\nZOE;roux;01/01/2000;"
            let mixedRows = try CarrierImport.rows(from: try CSVTable(parsing: mixed), today: store.today, knownCommunes: [])
            do {
                _ = try await store.transaction(as: .administrator) { try await $0.importCarriers(mixedRows, operatorID: network.apess) }
                Issue.record("imported a known e-mail and a person listed twice")
            } catch StoreError.duplicate(let refusal) {
                // Line 2's e-mail is both Ana's and Anna's (the namesakes imported above): each is named.
                #expect(refusal.problems.map(\.line) == [2, 2, 4])
                #expect(refusal.problems.map(\.refusal.code) == [.knownPerson, .knownPerson, .duplicateInFile])
                #expect(refusal.problems.last?.refusal.values["line"] == "3")
            }
        }
    }

    @Test("the history of corrections is append-only, and an erasure blanks its reasons")
    func historyKeptAndErased() async throws {
        try await TestDatabase.withStore { store in
            let network = try await SmallNetwork.seed(store)
            let carrier = try await network.addCarrier(store, to: network.apess, name: "Noémie")
            try await store.transaction(as: .administrator) {
                try await $0.updateCarrier(carrier, CarrierCorrection(email: "noemie@example.fr"), reason: "Noémie a changé d'adresse")
            }
            let access = try await store.transaction(as: .administrator) { try await $0.personalData(of: carrier) }
            #expect(access.contains("\"corrections\"") && access.contains("Noémie a changé d'adresse"), "the subject access export holds the corrections")
            let refused = try await store.transaction(as: .administrator) { tx in
                try await tx.refusal("UPDATE carrier_event SET reason = 'réécrit'")
            }
            #expect(refused?.contains("permission denied") == true)
            try await store.transaction(as: .administrator) { try await $0.eraseCarrier(carrier, reason: "demande de la personne") }
            let events = try await store.transaction(as: .administrator) { try await $0.carrierEvents(carrier) }
            // The correction's reason is blanked; the erasure's own is kept in its entry (not in the audit log).
            #expect(events.map(\.reason) == ["[effacé]", "demande de la personne"])
            #expect(events.map(\.kind) == [.update, .erase])
        }
    }

    @Test("attendance is a fact in the database too: not before the session starts, not outside the journey")
    func attendanceRulesInSQL() async throws {
        try await TestDatabase.withStore { store in
            let network = try await SmallNetwork.seed(store)
            let carrier = try await network.addCarrier(store, to: network.apess)
            let refused = try await store.transaction(as: .administrator) { tx -> String? in
                let journey = try await tx.openJourney(carrier: carrier, programme: network.mayIdESS, cohort: nil, on: tx.today)
                let session = try await tx.addSession(
                    programme: network.mayIdESS, cohort: nil, kind: .appointment, title: "Demain", startsAt: tx.now.addingTimeInterval(86_400),
                    durationMinutes: 60, facilitator: nil)
                return try await tx.refusal(
                    "INSERT INTO attendance (operator_id, session_id, journey_id, status, minutes, staff_id) VALUES (\(network.apess.rawValue), \(session), \(journey.id.rawValue), 'present', 60, 0)")
            }
            #expect(refused?.contains("has not started yet") == true, "\(refused ?? "accepted")")

            // Lines of one statement are checked together: one line too long refuses them all; who
            // recorded a line, and when, is the verified identity and the transaction's time, whatever
            // the statement says.
            let people = [try await network.addCarrier(store, to: network.apess, name: "Léa"), try await network.addCarrier(store, to: network.apess, name: "Noé")]
            let (tooLong, recorded, stamped) = try await store.transaction(as: SmallNetwork.apessCounsellor) { tx in
                var journeys: [Int64] = []
                for person in people {
                    journeys.append(try await tx.openJourney(carrier: person, programme: network.mayIdESS, cohort: nil, on: tx.today.adding(days: -3)).id.rawValue)
                }
                let held = try await tx.addSession(
                    programme: network.mayIdESS, cohort: nil, kind: .workshop, title: "Hier", startsAt: tx.now.addingTimeInterval(-86_400),
                    durationMinutes: 60, facilitator: nil)
                let tooLong = try await tx.refusal(
                    """
                    INSERT INTO attendance (operator_id, session_id, journey_id, status, minutes, staff_id)
                    VALUES (\(network.apess.rawValue), \(held), \(journeys[0]), 'present', 60, 0),
                           (\(network.apess.rawValue), \(held), \(journeys[1]), 'present', 61, 0)
                    """)
                let recorded = try await tx.count("SELECT count(*)::integer FROM attendance WHERE session_id = \(held)")
                _ = try await tx.refusal(
                    """
                    INSERT INTO attendance (operator_id, session_id, journey_id, status, minutes, staff_id, recorded_at)
                    VALUES (\(network.apess.rawValue), \(held), \(journeys[0]), 'present', 60, \(tx.acting.id.rawValue + 1_000), '2020-01-01'),
                           (\(network.apess.rawValue), \(held), \(journeys[1]), 'absent', 0, \(tx.acting.id.rawValue), '2020-01-01')
                    """)
                let stamped = try await tx.count(
                    """
                    SELECT count(*)::integer FROM attendance
                    WHERE session_id = \(held) AND staff_id = \(tx.acting.id.rawValue) AND recorded_at = now()
                    """)
                // A corrected line is checked by the same rule.
                let corrected = try await tx.refusal("UPDATE attendance SET minutes = 61 WHERE session_id = \(held) AND journey_id = \(journeys[0])")
                #expect(corrected?.contains("61 minutes attended, but session") == true, "\(corrected ?? "accepted")")
                return (tooLong, recorded, stamped)
            }
            #expect(tooLong?.contains("61 minutes attended, but session") == true, "\(tooLong ?? "accepted")")
            #expect(recorded == 0)
            #expect(stamped == 2)
        }
    }

    @Test("a commune name several départements share is the operator's own when only one is in its territories; a postcode is said to be one")
    func communeOfTheOperator() async throws {
        try await TestDatabase.withStore { store in
            let (mayenne, vienne) = try await store.transaction(as: .administrator) { tx in
                let mayenne = try await tx.addOperator(name: "Coopérative mayennaise", territories: [try await tx.resolveTerritory("53")])
                let vienne = try await tx.addOperator(name: "Réseau poitevin", territories: [try await tx.resolveTerritory("86")])
                return (mayenne, vienne)
            }
            let (inMayenne, inVienne) = try await store.transaction(as: .administrator) { tx in
                (try await tx.territory(try await tx.resolveCommune("Craon", of: mayenne)).code,
                 try await tx.territory(try await tx.resolveCommune("craon", of: vienne)).code)
            }
            #expect(inMayenne == "53084" && inVienne == "86087")
            // Without an operator, or for one in neither, it stays ambiguous and says which.
            let elsewhere = try await store.transaction(as: .administrator) { try await $0.addOperator(name: "Ailleurs") }
            await #expect(throws: StoreError.self) {
                _ = try await store.transaction(as: .administrator) { try await $0.resolveCommune("Craon", of: elsewhere) }
            }
            // A file's cells too.
            let lookups = try await store.transaction(as: .administrator) { try await $0.communeLookups(["Craon", "53000"], operatorID: mayenne) }
            #expect(lookups["Craon"] == .code("53084") && lookups["53000"] == .unknown)
            await #expect(throws: StoreError.notFound(Refusal(.postcodeNotCommune, field: "commune", ["value": "53000"]))) {
                _ = try await store.transaction(as: .administrator) { try await $0.resolveCommune("53000", of: mayenne) }
            }
        }
    }
}
