import Foundation
import ParcoursCore
import ParcoursStore

/// A small network whose every report figure is computed by hand in the tests (dates fixed,
/// "today" 2026-07-15). The period of interest is the first half of 2026.
///
/// Territories (France's tree): Pays de la Loire (R52) → Mayenne (53) → CA Laval Agglomération
/// (200083392) → Laval (53130, ZRR until 2024-06-30; Alice lives in QPV QN05301M); Mayenne (53) → CC
/// Mayenne Communauté (200055887) → Mayenne (53147, FRR from 2024-07-01); Pays de la Loire → Vendée (85) → Pouzauges (85182); Auvergne-Rhône-Alpes (R84) →
/// Ardèche (07) → Annonay (07010).
///
/// APESS 53, May'IdESS (idea → modules → pitch → orientation):
/// - Alice (woman, 1990-05-01, Laval): journey 1 opened 01-10, modules 02-01, referral to France
///   Active 02-15 declined 02-25, withdrew 03-01; journey 2 opened 04-01, modules 04-15, still
///   open. Profile at entry: long-term unemployed, ISCED 3–4, consent, disability; a later
///   profile (06-01) says employed.
/// - Bruno (man, 2000-03-10, Mayenne): opened 01-20, modules 02-10, pitch 03-10, jury go and
///   referral to Coopérer pour Entreprendre (CAE) 03-12 accepted 03-20, orientation 03-15,
///   activity created 05-15 (SCOP, 1.5 FTE). Profile: unemployed, ISCED 5–8, no consent.
/// - Chloé (woman, 1965-02-01, Pouzauges): opened 2025-11-01, modules 2025-12-01, employed
///   2026-01-05, followed up at 6 months (2026-07-05): employed. Profile: inactive, ISCED 0–2.
/// - Dan (no gender, birth date, commune nor profile): opened 05-01, still in idea.
/// - Franck (man, Laval): 2025-03-01 → withdrew 2025-06-01: outside the period.
///
/// Ronalpia, Outille ton projet (idea → workshops → orientation):
/// - Eve (woman, 1980-06-01, Annonay): opened 03-01, workshops 03-20, referral to CAE 05-01
///   unanswered, training 06-01. Profile: self-employed, ISCED 5–8, consent, foreign background.
///
/// Sessions (2026 unless said): May'IdESS module 02-05 180 min (Alice 180, Bruno 120),
/// appointment 02-20 60 min (Bruno), module 05-05 120 min (Alice, Dan absent), appointment
/// 2025-12-10 60 min (Chloé); Outille workshops 03-25 120 min (Eve), 04-10 90 min (Eve excused).
///
/// Funding 202003945 (FSE+), APESS 53, May'IdESS, 2025-07-01 → 2026-12-31.
public struct ReportNetwork: Sendable {
    public var network: SmallNetwork
    public var alice, bruno, chloe, dan, eve, franck: CarrierID
    public var territories: [String: TerritoryID]
    public var funding: Funding

    public static let today = LocalDate(year: 2026, month: 7, day: 15)!
    /// A clock at noon in Paris on `today`.
    public static let clock: @Sendable () -> Date = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .paris
        return calendar.date(from: DateComponents(year: 2026, month: 7, day: 15, hour: 12))!
    }
    public static let firstHalf2026 = try! ReportPeriod(parsing: "2026-01-01..2026-06-30")

    /// Alice's last name, for exports: a spreadsheet must never run it.
    public static let hostileLastName = "=HYPERLINK(\"http://x\")"

    public static func seed(_ store: Store) async throws -> ReportNetwork {
        let network = try await SmallNetwork.seed(store)
        return try await store.transaction(as: .administrator) { tx in
            var t: [String: TerritoryID] = [:]
            // France's tree is loaded with every database.
            for code in ["R52", "R84", "53", "85", "07", "200083392", "200055887", "53130", "53147", "85182", "07010"] {
                t[code] = try await tx.resolveTerritory(code)
            }
            func date(_ text: String) -> LocalDate { LocalDate(iso: text)! }
            // Mayenne is FRR since July 2024; Laval was (in this network) a ZRR until June 2024 only.
            _ = try await tx.importZoning(
                [ZoningRow(line: 2, code: "53147", name: "Mayenne", communeCode: nil)], kind: .frr, from: date("2024-07-01"), to: nil, source: "test")
            _ = try await tx.importZoning(
                [ZoningRow(line: 2, code: "53130", name: "Laval", communeCode: nil)], kind: .zrr, from: date("2017-07-01"),
                to: date("2024-06-30"), source: "test")
            _ = try await tx.importZoning(
                [ZoningRow(line: 2, code: "QN05301M", name: "Les Pavements", communeCode: "53130")], kind: .qpv, from: date("2024-01-01"),
                to: nil, source: "test")
            func carrier(_ operatorID: OperatorID, _ first: String, _ last: String, _ gender: Gender?, _ born: String?, _ commune: String?) async throws -> CarrierID {
                try await tx.addCarrier(
                    NewCarrier(
                        operatorID: operatorID, firstName: first, lastName: last, gender: gender, birthDate: born.map(date),
                        commune: commune.flatMap { t[$0] }, email: "\(first.lowercased())@example.org"))!
            }
            let apess = network.apess, ronalpia = network.ronalpia
            let alice = try await carrier(apess, "Alice", hostileLastName, .woman, "1990-05-01", "53130")
            let bruno = try await carrier(apess, "Bruno", "Leroy", .man, "2000-03-10", "53147")
            try await tx.updateCarrier(alice, CarrierCorrection(qpv: "QN05301M"), reason: "adresse en QPV")
            let chloe = try await carrier(apess, "Chloé", "Girard", .woman, "1965-02-01", "85182")
            let dan = try await carrier(apess, "Dan", "Morel", nil, nil, nil)
            let franck = try await carrier(apess, "Franck", "Petit", .man, "1975-01-01", "53130")
            let eve = try await carrier(ronalpia, "Eve", "Nguyen", .woman, "1980-06-01", "07010")

            try await tx.recordProfile(
                carrier: alice, CarrierProfile(labourStatus: .longTermUnemployed, educationLevel: .isced3to4, consentOn: date("2026-01-10"),
                                               disability: true, thirdCountryNational: false, foreignBackground: false, homeless: false),
                on: date("2026-01-10"))
            try await tx.recordProfile(carrier: alice, CarrierProfile(labourStatus: .employed, educationLevel: .isced3to4), on: date("2026-06-01"))
            try await tx.recordProfile(carrier: bruno, CarrierProfile(labourStatus: .unemployed, educationLevel: .isced5to8), on: date("2026-01-20"))
            try await tx.recordProfile(
                carrier: chloe, CarrierProfile(labourStatus: .inactive, educationLevel: .isced0to2, consentOn: date("2025-11-01"), disability: false),
                on: date("2025-11-01"))
            try await tx.recordProfile(
                carrier: eve, CarrierProfile(labourStatus: .selfEmployed, educationLevel: .isced5to8, consentOn: date("2026-03-01"),
                                             disability: false, thirdCountryNational: false, foreignBackground: true, homeless: false),
                on: date("2026-03-01"))

            let financing = try await tx.partners(id: try await tx.addPartner(name: "France Active", kind: .financing, contact: nil, operatorID: nil, territories: []))[0]
            let cae = try await tx.partners(id: try await tx.addPartner(name: "Coopérer pour Entreprendre", kind: .cae, contact: nil, operatorID: nil, territories: []))[0]

            func session(_ programme: Programme, _ kind: SessionKind, _ day: String, _ minutes: Int, _ entries: [AttendanceEntry]) async throws {
                let d = date(day)
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = .paris
                let startsAt = calendar.date(from: DateComponents(year: d.year, month: d.month, day: d.day, hour: 14))!
                let id = try await tx.addSession(
                    programme: programme, cohort: nil, kind: kind, title: "\(kind.rawValue) \(day)", startsAt: startsAt,
                    durationMinutes: minutes, facilitator: nil)
                _ = try await tx.attend(session: id, entries)
            }
            func advance(_ journey: JourneyID, _ phase: Phase, _ day: String) async throws {
                _ = try await tx.change(journey: journey, .advance(to: phase), on: date(day), reason: nil, expectedVersion: nil)
            }
            func exit(_ journey: JourneyID, _ outcome: Outcome, _ day: String) async throws {
                _ = try await tx.change(journey: journey, .exit(outcome), on: date(day), reason: nil, expectedVersion: nil)
            }
            let may = network.mayIdESS, outille = network.outille

            // Franck, outside the period.
            let franckJourney = try await tx.openJourney(carrier: franck, programme: may, cohort: nil, on: date("2025-03-01")).id
            try await exit(franckJourney, .withdrawn, "2025-06-01")

            // Chloé, entered in 2025.
            let chloeJourney = try await tx.openJourney(carrier: chloe, programme: may, cohort: nil, on: date("2025-11-01")).id
            try await advance(chloeJourney, .modules, "2025-12-01")
            try await session(may, .appointment, "2025-12-10", 60, [AttendanceEntry(carrierID: chloe, status: .present)])
            try await exit(chloeJourney, .employed, "2026-01-05")
            try await tx.recordFollowUp(journey: chloeJourney, afterMonths: 6, situation: .employed, on: date("2026-07-05"), note: nil)

            // Alice's first journey, Bruno's.
            let alice1 = try await tx.openJourney(carrier: alice, programme: may, cohort: nil, on: date("2026-01-10")).id
            let brunoJourney = try await tx.openJourney(carrier: bruno, programme: may, cohort: nil, on: date("2026-01-20")).id
            try await advance(alice1, .modules, "2026-02-01")
            try await session(may, .module, "2026-02-05", 180, [
                AttendanceEntry(carrierID: alice, status: .present), AttendanceEntry(carrierID: bruno, status: .present, minutes: 120),
            ])
            try await advance(brunoJourney, .modules, "2026-02-10")
            let declined = try await tx.addReferral(journey: alice1, partner: financing, reason: "prêt d'honneur", consentToShare: false, on: date("2026-02-15"))
            _ = try await tx.updateReferral(declined, status: .declined, note: nil, on: date("2026-02-25"), declineReason: .noCapacity, proposedAction: .redirect)
            try await session(may, .appointment, "2026-02-20", 60, [AttendanceEntry(carrierID: bruno, status: .present)])
            try await exit(alice1, .withdrawn, "2026-03-01")
            try await advance(brunoJourney, .pitch, "2026-03-10")
            _ = try await tx.decideJury(journey: brunoJourney, decision: .go, on: date("2026-03-12"), note: nil)
            let accepted = try await tx.addReferral(journey: brunoJourney, partner: cae, reason: "test en CAE", consentToShare: true, on: date("2026-03-12"))
            try await advance(brunoJourney, .orientation, "2026-03-15")
            _ = try await tx.updateReferral(accepted, status: .accepted, note: nil, on: date("2026-03-20"))
            _ = try await tx.exitWithActivity(
                journey: brunoJourney, legalForm: .scop, createdOn: date("2026-05-15"), jobsFTE: 1.5, name: "La Scop du bocage",
                on: date("2026-05-15"), reason: nil, expectedVersion: nil)

            // Alice's second journey, Dan's.
            let alice2 = try await tx.openJourney(carrier: alice, programme: may, cohort: nil, on: date("2026-04-01")).id
            try await advance(alice2, .modules, "2026-04-15")
            _ = try await tx.openJourney(carrier: dan, programme: may, cohort: nil, on: date("2026-05-01"))
            try await session(may, .module, "2026-05-05", 120, [
                AttendanceEntry(carrierID: alice, status: .present), AttendanceEntry(carrierID: dan, status: .absent),
            ])

            // Eve, at Ronalpia.
            let eveJourney = try await tx.openJourney(carrier: eve, programme: outille, cohort: nil, on: date("2026-03-01")).id
            try await advance(eveJourney, .workshops, "2026-03-20")
            try await session(outille, .workshop, "2026-03-25", 120, [AttendanceEntry(carrierID: eve, status: .present)])
            try await session(outille, .workshop, "2026-04-10", 90, [AttendanceEntry(carrierID: eve, status: .excused)])
            _ = try await tx.addReferral(journey: eveJourney, partner: cae, reason: "statut d'entrepreneur salarié", consentToShare: false, on: date("2026-05-01"))
            try await exit(eveJourney, .training, "2026-06-01")

            let esf = try await tx.addFunder(name: "FSE+ Pays de la Loire", kind: .esfPlus)
            let funding = try await tx.addFunding(
                FundingDraft(
                    operatorID: apess, funderID: esf.id, code: "202003945", title: "May'IdESS", startsOn: date("2025-07-01"),
                    endsOn: date("2026-12-31"), budget: 159_810, sharePercent: 50, programmes: [may.id]))
            return ReportNetwork(
                network: network, alice: alice, bruno: bruno, chloe: chloe, dan: dan, eve: eve, franck: franck, territories: t,
                funding: funding)
        }
    }
}
