import Foundation
import ParcoursCore
import ParcoursStore
import ParcoursTestSupport
import PostgresNIO
import Testing

/// Issue 3's rules, each with its refusal message, on a real PostgreSQL.
@Suite("The journey's content")
struct JourneyContentTests {
    static let envie = ["idea", "workshops", "incubation", "orientation"]

    /// A journey of a programme shaped like `phases`, opened 60 days ago in `network.apess`.
    func open(_ phases: [String], _ store: Store) async throws -> (SmallNetwork, JourneyID) {
        let network = try await SmallNetwork.seed(store)
        let carrier = try await network.addCarrier(store, to: network.apess)
        let id = try await store.transaction(as: .administrator) { tx in
            let programme = try await tx.addProgramme(name: "Programme \(phases.count)", operatorID: network.apess, phases: phases)
            return try await tx.openJourney(carrier: carrier, programme: programme, cohort: nil, on: tx.today.adding(days: -60)).id
        }
        return (network, id)
    }

    @Test("a 13-month CAPE period is refused, by the core and by the database")
    func thirteenMonths() async throws {
        try await TestDatabase.withStore { store in
            let (network, id) = try await open(Self.envie, store)
            let today = store.today
            let start = today.adding(days: -30)
            let end = start.adding(months: 13)
            await #expect(throws: StoreError.invalid(CapeError.periodTooLong(start: start, end: end, latest: start.adding(months: 12).adding(days: -1)).refusal(journey: id))) {
                try await store.transaction(as: .administrator) { try await $0.addCape(journey: id, from: start, to: end, couveuse: nil) }
            }
            let raw = try await store.transaction(as: .administrator) { tx in
                let contract = try await tx.connection.query(
                    "INSERT INTO cape_contract (operator_id, journey_id) VALUES (\(network.apess.rawValue), \(id.rawValue)) RETURNING id",
                    logger: tx.logger).collect().first!.decode(Int64.self)
                return try await tx.refusal(
                    "INSERT INTO cape_period (operator_id, contract_id, seq, starts_on, ends_on) VALUES (\(network.apess.rawValue), \(contract), 0, \(start.iso)::date, \(end.iso)::date)")
            }
            #expect(raw?.contains("cape_period_at_most_12_months") == true)
        }
    }

    @Test("a third renewal is refused")
    func thirdRenewal() async throws {
        try await TestDatabase.withStore { store in
            let (_, id) = try await open(Self.envie, store)
            let start = store.today.adding(days: -50)
            let message = try await store.transaction(as: .administrator) { tx -> StoreError? in
                var contract = try await tx.addCape(journey: id, from: start, to: start.adding(months: 3), couveuse: nil)
                contract = try await tx.renewCape(journey: id, until: contract.endsOn.adding(months: 3))
                contract = try await tx.renewCape(journey: id, until: contract.endsOn.adding(months: 3))
                #expect(contract.renewals == 2)
                do {
                    _ = try await tx.renewCape(journey: id, until: contract.endsOn.adding(months: 3))
                    return nil
                } catch let error as StoreError { return error }
            }
            #expect(message == .refused(CapeError.tooManyRenewals(2).refusal(journey: id)))
        }
    }

    @Test("incubation without a current CAPE is refused; with one, the journey enters it")
    func incubationNeedsCape() async throws {
        try await TestDatabase.withStore { store in
            let (_, id) = try await open(Self.envie, store)
            await #expect(throws: StoreError.refused(PathwayError.capeRequired.refusal(journey: id))) {
                try await store.transaction(as: .administrator) { tx in
                    try await tx.change(journey: id, .advance(to: .incubation), on: nil, reason: nil, expectedVersion: nil)
                }
            }
            let state = try await store.transaction(as: .administrator) { tx in
                _ = try await tx.addCape(journey: id, from: tx.today.adding(days: -5), to: tx.today.adding(months: 6), couveuse: nil)
                return try await tx.change(journey: id, .advance(to: .incubation), on: nil, reason: nil, expectedVersion: nil).state
            }
            #expect(state == .active(.incubation))
        }
    }

    @Test("leaving pitch without a jury decision is refused; a jury's rework sends the journey back to modules")
    func pitchNeedsJury() async throws {
        try await TestDatabase.withStore { store in
            let (_, id) = try await open(["idea", "modules", "pitch", "orientation"], store)
            try await store.transaction(as: .administrator) { tx in
                _ = try await tx.change(journey: id, .advance(to: .pitch), on: tx.today.adding(days: -3), reason: nil, expectedVersion: nil)
            }
            await #expect(throws: StoreError.refused(PathwayError.juryDecisionRequired.refusal(journey: id))) {
                try await store.transaction(as: .administrator) { tx in
                    try await tx.change(journey: id, .rework(to: .modules), on: nil, reason: "more work", expectedVersion: nil)
                }
            }
            let (state, last) = try await store.transaction(as: .administrator) { tx in
                let journey = try await tx.decideJury(journey: id, decision: .rework, on: nil, note: "revoir le plan de financement")
                return (journey.state, try await tx.history(of: id).last!)
            }
            #expect(state == .active(.modules))
            #expect(last.kind == .rework)
            #expect(last.reason == "revoir le plan de financement")
        }
    }

    @Test("orientation without a referral is refused")
    func orientationNeedsReferral() async throws {
        try await TestDatabase.withStore { store in
            let (_, id) = try await open(Self.envie, store)
            await #expect(throws: StoreError.refused(PathwayError.referralRequired(.active(.orientation)).refusal(journey: id))) {
                try await store.transaction(as: .administrator) { tx in
                    try await tx.change(journey: id, .advance(to: .orientation), on: nil, reason: nil, expectedVersion: nil)
                }
            }
        }
    }

    @Test("attendance: a carrier outside the session's cohort is refused and nothing is recorded; hours are derived")
    func attendance() async throws {
        try await TestDatabase.withStore { store in
            let network = try await SmallNetwork.seed(store)
            let inCohort = try await network.addCarrier(store, to: network.apess, name: "Ana")
            let outside = try await network.addCarrier(store, to: network.apess, name: "Zoé")
            let (session, journey) = try await store.transaction(as: .administrator) { tx in
                let cohort = try await tx.addCohort(name: "Promotion 2026", programme: network.mayIdESS, startsOn: tx.today.adding(days: -40))
                let journey = try await tx.openJourney(carrier: inCohort, programme: network.mayIdESS, cohort: cohort, on: tx.today.adding(days: -40))
                _ = try await tx.openJourney(carrier: outside, programme: network.mayIdESS, cohort: nil, on: tx.today.adding(days: -40))
                let session = try await tx.addSession(
                    programme: network.mayIdESS, cohort: cohort, kind: .module, title: "Comptabilité",
                    startsAt: Date().addingTimeInterval(-86_400 * 7), durationMinutes: 210, facilitator: "Claire")
                return (session, journey.id)
            }
            await #expect(throws: StoreError.refused(.nothingDone([.init(line: nil, Refusal(.carrierNotInSession, ["carrier": "\(outside)", "session": "\(session)", "title": "Comptabilité", "cohort": "Promotion 2026"]))]))) {
                try await store.transaction(as: .administrator) { tx in
                    try await tx.attend(session: session, [AttendanceEntry(carrierID: inCohort, status: .present), AttendanceEntry(carrierID: outside, status: .present)])
                }
            }
            let minutes = try await store.transaction(as: .administrator) { tx in
                _ = try await tx.attend(session: session, [AttendanceEntry(carrierID: inCohort, status: .present, minutes: 180)])
                return try await tx.accompanimentMinutes(journey: journey)
            }
            #expect(minutes == 180)
        }
    }

    @Test("a referral to another operator without consent carries only the name, contact and reason")
    func consentlessReferral() async throws {
        try await TestDatabase.withStore { store in
            let network = try await SmallNetwork.seed(store)
            let carrier = try await store.transaction(as: .administrator) { tx in
                try await tx.addCarrier(NewCarrier(operatorID: network.apess, firstName: "Ana", lastName: "Martin", gender: .woman,
                                                   birthDate: LocalDate(year: 1990, month: 4, day: 2), email: "ana@exemple.fr"))!
            }
            let journey = try await store.transaction(as: SmallNetwork.apessCounsellor) { tx in
                try await tx.openJourney(carrier: carrier, programme: network.mayIdESS, cohort: nil, on: nil).id
            }
            let referral = try await store.transaction(as: .administrator) { tx in
                let partner = try await tx.addPartner(name: "Ronalpia — incubateur", kind: .incubator, contact: nil, operatorID: network.ronalpia, territories: [])
                return try await tx.addReferral(journey: journey, partner: try await tx.partners(id: partner)[0], reason: "incubation en Ardèche", consentToShare: false, on: nil)
            }
            let (seen, carriers, journeys, todo) = try await store.transaction(as: SmallNetwork.ronalpiaCoordinator) { tx in
                (try await tx.referrals(), try await tx.carriers().count, try await tx.journeys(JourneyFilter()).count, try await tx.worklist(within: 30))
            }
            #expect(seen.count == 1)
            #expect(seen[0].carrierName == "Ana Martin")
            #expect(seen[0].carrierContact == "ana@exemple.fr")
            #expect(seen[0].reason == "incubation en Ardèche")
            #expect(seen[0].journeyID == nil)
            #expect(!seen[0].consentToShare)
            #expect(carriers == 0 && journeys == 0)
            #expect(todo.contains { $0.kind == .referralIncoming && $0.journeyID == nil && $0.values["number"] == "\(referral)" })
            let answered = try await store.transaction(as: SmallNetwork.ronalpiaCoordinator) { tx in
                try await tx.updateReferral(referral, status: .accepted, note: "rendez-vous pris", on: nil).status
            }
            #expect(answered == .accepted)

            // Taken on without consent: a carrier with the name and contact only.
            let taken = try await store.transaction(as: SmallNetwork.ronalpiaCoordinator) { tx in
                let journey = try await tx.takeReferral(referral, programme: network.outille, cohort: nil, on: nil)
                return try await tx.carrier(journey.carrierID)
            }
            #expect(taken.carrier.firstName == "Ana" && taken.carrier.lastName == "Martin" && taken.email == "ana@exemple.fr")
            #expect(taken.carrier.birthDate == nil && taken.carrier.gender == nil)
            #expect(taken.carrier.operatorID == network.ronalpia)
        }
    }

    @Test("with the carrier's consent, the partner operator that takes the referral on receives the file")
    func consentedReferral() async throws {
        try await TestDatabase.withStore { store in
            let network = try await SmallNetwork.seed(store)
            let carrier = try await store.transaction(as: .administrator) { tx in
                try await tx.addCarrier(NewCarrier(operatorID: network.apess, firstName: "Ana", lastName: "Martin", gender: .woman,
                                                   birthDate: LocalDate(year: 1990, month: 4, day: 2)))!
            }
            let referral = try await store.transaction(as: .administrator) { tx in
                let journey = try await tx.openJourney(carrier: carrier, programme: network.mayIdESS, cohort: nil, on: nil)
                let partner = try await tx.addPartner(name: "Ronalpia", kind: .incubator, contact: nil, operatorID: network.ronalpia, territories: [])
                return try await tx.addReferral(journey: journey.id, partner: try await tx.partners(id: partner)[0], reason: "incubation", consentToShare: true, on: nil)
            }
            await #expect(throws: StoreError.refused(Refusal(.databaseRule, ["detail": "referral \(referral) is not an accepted referral addressed to your operator"]))) {
                try await store.transaction(as: SmallNetwork.ronalpiaCoordinator) { tx in
                    try await tx.takeReferral(referral, programme: network.outille, cohort: nil, on: nil)
                }
            }
            let taken = try await store.transaction(as: SmallNetwork.ronalpiaCoordinator) { tx in
                _ = try await tx.updateReferral(referral, status: .accepted, note: nil, on: nil)
                let journey = try await tx.takeReferral(referral, programme: network.outille, cohort: nil, on: nil)
                return try await tx.carrier(journey.carrierID).carrier
            }
            #expect(taken.birthDate == LocalDate(year: 1990, month: 4, day: 2))
            #expect(taken.gender == .woman)
        }
    }

    @Test("sensitive profile fields without consent are refused, by the core and by the database")
    func profileConsent() async throws {
        try await TestDatabase.withStore { store in
            let network = try await SmallNetwork.seed(store)
            let carrier = try await network.addCarrier(store, to: network.apess)
            await #expect(throws: StoreError.invalid(Refusal(.sensitiveWithoutConsent, fields: ["disability"]))) {
                try await store.transaction(as: .administrator) { tx in
                    try await tx.recordProfile(carrier: carrier, CarrierProfile(labourStatus: .unemployed, disability: true), on: nil)
                }
            }
            let raw = try await store.transaction(as: .administrator) { tx in
                try await tx.refusal(
                    "INSERT INTO carrier_profile (operator_id, carrier_id, recorded_on, disability, staff_id) VALUES (\(network.apess.rawValue), \(carrier.rawValue), current_date, true, 0)")
            }
            #expect(raw?.contains("carrier_profile_sensitive_needs_consent") == true)
        }
    }

    @Test("a follow-up comes after the exit")
    func followUpAfterExit() async throws {
        try await TestDatabase.withStore { store in
            let (_, id) = try await open(Self.envie, store)
            await #expect(throws: StoreError.refused(Refusal(.journeyNotExited, ["journey": id.description]))) {
                try await store.transaction(as: .administrator) { tx in
                    try await tx.recordFollowUp(journey: id, afterMonths: 6, situation: .employed, on: nil, note: nil)
                }
            }
        }
    }

    @Test("a carrier file with one bad line among 1,000: nothing imported, the line reported")
    func importAllOrNothing() async throws {
        try await TestDatabase.withStore { store in
            let network = try await SmallNetwork.seed(store)
            var lines = ["ref;prénom;nom;genre;date_de_naissance;situation"]
            lines += (1...1000).map { "r\($0);Prénom\($0);Nom\($0);femme;02/04/1990;unemployed" }
            lines[700] = "r700;Prénom700;Nom700;femme;31/02/1990;unemployed"
            let table = try CSVTable(parsing: lines.joined(separator: "\n"))
            #expect(throws: Refusal.nothingDone([.init(line: 701, Refusal(.notADate, field: "\"date_de_naissance\"", ["value": "31/02/1990"]))])) {
                try CarrierImport.rows(from: table, today: store.today, knownCommunes: [])
            }
            lines[700] = "r700;Prénom700;Nom700;femme;28/02/1990;unemployed"
            let rows = try CarrierImport.rows(from: try CSVTable(parsing: lines.joined(separator: "\n")), today: store.today, knownCommunes: [])
            let counts = try await store.transaction(as: SmallNetwork.apessCounsellor) { try await $0.importCarriers(rows, operatorID: network.apess) }
            #expect(counts == ImportCounts(created: 1000, skipped: 0))
            let profiles = try await store.transaction(as: .administrator) { try await $0.count("SELECT count(*) FROM carrier_profile WHERE labour_status = 'unemployed'") }
            #expect(profiles == 1000)
        }
    }

    @Test("the demo is idempotent and its worklist holds every kind of item")
    func demo() async throws {
        try await TestDatabase.withStore { store in
            let first = try await store.loadDemo()
            let second = try await store.loadDemo()
            #expect(first == second)
            #expect(first.carriers >= 150)
            let states = Set(first.journeys.values.flatMap(\.keys))
            #expect(states == Set(JourneyState.allNames))
            let kinds = Set(try await store.transaction(as: .administrator) { try await $0.worklist(within: 30) }.map(\.kind))
            // An incoming referral is another operator's answer to give: the administrator has none.
            #expect(kinds == Set(WorkItem.Kind.allCases).subtracting([.referralIncoming]))
        }
    }
}
