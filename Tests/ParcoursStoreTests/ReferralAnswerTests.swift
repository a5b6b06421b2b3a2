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
            let link = try await store.transaction(as: .administrator) { try await $0.linkReferral(referral, expiresAt: Date().addingTimeInterval(86_400)) }
            #expect(try await store.referralByLink(link.secret)?.state == .open)
            await #expect(throws: StoreError.invalid(Refusal(.declineReasonNeeded, field: "decline_reason"))) {
                _ = try await store.transaction(as: .administrator) { try await $0.updateReferral(referral, status: .declined, note: nil, on: nil) }
            }
            let declined = try await store.transaction(as: .administrator) {
                try await $0.updateReferral(referral, status: .declined, note: "plus de place avant mars", on: nil, declineReason: .noCapacity, proposedAction: .recontactLater)
            }
            #expect(declined.declineReason == .noCapacity && declined.proposedAction == .recontactLater)
            // The link made before is spent: nothing left to answer; withdrawn, it says so; no new one is made.
            #expect(try await store.referralByLink(link.secret)?.state == .spent)
            await #expect(throws: StoreError.unauthenticated(Refusal(.referralLinkClosed))) {
                try await store.answerByLink(link.secret, status: .accepted, declineReason: nil, proposedAction: nil, note: nil)
            }
            try await store.transaction(as: .administrator) { try await $0.unlinkReferral(link: link.id) }
            #expect(try await store.referralByLink(link.secret)?.state == .revoked)
            await #expect(throws: StoreError.self) {
                _ = try await store.transaction(as: .administrator) { try await $0.linkReferral(referral, expiresAt: Date().addingTimeInterval(86_400)) }
            }
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

    @Test("a referral nobody answers is a reminder at ten days and, past its operator's thirty, « réorienter »; its link then shows nothing")
    func expiry() async throws {
        try await TestDatabase.withStore { store in
            let network = try await SmallNetwork.seed(store)
            let carrier = try await network.addCarrier(store, to: network.apess)
            // The journey's own referral (9 days ago, SmallNetwork), one 29 days ago, one 11 days ago.
            let (first, waiting, expired) = try await store.transaction(as: .administrator) { tx in
                let partner = try await tx.addPartner(name: "CAE 53", kind: .cae, contact: nil, operatorID: nil, territories: [])
                let journey = try await SmallNetwork.journeyInPitch(carrier: carrier, programme: network.mayIdESS, tx: tx)
                let listing = try #require(try await tx.partners(id: partner).first)
                let expired = try await tx.addReferral(journey: journey, partner: listing, reason: "test", consentToShare: false, on: tx.today.adding(days: -29))
                let waiting = try await tx.addReferral(journey: journey, partner: listing, reason: "test", consentToShare: false, on: tx.today.adding(days: -11))
                let first = try #require(try await tx.referrals(journey: journey).map(\.id).min())
                return (first, waiting, expired)
            }
            func numbers(_ kind: WorkItem.Kind, _ items: [WorkItem]) -> Set<String> {
                Set(items.filter { $0.kind == kind }.compactMap { $0.values["number"] })
            }
            // 29 days: still waiting (a reminder since day 10); the other, 11 days: waiting too.
            var items = try await store.transaction(as: .administrator) { try await $0.worklist(within: 30) }
            #expect(numbers(.referralWaiting, items) == ["\(first)", "\(expired)", "\(waiting)"])
            // A link to the older one works until its thirtieth day.
            let (_, secret) = try await store.transaction(as: .administrator) { try await $0.linkReferral(expired, expiresAt: Date().addingTimeInterval(86_400 * 30)) }
            #expect(try await store.referralByLink(secret)?.state == .open)
            // Two days later (the operator's delay shortened to 28 days stands for the time passing): expired.
            try await store.withOwnerConnection { connection in
                _ = try await connection.query("UPDATE operator SET referral_expiry_days = 28", logger: store.logger).collect()
            }
            items = try await store.transaction(as: .administrator) { try await $0.worklist(within: 30) }
            #expect(items.filter { $0.kind == .referralExpired }.isEmpty, "referred again since (the younger referral): nothing to re-refer")
            #expect(numbers(.referralWaiting, items) == ["\(first)", "\(waiting)"])
            #expect(try await store.referralByLink(secret)?.state == .expired)
            await #expect(throws: StoreError.unauthenticated(Refusal(.referralLinkClosed))) {
                try await store.answerByLink(secret, status: .accepted, declineReason: nil, proposedAction: nil, note: nil)
            }
            await #expect(throws: StoreError.self) {
                _ = try await store.transaction(as: .administrator) { try await $0.linkReferral(expired, expiresAt: Date().addingTimeInterval(86_400)) }
            }
            // All of them expire (a delay of 8 days): « réorienter » once, for the latest proposal, 9 days old.
            try await store.withOwnerConnection { connection in
                _ = try await connection.query("UPDATE operator SET referral_expiry_days = 8", logger: store.logger).collect()
            }
            items = try await store.transaction(as: .administrator) { try await $0.worklist(within: 30) }
            #expect(numbers(.referralExpired, items) == ["\(first)"] && numbers(.referralWaiting, items).isEmpty)
        }
    }

    @Test("an operator's delay before an unanswered referral expires: its coordinators set it, nobody else's; 1 to 365 days")
    func operatorsDelay() async throws {
        try await TestDatabase.withStore { store in
            let (_, referral) = try await Self.referral(store)
            let network = try await store.transaction(as: .administrator) { try await $0.operators() }
            let apess = try #require(network.first { $0.op.name == "APESS 53" }?.op.id)
            let ronalpia = try #require(network.first { $0.op.name != "APESS 53" }?.op.id)
            #expect(network.allSatisfy { $0.referralExpiryDays == 30 })
            // Ronalpia's coordinator sets Ronalpia's; APESS 53 does not exist for them; a counsellor sets nothing.
            try await store.transaction(as: SmallNetwork.ronalpiaCoordinator) { try await $0.setReferralExpiry(of: ronalpia, days: 15) }
            await #expect(throws: StoreError.notFound("operator", apess.rawValue)) {
                try await store.transaction(as: SmallNetwork.ronalpiaCoordinator) { try await $0.setReferralExpiry(of: apess, days: 1) }
            }
            await #expect(throws: StoreError.notFound("operator", apess.rawValue)) {
                try await store.transaction(as: SmallNetwork.apessCounsellor) { try await $0.setReferralExpiry(of: apess, days: 1) }
            }
            await #expect(throws: StoreError.self) {
                try await store.transaction(as: .administrator) { try await $0.setReferralExpiry(of: apess, days: 0) }
            }
            // The administrator shortens APESS 53's to 1 day: yesterday's referral has expired, « réorienter ».
            try await store.withOwnerConnection { connection in
                _ = try await connection.query("UPDATE referral SET proposed_on = current_date - 2 WHERE id = \(referral)", logger: store.logger).collect()
            }
            try await store.transaction(as: .administrator) { try await $0.setReferralExpiry(of: apess, days: 1) }
            let after = try await store.transaction(as: .administrator) { try await $0.operators() }
            #expect(after.first { $0.op.id == apess }?.referralExpiryDays == 1 && after.first { $0.op.id == ronalpia }?.referralExpiryDays == 15)
            let items = try await store.transaction(as: .administrator) { try await $0.worklist(within: 30) }
            #expect(items.contains { $0.kind == .referralExpired && $0.values["number"] == "\(referral)" }, "\(items.map(\.kind))")
        }
    }

    @Test("each partner's answers within 3 and 5 days and its take-up, beside the period before and the same period a year before")
    func partnersCompared() async throws {
        // March 2026, February 2026 and March 2025: one referral to France Active in each.
        let clock: @Sendable () -> Date = {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = .paris
            return calendar.date(from: DateComponents(year: 2026, month: 3, day: 31, hour: 12))!
        }
        try await TestDatabase.withStore(clock: clock) { store in
            let network = try await SmallNetwork.seed(store)
            let partner = try await store.transaction(as: .administrator) {
                try await $0.addPartner(name: "France Active", kind: .financing, contact: nil, operatorID: nil, territories: [])
            }
            func refer(_ name: String, opened: String, proposed: String, answered: String, _ status: ReferralStatus) async throws {
                let carrier = try await network.addCarrier(store, to: network.apess, name: name)
                try await store.transaction(as: .administrator) { tx in
                    let journey = try await tx.openJourney(carrier: carrier, programme: network.mayIdESS, cohort: nil, on: LocalDate(iso: opened)!)
                    let referral = try await tx.addReferral(
                        journey: journey.id, partner: try #require(try await tx.partners(id: partner).first), reason: "prêt d'honneur",
                        consentToShare: false, on: LocalDate(iso: proposed)!)
                    _ = try await tx.updateReferral(referral, status: status, note: nil, on: LocalDate(iso: answered)!,
                                                    declineReason: status == .declined ? .noCapacity : nil)
                }
            }
            try await refer("Mars", opened: "2026-03-01", proposed: "2026-03-02", answered: "2026-03-09", .accepted)   // 7 days
            try await refer("Février", opened: "2026-02-01", proposed: "2026-02-10", answered: "2026-02-14", .accepted) // 4 days
            try await refer("Avant", opened: "2025-03-01", proposed: "2025-03-05", answered: "2025-03-06", .declined)   // 1 day
            let report = try await store.transaction(as: .administrator) {
                try await $0.report(ReportRequest(kind: .referrals, period: ReportPeriod(year: 2026, month: 3), scope: ReportScope(operatorID: network.apess)))
            }
            let compared = try #require(report.sections.first { $0.name == "referral_partners_compared" })
            let row = try #require(compared.rows.first { $0[0].text == "France Active" }, "\(compared.rows)")
            func cell(_ key: String) -> ReportValue { row[compared.column(key)!] }
            #expect(cell("answered_within_3_days_pct") == .decimal(0) && cell("answered_within_5_days_pct") == .decimal(0))
            #expect(cell("answered_within_3_days_pct_previous") == .decimal(0) && cell("answered_within_5_days_pct_previous") == .decimal(100))
            #expect(cell("answered_within_3_days_pct_year_before") == .decimal(100) && cell("take_up_pct_year_before") == .decimal(0))
            #expect(cell("take_up_pct") == .decimal(100) && cell("take_up_pct_previous") == .decimal(100), "\(row)")
        }
    }
}
