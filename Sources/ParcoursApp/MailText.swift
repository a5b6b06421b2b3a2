import Foundation
import ParcoursCore
import ParcoursStore

/// The messages Parcours sends, worded from the catalogues: plain text a partner reads on a phone.
public enum MailText {
    /// The e-mail of a claimed message: the partner's link to a referral, or its reminder; a
    /// person's link to their entry questionnaire, or its reminder.
    public static func message(_ mail: ClaimedMail, _ language: Language) -> MailMessage {
        let values = [
            "operator": mail.operatorName, "partner": mail.partnerName, "name": mail.carrierName, "reason": mail.reason,
            "date": Messages.date(mail.proposedOn, language), "sender": mail.senderEmail, "url": mail.url,
            "until": Messages.until(mail.expiresAt, language),
        ]
        let reminder = mail.purpose.isReminder
        if mail.purpose.isPersonal {
            // A person's message carries its questionnaire's kind where a partner's has its reason.
            let kind = mail.reason == QuestionnaireKind.entry.rawValue || mail.reason.isEmpty ? "" : "." + mail.reason
            let paragraphs = [
                Messages.text("mail.questionnaire.greeting", language, values),
                Messages.text((reminder ? "mail.questionnaire.reminder" : "mail.questionnaire.intro") + kind, language, values),
                Messages.text("mail.questionnaire.action", language, values) + "\n" + mail.url,
                Messages.text("mail.referral.contact", language, values),
                Messages.text("mail.referral.footer", language, values),
            ]
            return MailMessage(
                to: mail.recipient,
                subject: Messages.text((reminder ? "mail.questionnaire.reminder_subject" : "mail.questionnaire.subject") + kind, language, values),
                body: paragraphs.joined(separator: "\n\n") + "\n", messageID: "parcours-mail-\(mail.operatorID)-\(mail.id)@parcours")
        }
        let paragraphs = [
            Messages.text("mail.referral.greeting", language, values),
            Messages.text(reminder ? "mail.reminder.intro" : "mail.referral.intro", language, values),
            Messages.text("mail.referral.action", language, values) + "\n" + mail.url,
            Messages.text("mail.referral.contact", language, values),
            Messages.text("mail.referral.footer", language, values),
        ]
        return MailMessage(
            to: mail.recipient, subject: Messages.text(reminder ? "mail.reminder.subject" : "mail.referral.subject", language, values),
            body: paragraphs.joined(separator: "\n\n") + "\n",
            messageID: "parcours-mail-\(mail.operatorID)-\(mail.id)@parcours")
    }
}
