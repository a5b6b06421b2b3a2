import Foundation
import ParcoursCore
import PostgresNIO

/// A message of the outbox the mailer claimed: what it says, and the link's secret it carries
/// (drawn for this attempt; the database keeps only its SHA-256).
public struct ClaimedMail: Sendable, Hashable {
    public enum Purpose: String, Sendable {
        /// The partner's link to a referral; the reminder ten days after it was proposed, unanswered.
        case referralLink = "referral_link", referralReminder = "referral_reminder"
        /// A person's link to their entry questionnaire; the reminder a week before their four weeks end.
        case questionnaireLink = "questionnaire_link", questionnaireReminder = "questionnaire_reminder"

        /// Whether the message goes to the person themselves (a questionnaire), not to a partner.
        public var isPersonal: Bool { self == .questionnaireLink || self == .questionnaireReminder }
        public var isReminder: Bool { self == .referralReminder || self == .questionnaireReminder }
    }

    public var id: Int64
    public var operatorID: Int64
    public var purpose: Purpose
    public var recipient: String
    public var url: String
    public var operatorName: String
    /// Empty in a person's own message.
    public var partnerName: String
    /// « Prénom N. »: the whole name is on the page the link opens, not in a message that may be
    /// forwarded (a person's own message: their first name).
    public var carrierName: String
    /// Empty in a person's own message.
    public var reason: String
    /// When the referral was proposed, or the person's link made.
    public var proposedOn: LocalDate
    public var expiresAt: Date
    /// The link's maker: who the partner may answer by e-mail.
    public var senderEmail: String
}

/// A message of the outbox as the staff see it.
public struct OutboxEntry: Sendable, Hashable {
    public enum State: String, Sendable {
        case waiting, sent, dropped
    }

    public var id: Int64
    public var purpose: ClaimedMail.Purpose
    public var recipient: String
    /// The referral a partner's message is about, or the person a questionnaire's is for.
    public var referralID: Int64?
    public var carrierID: Int64?
    public var queuedAt: Date
    public var state: State
    public var attempts: Int
    public var lastError: String?
    public var at: Date?
}

/// What one turn of the mailer did.
public struct MailRound: Sendable, Hashable {
    public var sent: [String] = []
    /// The recipients not reached this time, with the transport's answer; tried again in five minutes.
    public var failed: [(recipient: String, error: String)] = []

    public static func == (a: MailRound, b: MailRound) -> Bool {
        a.sent == b.sent && a.failed.map(\.recipient) == b.failed.map(\.recipient) && a.failed.map(\.error) == b.failed.map(\.error)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(sent)
        hasher.combine(failed.map(\.recipient))
    }
}

extension Transaction {
    /// The partner's e-mail address of referral `id`, when the directory has one.
    public func partnerEmail(ofReferral id: Int64) async throws -> String? {
        try await rows(
            "SELECT p.email FROM referral AS r JOIN partner AS p ON p.id = r.partner_id WHERE r.id = \(id)"
        ).first?.decode(String?.self) ?? nil
    }

    /// Queues the e-mail that carries partner link `link` to `recipient`, pointing at `baseURL`;
    /// the link works once the mailer has sent it (its secret is drawn then).
    public func mailReferralLink(_ link: Int64, to recipient: String, baseURL: String) async throws -> Int64 {
        guard MailAddress.isValid(recipient) else { throw StoreError.invalid(Refusal(.notAnEmail, field: "email", ["value": recipient])) }
        return try await rows(
            "SELECT parcours_mail_referral_link(\(link)::bigint, \(recipient), \(baseURL))"
        ).first!.decode(Int64.self)
    }

    /// Queues the e-mail that carries questionnaire link `link` to the person at `recipient`,
    /// pointing at `baseURL`; the link works once the mailer has sent it (its secret is drawn then).
    public func mailQuestionnaireLink(_ link: Int64, to recipient: String, baseURL: String) async throws -> Int64 {
        guard MailAddress.isValid(recipient) else { throw StoreError.invalid(Refusal(.notAnEmail, field: "email", ["value": recipient])) }
        return try await rows(
            "SELECT parcours_mail_questionnaire_link(\(link)::bigint, \(recipient), \(baseURL))"
        ).first!.decode(Int64.self)
    }

    /// The latest messages of the outbox the acting staff member may see, newest first.
    public func outbox(limit: Int = 50) async throws -> [OutboxEntry] {
        try await rows(
            """
            SELECT m.id, m.purpose, m.recipient, l.referral_id, q.carrier_id, m.queued_at,
                   CASE WHEN m.sent_at IS NOT NULL THEN 'sent' WHEN m.dropped_at IS NOT NULL THEN 'dropped' ELSE 'waiting' END,
                   m.attempts, m.last_error, coalesce(m.sent_at, m.dropped_at, m.last_attempt_at)
            FROM mail_outbox AS m
            LEFT JOIN referral_link AS l ON l.id = m.referral_link_id AND l.operator_id = m.operator_id
            LEFT JOIN questionnaire_link AS q ON q.id = m.questionnaire_link_id AND q.operator_id = m.operator_id
            ORDER BY m.queued_at DESC, m.id DESC LIMIT \(limit)
            """
        ).map { row in
            let (id, purpose, recipient, referral, carrier, queued, state, attempts, error, at) =
                try row.decode((Int64, String, String, Int64?, Int64?, Date, String, Int, String?, Date?).self)
            return OutboxEntry(
                id: id, purpose: ClaimedMail.Purpose(rawValue: purpose) ?? .referralLink, recipient: recipient, referralID: referral,
                carrierID: carrier, queuedAt: queued, state: OutboxEntry.State(rawValue: state) ?? .waiting, attempts: attempts, lastError: error, at: at)
        }
    }
}

extension Store {
    /// One turn of the mailer, as the administrator: claims the waiting messages (with the
    /// reminders now due) by batches of `batch`, sends each through `settings`, records each
    /// outcome. A message is claimed with a fresh secret for its link: the database keeps only its
    /// digest, the message carries it. A failure is kept for the next turn (five minutes later).
    public func sendWaitingMail(
        settings: MailSettings, batch: Int = 20, compose: @Sendable (ClaimedMail) -> MailMessage
    ) async throws -> MailRound {
        var round = MailRound()
        while true {
            // One random part a message: a partner's link (`por_`) or a person's (`peq_`), whichever it turns out to carry.
            let secrets = (0..<batch).map { _ in ReferralLinkSecret.generate().dropFirst(4) }
            func digests(_ prefix: String) -> [String] { secrets.map { BearerToken.digest(prefix + $0).map { String(format: "%02x", $0) }.joined() } }
            let claimed = try await transaction(as: .administrator) { tx in
                try await tx.rows(
                    """
                    SELECT ordinal, mail_id, mail_operator, purpose, recipient, base_url, operator_name, partner_name, carrier_name, reason,
                           to_char(proposed_on, 'YYYY-MM-DD'), expires_at, sender_email
                    FROM parcours_claim_mail(
                        (SELECT array_agg(decode(h, 'hex') ORDER BY o) FROM unnest(\(digests("por_"))::text[]) WITH ORDINALITY AS t (h, o)),
                        (SELECT array_agg(decode(h, 'hex') ORDER BY o) FROM unnest(\(digests("peq_"))::text[]) WITH ORDINALITY AS t (h, o)))
                    """
                ).map { row in
                    let (ordinal, id, operatorID, purpose, recipient, base, operatorName, partnerName, carrierName, reason, proposedOn, expiresAt, sender) =
                        try row.decode((Int, Int64, Int64, String, String, String, String, String, String, String, String, Date, String).self)
                    let kind = ClaimedMail.Purpose(rawValue: purpose) ?? .referralLink
                    let secret = secrets[ordinal - 1]
                    return ClaimedMail(
                        id: id, operatorID: operatorID, purpose: kind, recipient: recipient,
                        url: base + (kind.isPersonal ? "/questionnaire/peq_" : "/orientation/por_") + secret, operatorName: operatorName,
                        partnerName: partnerName, carrierName: kind.isPersonal ? carrierName : Self.shortName(carrierName), reason: reason,
                        proposedOn: try LocalDate.decoded(proposedOn), expiresAt: expiresAt, senderEmail: sender)
                }
            }
            for mail in claimed {
                var failure: String?
                do {
                    try await Mailer.send(compose(mail), settings: settings)
                    round.sent.append(mail.recipient)
                } catch {
                    failure = "\(error)"
                    round.failed.append((mail.recipient, "\(error)"))
                    logger.warning("mail not sent", metadata: ["mail": "\(mail.id)", "error": "\(error)"])
                }
                try await transaction(as: .administrator) { tx in
                    try await tx.query("SELECT parcours_mail_outcome(\(mail.id)::bigint, \(mail.operatorID)::bigint, \(failure))")
                }
            }
            if claimed.count < batch { return round }
        }
    }

    /// « Camille Martin » → « Camille M. ».
    static func shortName(_ name: String) -> String {
        let words = name.split(separator: " ")
        guard words.count > 1, let initial = words.last?.first else { return name }
        return words.dropLast().joined(separator: " ") + " " + String(initial) + "."
    }
}
