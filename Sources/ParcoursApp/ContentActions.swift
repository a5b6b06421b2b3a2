import Foundation
import ParcoursCore
import ParcoursStore

// The journey's content — CAPE, jury, referrals, follow-ups — as actions both edges adapt.

/// `cape add ID --start D --end D [--couveuse P]` · `POST /journeys/{id}/cape`.
public struct AddCape: Action {
    public static let spec = ActionSpec(["cape", "add"], "POST", "/journeys/{id}/cape", fields: ["start", "end", "couveuse"], creates: true)
    public var journey: JourneyID
    public var start: LocalDate
    public var end: LocalDate
    public var couveuse: String?

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        try Self.spec.checkKnown(fields)
        journey = try fields.requiredID("id", as: JourneyID.self)
        start = try Input.date(try fields.required("start"), field: "start")
        end = try Input.date(try fields.required("end"), field: "end")
        couveuse = try fields.text("couveuse")
    }

    public func perform(in tx: Transaction) async throws -> CapeContract {
        try await tx.addCape(journey: journey, from: start, to: end, couveuse: try await couveuse.asyncMap { try await tx.resolvePartner($0) })
    }
}

/// `cape renew ID --until D` · `POST /journeys/{id}/cape/renew`.
public struct RenewCape: Action {
    public static let spec = ActionSpec(["cape", "renew"], "POST", "/journeys/{id}/cape/renew", fields: ["until"])
    public var journey: JourneyID
    public var until: LocalDate

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        try Self.spec.checkKnown(fields)
        journey = try fields.requiredID("id", as: JourneyID.self)
        until = try Input.date(try fields.required("until"), field: "until")
    }

    public func perform(in tx: Transaction) async throws -> CapeContract { try await tx.renewCape(journey: journey, until: until) }
}

/// `cape end ID --on D --reason R` · `POST /journeys/{id}/cape/end`.
public struct EndCape: Action {
    public static let spec = ActionSpec(["cape", "end"], "POST", "/journeys/{id}/cape/end", fields: ["on", "reason"])
    public var journey: JourneyID
    public var on: LocalDate
    public var reason: String

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        try Self.spec.checkKnown(fields)
        journey = try fields.requiredID("id", as: JourneyID.self)
        on = try Input.date(try fields.required("on"), field: "on")
        // A contract ends on a day that has come, as a journey changes: never ahead of time.
        if let refusal = FieldLimit.refusal(with: on, notAfter: today, field: "on") { throw refusal }
        reason = try Input.text(try fields.required("reason"), field: "reason", maximum: FieldLimit.note)
    }

    public func perform(in tx: Transaction) async throws -> CapeContract { try await tx.endCape(journey: journey, on: on, reason: reason) }
}

/// `jury decide ID --decision favorable|à-retravailler|défavorable [--on D] [--note N]` · `POST /journeys/{id}/jury`.
public struct DecideJury: Action {
    public static let spec = ActionSpec(["jury", "decide"], "POST", "/journeys/{id}/jury", fields: ["decision", "on", "note"])
    public var journey: JourneyID
    public var decision: JuryDecision
    public var on: LocalDate?
    public var note: String?

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        try Self.spec.checkKnown(fields)
        journey = try fields.requiredID("id", as: JourneyID.self)
        decision = try fields.requiredChoice("decision", as: JuryDecision.self)
        on = try fields.date("on")
        note = try fields.words("note", maximum: FieldLimit.note)
    }

    public func perform(in tx: Transaction) async throws -> JourneyListing {
        _ = try await tx.decideJury(journey: journey, decision: decision, on: on, note: note)
        return try await tx.journey(journey)
    }
}

/// `referral add ID --partner P --reason R [--consent-to-share] [--on D]` · `POST /journeys/{id}/referrals`.
public struct AddReferral: Action {
    public static let spec = ActionSpec(
        ["referral", "add"], "POST", "/journeys/{id}/referrals", fields: ["partner", "reason", "consent_to_share", "on"], creates: true)
    public var journey: JourneyID
    public var partner: String
    public var reason: String
    public var consentToShare: Bool
    public var on: LocalDate?

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        try Self.spec.checkKnown(fields)
        journey = try fields.requiredID("id", as: JourneyID.self)
        partner = try fields.required("partner")
        reason = try Input.text(try fields.required("reason"), field: "reason", maximum: FieldLimit.note)
        consentToShare = try fields.flag("consent_to_share")
        on = try fields.date("on")
    }

    public func perform(in tx: Transaction) async throws -> ReferralListing {
        let id = try await tx.addReferral(journey: journey, partner: try await tx.resolvePartner(partner), reason: reason, consentToShare: consentToShare, on: on)
        return try await tx.referrals(id: id)[0]
    }
}

/// `referral update ID --status à-l-étude|acceptée|refusée|réalisée [--decline-reason R] [--proposed-action A] [--note N] [--on D]`
/// · `POST /referrals/{id}/answer`. A refusal says why, from the list.
public struct AnswerReferral: Action {
    public static let spec = ActionSpec(
        ["referral", "update"], "POST", "/referrals/{id}/answer", fields: ["status", "decline_reason", "proposed_action", "note", "on"])
    public var referral: Int64
    public var status: ReferralStatus
    public var declineReason: ReferralDeclineReason?
    public var proposedAction: ReferralProposedAction?
    public var note: String?
    public var on: LocalDate?

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        try Self.spec.checkKnown(fields)
        referral = try fields.requiredID("id", as: ReferralID.self).rawValue
        status = try fields.requiredChoice("status", as: ReferralStatus.self)
        guard status != .proposed else { throw Refusal(.answerNotProposed, field: "status") }
        declineReason = try fields.choice("decline_reason", as: ReferralDeclineReason.self)
        proposedAction = try fields.choice("proposed_action", as: ReferralProposedAction.self)
        if status == .declined, declineReason == nil { throw Refusal(.declineReasonNeeded, field: "decline_reason") }
        if status != .declined, declineReason != nil || proposedAction != nil {
            throw Refusal(.declineDetailsWithoutDecline, field: declineReason != nil ? "decline_reason" : "proposed_action")
        }
        note = try fields.words("note", maximum: FieldLimit.note)
        on = try fields.date("on")
    }

    public func perform(in tx: Transaction) async throws -> ReferralListing {
        try await tx.updateReferral(referral, status: status, note: note, on: on, declineReason: declineReason, proposedAction: proposedAction)
    }
}

/// `followup record ID --situation S [--after-months 6] [--qualification oui|non] [--on D] [--note N]` ·
/// `POST /journeys/{id}/follow-ups`. The qualification gained (ESF+ EECR03) goes with the situation at exit.
public struct RecordFollowUp: Action {
    public static let spec = ActionSpec(
        ["followup", "record"], "POST", "/journeys/{id}/follow-ups", fields: ["after_months", "situation", "qualification", "on", "note"],
        creates: true)
    public var journey: JourneyID
    public var afterMonths: Int
    public var situation: FollowUpSituation
    public var qualificationGained: Bool?
    public var on: LocalDate?
    public var note: String?

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        try Self.spec.checkKnown(fields)
        journey = try fields.requiredID("id", as: JourneyID.self)
        afterMonths = try fields.integer("after_months", in: 0...60) ?? Defaults.followUpMonths
        situation = try fields.requiredChoice("situation", as: FollowUpSituation.self)
        qualificationGained = try fields.yesNo("qualification")
        if qualificationGained != nil, afterMonths != 0 {
            throw Refusal(.qualificationAtExitOnly, field: "qualification", ["months": "\(afterMonths)"])
        }
        on = try fields.date("on")
        note = try fields.words("note", maximum: FieldLimit.note)
    }

    public func perform(in tx: Transaction) async throws -> RecordFollowUp {
        try await tx.recordFollowUp(
            journey: journey, afterMonths: afterMonths, situation: situation, qualificationGained: qualificationGained, on: on, note: note)
        return self
    }
}
