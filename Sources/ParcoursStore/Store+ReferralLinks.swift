import Foundation
import ParcoursCore
import PostgresNIO

/// A partner's link to one referral: `por_` and 43 characters of base64url randomness (256 bits),
/// kept only as its SHA-256; it shows that referral's minimum and records the partner's answer.
public enum ReferralLinkSecret {
    public static func generate() -> String { "por_" + BearerToken.generate().dropFirst(4) }

    /// Pending referrals expire after 30 days (issue 28): a link lives as long by default, 90 days at most (sql/0038).
    public static let defaultDays = 30
    public static let maximumDays = 90
}

/// What a partner's link shows: the referral's minimum and where it stands.
public struct ReferralLinkView: Sendable, Hashable {
    public enum State: String, Sendable {
        /// The partner may answer; the others only say why not.
        case open, expired, revoked
        /// Declined or taken in charge: nothing is left to answer.
        case spent
    }

    public var linkID: Int64
    public var referralID: Int64
    public var state: State
    public var status: ReferralStatus
    public var operatorName: String
    public var partnerName: String
    public var carrierName: String
    public var carrierContact: String?
    public var reason: String
    public var proposedOn: LocalDate
    public var expiresAt: Date
}

extension Transaction {
    /// Makes a partner's link to referral `id` of the acting staff member's operator, until
    /// `expiresAt`; audited. Returns its id and its secret (shown once, never stored).
    public func linkReferral(_ id: Int64, expiresAt: Date) async throws -> (id: Int64, secret: String) {
        try requireWriter()
        try checkLinkExpiry(expiresAt, maximumDays: ReferralLinkSecret.maximumDays, tooLong: .referralLinkTooLong)
        let secret = ReferralLinkSecret.generate()
        let link = try await rows(
            "SELECT parcours_link_referral(\(Data(BearerToken.digest(secret)))::bytea, \(id)::bigint, \(expiresAt)::timestamptz, \(channel.rawValue))"
        ).first!.decode(Int64.self)
        return (link, secret)
    }

    /// Withdraws a partner's link at once: its maker, a coordinator of its operator or the administrator; audited.
    public func unlinkReferral(link id: Int64) async throws {
        try await query("SELECT parcours_unlink_referral(\(id)::bigint, \(channel.rawValue))")
    }
}

extension Store {
    /// The referral a partner's link shows, or nil for a secret nobody made. No identity: the
    /// secret is the capability, and the database answers for that one referral only.
    public func referralByLink(_ secret: String) async throws -> ReferralLinkView? {
        guard secret.hasPrefix("por_"), secret.count < 100 else { return nil }
        return try await withLoginConnection { connection in
            try await connection.query(
                """
                SELECT link_id, referral_id, link_state, status, operator_name, partner_name, carrier_name, carrier_contact, reason,
                       to_char(proposed_on, 'YYYY-MM-DD'), expires_at
                FROM parcours_referral_by_link(\(Data(BearerToken.digest(secret)))::bytea)
                """, logger: logger
            ).collect().first.map { row in
                let (link, referral, state, status, operatorName, partnerName, carrierName, contact, reason, proposedOn, expiresAt) =
                    try row.decode((Int64, Int64, String, String, String, String, String, String?, String, String, Date).self)
                return ReferralLinkView(
                    linkID: link, referralID: referral, state: ReferralLinkView.State(rawValue: state) ?? .revoked,
                    status: ReferralStatus(rawValue: status) ?? .proposed, operatorName: operatorName, partnerName: partnerName,
                    carrierName: carrierName, carrierContact: contact, reason: reason, proposedOn: try LocalDate.decoded(proposedOn),
                    expiresAt: expiresAt)
            }
        }
    }

    /// Records the partner's answer through its link, in the order and with the refusals of
    /// `referral update` (checked first against the view), audited in the name of the link's maker.
    public func answerByLink(
        _ secret: String, status: ReferralStatus, declineReason: ReferralDeclineReason?, proposedAction: ReferralProposedAction?, note: String?
    ) async throws {
        guard let view = try await referralByLink(secret), view.state == .open else {
            throw StoreError.unauthenticated(Refusal(.referralLinkClosed))
        }
        guard view.status.mayBecome(status) else {
            throw StoreError.refused(Refusal(.referralTransition, field: "status", ["referral": "\(view.referralID)", "from": view.status.rawValue, "to": status.rawValue]))
        }
        if status == .declined, declineReason == nil { throw StoreError.invalid(Refusal(.declineReasonNeeded, field: "decline_reason")) }
        let today = self.today
        _ = try await withLoginConnection { connection in
            try await connection.query(
                """
                SELECT parcours_answer_by_link(\(Data(BearerToken.digest(secret)))::bytea, \(status.rawValue), \(declineReason?.rawValue),
                                               \(proposedAction?.rawValue), \(note), \(today.iso)::date)
                """, logger: logger
            ).collect()
        }
    }
}
