import Foundation
import ParcoursCore
import ParcoursStore
import ParcoursTestSupport
import Testing

/// A partner's answer as the structures that route people between them record it: under study,
/// accepted, declined with its reason and what it proposes instead, then the take-charge.
@Suite("Referral answers")
struct ReferralAnswerTests {
    /// The small network, a journey in pitch at APESS 53 and its referral to France Active, proposed today.
    static func referral(_ store: Store) async throws -> (journey: JourneyID, referral: Int64) {
        let network = try await SmallNetwork.seed(store)
        let carrier = try await network.addCarrier(store, to: network.apess)
        return try await store.transaction(as: .administrator) { tx in
            let partner = try await tx.addPartner(name: "France Active", kind: .financing, contact: nil, operatorID: nil, territories: [])
            let journey = try await SmallNetwork.journeyInPitch(carrier: carrier, programme: network.mayIdESS, tx: tx)
            let referral = try await tx.addReferral(
                journey: journey, partner: try #require(try await tx.partners(id: partner).first), reason: "prêt d'honneur", consentToShare: false, on: nil)
            return (journey, referral)
        }
    }

    @Test("a refusal gives its reason from the list and what the partner proposes; the coordinator is told to refer again")
    func declineWithReason() async throws {
        try await TestDatabase.withStore { store in
            let (journey, referral) = try await Self.referral(store)
            // Under study first, which is an answer (the service level counts it), then declined.
            let studied = try await store.transaction(as: .administrator) { try await $0.updateReferral(referral, status: .studying, note: nil, on: nil) }
            #expect(studied.status == .studying && studied.answeredOn != nil)
            await #expect(throws: StoreError.invalid(Refusal(.declineReasonNeeded, field: "decline_reason"))) {
                _ = try await store.transaction(as: .administrator) { try await $0.updateReferral(referral, status: .declined, note: nil, on: nil) }
            }
            let declined = try await store.transaction(as: .administrator) {
                try await $0.updateReferral(referral, status: .declined, note: "plus de place avant mars", on: nil, declineReason: .noCapacity, proposedAction: .recontactLater)
            }
            #expect(declined.declineReason == .noCapacity && declined.proposedAction == .recontactLater)
            let items = try await store.transaction(as: .administrator) { try await $0.worklist(within: 30) }
            let again = try #require(items.first { $0.kind == .referralDeclined })
            #expect(again.journeyID == journey && again.values["number"] == "\(referral)" && again.values["detail"] == "France Active")
            #expect(again.values["reason"] == "no_capacity" && again.values["action"] == "recontact_later")
            // Referred again: the item goes.
            _ = try await store.transaction(as: .administrator) { tx in
                try await tx.addReferral(journey: journey, partner: tx.resolvePartner("France Active"), reason: "autre guichet", consentToShare: false, on: nil)
            }
            #expect(try await store.transaction(as: .administrator) { try await $0.worklist(within: 30) }.contains { $0.kind == .referralDeclined } == false)
        }
    }

    @Test("PostgreSQL keeps a reason and a proposed action for refusals only, and the take-charge's day for a completed referral")
    func databaseRules() async throws {
        try await TestDatabase.withStore { store in
            let (_, referral) = try await Self.referral(store)
            // Even the owner cannot give an acceptance a refusal's reason.
            await #expect(throws: (any Error).self) {
                try await store.withOwnerConnection { connection in
                    try await connection.query(
                        "UPDATE referral SET status = 'accepted', answered_on = proposed_on, decline_reason = 'other' WHERE id = \(referral)",
                        logger: store.logger)
                }
            }
            // Through the application: a reason with an acceptance is refused by name; the take-charge keeps its day.
            await #expect(throws: StoreError.invalid(Refusal(.declineDetailsWithoutDecline, field: "decline_reason"))) {
                _ = try await store.transaction(as: .administrator) {
                    try await $0.updateReferral(referral, status: .accepted, note: nil, on: nil, declineReason: .other)
                }
            }
            _ = try await store.transaction(as: .administrator) { try await $0.updateReferral(referral, status: .accepted, note: nil, on: nil) }
            let done = try await store.transaction(as: .administrator) { try await $0.updateReferral(referral, status: .completed, note: nil, on: nil) }
            #expect(done.status == .completed && done.takenChargeOn != nil)
        }
    }
}
