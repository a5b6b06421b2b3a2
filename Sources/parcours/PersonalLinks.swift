import Foundation
import ParcoursApp
import ParcoursReports
import ParcoursStore

/// A personal link a command made (a partner's, a person's questionnaire): shown once when it was
/// not e-mailed, else where it went and whether the mail server took it.
struct MadeLink {
    var id: Int64
    /// Set when the link is to be handed over by hand; nil when it left (or waits) in the outbox.
    var url: String?
    var recipient: String?
    var expiresAt: Date

    /// Prints it: the address on standard output and `made` (its number, its expiry and `values`)
    /// on standard error, or `mailed` / the outbox's refusal when it went by mail.
    func print(after round: MailRound?, json: Bool, made: String, mailed: String, _ values: [String: String] = [:]) throws {
        let expires = ISO8601DateFormatter().string(from: expiresAt)
        var values = values
        values["link"] = "\(id)"
        values["date"] = Text.until(expiresAt)
        if let url {
            if json { return try printJSON(.object(["id": .int(Int(id)), "url": .string(url), "expires_at": .string(expires)])) }
            Swift.print(url)
            printError(t(made, values))
            return
        }
        let recipient = recipient ?? ""
        let failure = round?.failed.first { $0.recipient == recipient }?.error
        if json {
            return try printJSON(.object([
                "id": .int(Int(id)), "mailed_to": .string(recipient), "mail": .string(failure == nil ? "sent" : "queued"), "expires_at": .string(expires),
            ]))
        }
        values["email"] = recipient
        if let failure {
            values["error"] = failure
            Swift.print(t("referral_link.mail_queued", values))
        } else {
            Swift.print(t(mailed, values))
        }
    }
}
