import ParcoursCore

/// The audit log in a person's words. Its entries are stored as the code wrote them — an action
/// code, a channel code and an English detail that stays stable for machines (`--json`) — and read
/// by people in their language: « modification · ligne de commande · parcours n° 27 : sortie ».
public enum AuditWording {
    public static func action(_ code: String, _ language: Language) -> String {
        Messages.template("audit.action.\(code)", language) ?? code
    }

    public static func channel(_ code: String, _ language: Language) -> String {
        Messages.template("audit.channel.\(code)", language) ?? code
    }

    /// The detail in `language`; a detail no rule knows is shown as written.
    public static func detail(_ detail: String, _ language: Language) -> String {
        let words = detail.split(separator: " ").map(String.init)
        func say(_ key: String, _ values: [String: String] = [:]) -> String? {
            Messages.template("audit.detail.\(key)", language).map { _ in Messages.text("audit.detail.\(key)", language, values) }
        }
        // "journey 27 exit", "journey 27 step 5 corrected"
        if words.count == 3, words[0] == "journey", Int(words[1]) != nil {
            return say("journey_event", ["journey": words[1], "event": Messages.word(words[2], of: "event", language)]) ?? detail
        }
        if words.count == 5, words[0] == "journey", words[2] == "step", ["corrected", "cancelled"].contains(words[4]) {
            return say("journey_step_" + words[4], ["journey": words[1], "step": words[3]]) ?? detail
        }
        // "carrier 12 merged into 9"
        if words.count == 5, words[0] == "carrier", words[2] == "merged" {
            return say("carrier_merged", ["duplicate": words[1], "carrier": words[4]]) ?? detail
        }
        // "carrier corrected: first_name, phone"
        if detail.hasPrefix("carrier corrected: ") {
            let fields = detail.dropFirst("carrier corrected: ".count).split(separator: ",").map {
                let field = $0.trimmingCharacters(in: .whitespaces)
                return Messages.template("audit.field.\(field)", language) ?? field
            }
            return say("carrier_corrected", ["fields": fields.joined(separator: ", ")]) ?? detail
        }
        // "session 4 attendance", "presences 202003945", "attendance certificate 202003945"
        if words.count == 3, words[0] == "session", words[2] == "attendance" { return say("session_attendance", ["session": words[1]]) ?? detail }
        if words.count == 2, words[0] == "presences" { return say("presences", ["funding": words[1]]) ?? detail }
        if words.count == 3, words[0] == "attendance", words[1] == "certificate" { return say("certificate", ["funding": words[2]]) ?? detail }
        // A partner's link: made, withdrawn, e-mailed, answered through (sql/0038, sql/0040)
        if let link = detail.wholeMatch(of: /referral (\d+): partner link (\d+) until (\d{4}-\d{2}-\d{2})/) {
            return say("referral_link_made", ["referral": String(link.1), "link": String(link.2), "date": String(link.3)]) ?? detail
        }
        if let link = detail.wholeMatch(of: /referral (\d+): partner link (\d+) withdrawn/) {
            return say("referral_link_withdrawn", ["referral": String(link.1), "link": String(link.2)]) ?? detail
        }
        if let link = detail.wholeMatch(of: /referral (\d+): partner link (\d+) e-mailed to (\S+) \((link|reminder)\)/) {
            return say(link.4 == "reminder" ? "referral_link_reminded" : "referral_link_mailed",
                       ["referral": String(link.1), "link": String(link.2), "email": String(link.3)]) ?? detail
        }
        if let answer = detail.wholeMatch(of: /referral (\d+): (\w+) by the partner \(link (\d+)\)(?:, (\w+)\/(\w+))?/) {
            let status = ReferralStatus(rawValue: String(answer.2))?.word(language) ?? String(answer.2)
            var values = ["referral": String(answer.1), "status": status, "link": String(answer.3)]
            if let reason = answer.4, let action = answer.5 {
                values["reason"] = ReferralDeclineReason(rawValue: String(reason))?.word(language) ?? String(reason)
                values["action"] = ReferralProposedAction(rawValue: String(action))?.word(language) ?? String(action)
                return say("referral_declined_by_partner", values) ?? detail
            }
            return say("referral_answered_by_partner", values) ?? detail
        }
        // A person's questionnaire link and an operator's registration page (sql/0041, sql/0042)
        func questionnaire(_ kind: Substring) -> String {
            Messages.text("audit.questionnaire.\(kind.replacingOccurrences(of: "-", with: "_"))", language)
        }
        if let link = detail.wholeMatch(of: /(entry|exit|six-months) questionnaire link (\d+) until (\d{4}-\d{2}-\d{2})/) {
            return say("questionnaire_link_made", ["questionnaire": questionnaire(link.1), "link": String(link.2), "date": String(link.3)]) ?? detail
        }
        if let link = detail.wholeMatch(of: /(entry|exit|six-months) questionnaire link (\d+) withdrawn/) {
            return say("questionnaire_link_withdrawn", ["questionnaire": questionnaire(link.1), "link": String(link.2)]) ?? detail
        }
        if let link = detail.wholeMatch(of: /(entry|exit|six-months) questionnaire link (\d+) e-mailed to (\S+) \((link|reminder)\)/) {
            return say(link.4 == "reminder" ? "questionnaire_link_reminded" : "questionnaire_link_mailed",
                       ["questionnaire": questionnaire(link.1), "link": String(link.2), "email": String(link.3)]) ?? detail
        }
        if let link = detail.wholeMatch(of: /(entry|exit|six-months) questionnaire signed by the person \(link (\d+)\)/) {
            return say("questionnaire_signed", ["questionnaire": questionnaire(link.1), "link": String(link.2)]) ?? detail
        }
        if let page = detail.wholeMatch(of: /registration page (\d+) until (\d{4}-\d{2}-\d{2})/) {
            return say("registration_page_made", ["page": String(page.1), "date": String(page.2)]) ?? detail
        }
        if let page = detail.wholeMatch(of: /registration page (\d+) withdrawn/) {
            return say("registration_page_withdrawn", ["page": String(page.1)]) ?? detail
        }
        return say(detail.replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "(", with: "").replacingOccurrences(of: ")", with: ""))
            ?? detail
    }
}
