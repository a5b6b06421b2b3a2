import Foundation
import ParcoursCore
import ParcoursStore
import ParcoursTestSupport
import Testing

/// First contacts before the journey, on a network whose intake figures are counted by hand.
@Suite("Intake")
struct IntakeTests {
    static let today = ReportNetwork.today  // 2026-07-15
    static func date(_ text: String) -> LocalDate { LocalDate(iso: text)! }

    /// APESS 53: A (France Travail, 01-05, session 01-08, admitted 01-20: 15 days), B (France Travail,
    /// 01-10, redirected to the CAE 01-12), C (word of mouth, 02-01, withdrew 02-05), D (network,
    /// 2025-12-01: before the period), E (Mission locale, 03-01, pending). Ronalpia: F (CAF, 02-01,
    /// admitted 02-11: 10 days).
    func seed(_ store: Store) async throws -> (SmallNetwork, [String: IntakeID]) {
        let network = try await SmallNetwork.seed(store)
        var ids: [String: IntakeID] = [:]
        try await store.transaction(as: .administrator) { tx in
            func add(_ name: String, _ operatorID: OperatorID, _ prescriber: Prescriber, _ on: String, session: String? = nil) async throws {
                ids[name] = try await tx.addIntake(NewIntake(
                    operatorID: operatorID, firstName: name, lastName: "Contact", email: nil, phone: nil, commune: nil, prescriber: prescriber,
                    contactedOn: Self.date(on), infoSessionOn: session.map(Self.date), diagnosticOn: nil, note: nil))
            }
            try await add("A", network.apess, .franceTravail, "2026-01-05", session: "2026-01-08")
            try await add("B", network.apess, .franceTravail, "2026-01-10")
            try await add("C", network.apess, .boucheAOreille, "2026-02-01")
            try await add("D", network.apess, .reseau, "2025-12-01")
            try await add("E", network.apess, .missionLocale, "2026-03-01")
            try await add("F", network.ronalpia, .caf, "2026-02-01")
            _ = try await tx.admitIntake(ids["A"]!, programme: network.mayIdESS, cohort: nil, carrier: nil, on: Self.date("2026-01-20"), allowDuplicate: false)
            let cae = try await tx.partners(id: try await tx.addPartner(
                name: "Coopérer pour Entreprendre", kind: .cae, contact: nil, operatorID: nil, territories: []))[0]
            _ = try await tx.declineIntake(ids["B"]!, reason: .redirected, redirectedTo: cae, note: nil, on: Self.date("2026-01-12"))
            _ = try await tx.declineIntake(ids["C"]!, reason: .withdrew, redirectedTo: nil, note: "déménage", on: Self.date("2026-02-05"))
            _ = try await tx.admitIntake(ids["F"]!, programme: network.outille, cohort: nil, carrier: nil, on: Self.date("2026-02-11"), allowDuplicate: false)
        }
        return (network, ids)
    }

    func intakeReport(_ store: Store, as acting: Acting = .administrator, by dimensions: [ReportDimension] = []) async throws -> Report {
        try await store.transaction(as: acting) { tx in
            try await tx.report(ReportRequest(kind: .intake, period: ReportNetwork.firstHalf2026, dimensions: dimensions))
        }
    }

    @Test("the intake funnel: first contacts of the period, admitted, declined by reason, redirected to whom, the prescriber mix")
    func funnel() async throws {
        try await TestDatabase.withStore(clock: ReportNetwork.clock) { store in
            _ = try await seed(store)
            let report = try await intakeReport(store)
            let intake = try #require(report.sections.first { $0.name == "intake" })
            #expect(intake.value("first_contacts") == 5)  // A, B, C, E, F (D is before the period)
            #expect(intake.value("admitted") == 2 && intake.value("not_admitted") == 2 && intake.value("pending") == 1)
            #expect(intake.value("info_sessions") == 1)
            #expect(intake.value("admission_rate_pct") == .decimal(40))
            #expect(intake.value("median_days_to_admission") == .decimal(12.5))  // 15 and 10 days
            let declines = try #require(report.sections.first { $0.name == "declines" })
            #expect(declines.value("not_admitted", where: ["decline_reason": "redirected"]) == 1)
            #expect(declines.value("not_admitted", where: ["decline_reason": "withdrew"]) == 1)
            let redirections = try #require(report.sections.first { $0.name == "redirections" })
            #expect(redirections.value("redirected", where: ["partner": "Coopérer pour Entreprendre"]) == 1)
            let prescribers = try #require(report.sections.first { $0.name == "prescribers" })
            #expect(prescribers.value("first_contacts", where: ["prescriber": "france_travail"]) == 2)
            #expect(prescribers.value("share_pct", where: ["prescriber": "france_travail"]) == .decimal(40))
            #expect(prescribers.value("admitted", where: ["prescriber": "caf"]) == 1)

            // By prescriber: France Travail sent two, one admitted.
            let byPrescriber = try #require(try await intakeReport(store, by: [.prescriber]).sections.first { $0.name == "intake" })
            #expect(byPrescriber.value("first_contacts", where: ["prescriber": "france_travail"]) == 2)
            #expect(byPrescriber.value("admitted", where: ["prescriber": "france_travail"]) == 1)

            // An operator's staff count their own intakes only.
            let own = try #require(try await intakeReport(store, as: SmallNetwork.apessCounsellor).sections.first { $0.name == "intake" })
            #expect(own.value("first_contacts") == 4)
        }
    }

    @Test("admission makes the carrier and the journey and keeps the prescriber; a decision is final; an erasure blanks the intake")
    func admission() async throws {
        try await TestDatabase.withStore(clock: ReportNetwork.clock) { store in
            let (network, ids) = try await seed(store)
            let admitted = try await store.transaction(as: SmallNetwork.apessCounsellor) { try await $0.intake(ids["A"]!) }
            let carrier = try #require(admitted.carrierID)
            let sentByFranceTravail = try await store.transaction(as: .administrator) { tx in
                try await tx.count("SELECT count(*)::int FROM carrier WHERE id = \(carrier.rawValue) AND prescriber = 'france_travail'")
            }
            #expect(sentByFranceTravail == 1)
            let journey = try await store.transaction(as: .administrator) { try await $0.journey(admitted.journeyID!) }
            #expect(journey.journey.openedOn == Self.date("2026-01-20"))

            await #expect(throws: StoreError.refused(Refusal(.intakeDecided, ["intake": ids["C"]!.description, "status": "declined"]))) {
                try await store.transaction(as: SmallNetwork.apessCounsellor) { tx in
                    try await tx.admitIntake(ids["C"]!, programme: network.mayIdESS, cohort: nil, carrier: nil, on: Self.date("2026-03-01"), allowDuplicate: false)
                }
            }
            // Ronalpia's intake is not APESS's to see.
            await #expect(throws: StoreError.notFound("intake", ids["F"]!)) {
                try await store.transaction(as: SmallNetwork.apessCounsellor) { try await $0.intake(ids["F"]!) }
            }
            try await store.transaction(as: .administrator) { try await $0.eraseCarrier(carrier, reason: "demande de la personne") }
            let erased = try await store.transaction(as: .administrator) { try await $0.intake(ids["A"]!) }
            #expect(erased.lastName != "Contact" && erased.firstName != "A")
            #expect(erased.prescriber == .franceTravail && erased.contactedOn == Self.date("2026-01-05"))
        }
    }

    @Test("the same person recorded twice: said when recorded, counted once by the report, merged into one record")
    func samePersonOnce() async throws {
        try await TestDatabase.withStore(clock: ReportNetwork.clock) { store in
            let (network, ids) = try await seed(store)
            // E, pending since 03-01, comes again on 04-02 through France Travail, spelt without accents.
            let again = NewIntake(
                operatorID: network.apess, firstName: "e", lastName: "CONTACT", email: nil, phone: nil, commune: nil,
                prescriber: .franceTravail, contactedOn: Self.date("2026-04-02"), infoSessionOn: nil, diagnosticOn: nil, note: "relance")
            let known = try await store.transaction(as: .administrator) { try await $0.knownContact(of: again) }
            #expect(known == .intake(ids["E"]!, contactedOn: Self.date("2026-03-01"), name: "E Contact"))
            let twice = try await store.transaction(as: .administrator) { try await $0.addIntake(again) }
            // Two records, one person: the report counts her once (the latest, still pending).
            let intake = try #require(try await intakeReport(store).sections.first { $0.name == "intake" })
            #expect(intake.value("first_contacts") == 5 && intake.value("pending") == 1)
            // Merged: one record, the earliest contact, what only the duplicate knew, its number kept.
            try await store.transaction(as: .administrator) { try await $0.mergeIntakes(keep: ids["E"]!, duplicate: twice) }
            let merged = try await store.transaction(as: .administrator) { try await $0.intake(ids["E"]!) }
            #expect(merged.contactedOn == Self.date("2026-03-01") && merged.note == "relance" && merged.mergedIDs == [twice])
            await #expect(throws: StoreError.notFound("intake", twice)) {
                _ = try await store.transaction(as: .administrator) { try await $0.intake(twice) }
            }
            // A decided contact is the one kept, never the duplicate; a counsellor does not merge.
            await #expect(throws: StoreError.refused(Refusal(.intakeMergeDecided, ["detail": "intake \(ids["A"]!) was already decided: keep it, and merge the other into it"]))) {
                try await store.transaction(as: .administrator) { try await $0.mergeIntakes(keep: ids["E"]!, duplicate: ids["A"]!) }
            }
            await #expect(throws: StoreError.forbidden(Refusal(.coordinatorsOnly, ["email": "claire@apess53.fr", "role": "counsellor"]))) {
                try await store.transaction(as: SmallNetwork.apessCounsellor) { try await $0.mergeIntakes(keep: ids["E"]!, duplicate: ids["C"]!) }
            }
            // A carrier of the operator is known too.
            let carrier = try await store.transaction(as: .administrator) { try await $0.intake(ids["A"]!) }.carrierID
            let knownCarrier = try await store.transaction(as: .administrator) { tx in
                try await tx.knownContact(of: NewIntake(
                    operatorID: network.apess, firstName: "Zoé", lastName: nil, email: nil, phone: "06 00 00 00 01", commune: nil,
                    prescriber: .caf, contactedOn: Self.date("2026-05-02"), infoSessionOn: nil, diagnosticOn: nil, note: nil))
            }
            #expect(knownCarrier == nil)  // neither the name nor a contact matches
            let sameName = try await store.transaction(as: .administrator) { tx in
                try await tx.knownContact(of: NewIntake(
                    operatorID: network.apess, firstName: "A", lastName: "Contact", email: nil, phone: nil, commune: nil,
                    prescriber: .caf, contactedOn: Self.date("2026-05-02"), infoSessionOn: nil, diagnosticOn: nil, note: nil))
            }
            #expect(sameName == .intake(ids["A"]!, contactedOn: Self.date("2026-01-05"), name: "A Contact") && carrier != nil)
        }
    }

    @Test("a pending first contact is corrected; a decided one is final; erasure, a carrier's erasure and retention reach first contacts")
    func records() async throws {
        try await TestDatabase.withStore(clock: ReportNetwork.clock) { store in
            let (network, ids) = try await seed(store)
            try await store.transaction(as: .administrator) { tx in
                try await tx.updateIntake(ids["E"]!, IntakeCorrection(email: "e.contact@example.org", diagnosticOn: Self.date("2026-03-04")))
            }
            let corrected = try await store.transaction(as: .administrator) { try await $0.intake(ids["E"]!) }
            #expect(corrected.email == "e.contact@example.org" && corrected.diagnosticOn == Self.date("2026-03-04") && corrected.firstName == "E")
            await #expect(throws: StoreError.refused(Refusal(.intakeDecided, ["intake": ids["C"]!.description, "status": "declined"]))) {
                try await store.transaction(as: .administrator) { try await $0.updateIntake(ids["C"]!, IntakeCorrection(note: "x")) }
            }
            await #expect(throws: StoreError.invalid(Refusal(.intakeDateBeforeContact, field: "diagnostic", ["date": "2026-02-01", "contact": "2026-03-01"]))) {
                try await store.transaction(as: .administrator) { try await $0.updateIntake(ids["E"]!, IntakeCorrection(diagnosticOn: Self.date("2026-02-01"))) }
            }

            // C declined in 2026-02: kept one year, gone by retention after; D (pending since 2025-12) too.
            let dueIn2027 = try await store.transaction(as: .administrator) { try await $0.retentionIntakesDue(years: 1) }
            #expect(dueIn2027.isEmpty)  // today is 2026-07-15
            // B, declined, is erased by hand; A's carrier is erased, and with her a pending duplicate found by name.
            let duplicateOfA = try await store.transaction(as: .administrator) { tx in
                try await tx.addIntake(NewIntake(
                    operatorID: network.apess, firstName: "A", lastName: "Contact", email: nil, phone: nil, commune: nil, prescriber: .caf,
                    contactedOn: Self.date("2026-06-01"), infoSessionOn: nil, diagnosticOn: nil, note: "revenue"))
            }
            try await store.transaction(as: .administrator) { tx in
                try await tx.eraseIntake(ids["B"]!)
                try await tx.eraseCarrier(try #require(try await tx.intake(ids["A"]!).carrierID), reason: "demande")
            }
            let names = try await store.withOwnerConnection { connection in
                try await connection.query("SELECT id, first_name, note FROM intake ORDER BY id", logger: store.logger).collect()
                    .map { try $0.decode((Int64, String, String?).self) }
            }
            let erased = Set(names.filter { $0.1 == "[effacé]" }.map { IntakeID($0.0) })
            #expect(erased == [ids["A"]!, ids["B"]!, duplicateOfA])
            #expect(names.first { IntakeID($0.0) == duplicateOfA }?.2 == "[effacé]")
            // The counts stay.
            let intake = try #require(try await intakeReport(store).sections.first { $0.name == "intake" })
            #expect(intake.value("first_contacts") == 6 && intake.value("admitted") == 2)
        }
    }

    @Test("retention: first contacts never admitted go once their keeping period has passed; admitted ones follow their carrier")
    func retention() async throws {
        let later: @Sendable () -> Date = { ReportNetwork.clock().addingTimeInterval(400 * 86_400) }  // 2027-08-19
        try await TestDatabase.withStore(clock: later) { store in
            let (_, ids) = try await seed(store)
            let due = try await store.transaction(as: .administrator) { try await $0.retentionIntakesDue(years: 1) }
            // B (declined 01-12), C (declined 02-05), D (pending since 2025-12-01), E (pending since 03-01); not A nor F, admitted.
            #expect(due == [ids["B"]!, ids["C"]!, ids["D"]!, ids["E"]!])
            let done = try await store.transaction(as: .administrator) { try await $0.applyRetention(years: 1) }
            #expect(done.intakes == due)
            #expect(try await store.transaction(as: .administrator) { try await $0.retentionIntakesDue(years: 1) }.isEmpty)
            #expect(try await store.transaction(as: .administrator) { try await $0.intake(ids["C"]!) }.firstName == "[effacé]")
        }
    }
}
