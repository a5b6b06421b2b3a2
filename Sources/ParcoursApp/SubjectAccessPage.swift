import Foundation
import ParcoursCore
import ParcoursReports

/// The answer to a subject-access request (GDPR article 15) as the person reads it: everything
/// Parcours holds about them, in their language, dates as they write them, times on the Paris
/// clock, words instead of codes. Made from the same document as the JSON for machines
/// (`parcours_subject_access_document`), so the two never say different things.
public struct SubjectAccessPage {
    public var language: Language
    public var madeAt: Date

    public init(language: Language, madeAt: Date) {
        self.language = language
        self.madeAt = madeAt
    }

    private typealias Object = [String: Any]

    private func t(_ fr: String, _ en: String) -> String { language == .fr ? fr : en }

    /// The whole page, standalone (no script, nothing fetched), printable on A4.
    public func html(document json: String) throws -> String {
        guard let document = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? Object,
              let person = document["carrier"] as? Object else { throw Refusal(.databaseUnexpected, ["detail": "subject access document"]) }
        let name = [text(person["first_name"]), text(person["last_name"])].filter { !$0.isEmpty }.joined(separator: " ")
        var body = "<h1>\(e(t("Vos données dans Parcours", "Your data in Parcours"))) — \(e(name))</h1>"
        body += "<p>" + e(t(
            "Réponse à votre demande d'accès (RGPD, article 15), établie le \(dateTime(madeAt)) (heure de Paris) par \(text(person["operator"])). Elle contient tout ce que Parcours garde sur vous.",
            "Answer to your access request (GDPR, article 15), made on \(dateTime(madeAt)) (Paris time) by \(text(person["operator"])). It holds everything Parcours keeps about you.")) + "</p>"

        body += section(t("Votre fiche", "Your record"), facts([
            (t("Prénom", "First name"), text(person["first_name"])), (t("Nom", "Last name"), text(person["last_name"])),
            (t("Genre", "Gender"), label(person["gender"], .gender)), (t("Date de naissance", "Birth date"), date(person["birth_date"])),
            (t("Courriel", "E-mail"), text(person["email"])), (t("Téléphone", "Phone"), text(person["phone"])),
            (t("Commune (code INSEE)", "Commune (INSEE code)"), text(person["commune"])),
            (t("Référence", "Reference"), text(person["external_ref"])), (t("Accompagné par", "Counsellor"), text(person["counsellor"])),
            (t("Fiche créée le", "Record created on"), dateTime(person["created_at"])),
        ]))

        let profiles = list(document["profiles"])
        body += section(t("Votre situation à l'entrée", "Your situation at entry"), profiles.isEmpty ? none() : table(
            [t("Enregistrée le", "Recorded on"), t("Situation", "Situation"), t("Niveau d'études", "Education"),
             t("Consentement aux données sensibles", "Consent to sensitive data"), t("Handicap", "Disability")],
            profiles.map { p in
                [date(p["recorded_on"]), label(p["labour_status"], .labourStatus), label(p["education_level"], .educationLevel),
                 date(p["consent_on"]), yesNo(p["disability"])]
            }))

        let intakes = list(document["intakes"])
        if !intakes.isEmpty {
            body += section(t("Votre premier contact", "Your first contact"), table(
                [t("Le", "On"), t("Envoyé par", "Sent by"), t("Réunion d'information", "Information session"), t("Diagnostic", "Diagnostic"),
                 t("Décision", "Decision"), t("Le", "On"), t("Note", "Note")],
                intakes.map { i in
                    [date(i["contacted_on"]), label(i["prescriber"], .prescriber), date(i["info_session_on"]), date(i["diagnostic_on"]),
                     word(text(i["status"]), of: "intake_status"), date(i["decided_on"]), text(i["note"])]
                }))
        }

        for journey in list(document["journeys"]) {
            body += journeySection(journey)
        }

        let audit = list(document["audit"])
        body += section(t("Qui a consulté ou modifié vos données", "Who read or changed your data"), audit.isEmpty ? none() : table(
            [t("Quand", "When"), t("Qui", "Who"), t("Comment", "How"), t("Action", "Action"), t("Quoi", "What")],
            audit.map { a in
                [dateTime(a["at"]), text(a["staff"]), AuditWording.channel(text(a["channel"]), language),
                 AuditWording.action(text(a["action"]), language), AuditWording.detail(text(a["detail"]), language)]
            }))
        return """
            <!DOCTYPE html>
            <html lang="\(language.rawValue)">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(e(t("Vos données dans Parcours", "Your data in Parcours"))) — \(e(name))</title>
            <style>\(Self.style)</style></head>
            <body>\(body)</body>
            </html>
            """
    }

    private func journeySection(_ journey: Object) -> String {
        let state = text(journey["phase"])
        var html = facts([
            (t("Programme", "Programme"), text(journey["programme"])), (t("Où vous en êtes", "Where you are"), stateLabel(state)),
            (t("Ouvert le", "Opened on"), date(journey["opened_on"])), (t("Terminé le", "Ended on"), date(journey["closed_on"])),
        ])
        let history = list(journey["history"])
        if !history.isEmpty {
            html += "<h3>\(e(t("Étapes", "Steps")))</h3>" + table(
                [t("Date", "Date"), t("Étape", "Step"), t("Vers", "To"), t("Motif", "Reason")],
                history.map { [date($0["effective_on"]), eventLabel(text($0["kind"])), stateLabel(text($0["to"])), text($0["reason"])] })
        }
        let corrections = list(journey["corrections"])
        if !corrections.isEmpty {
            html += "<h3>\(e(t("Étapes corrigées ou annulées", "Steps corrected or cancelled")))</h3>" + table(
                [t("Étape saisie", "Step recorded"), t("Du", "Of"), t("Vers", "To"), t("Correction", "Correction"), t("Le", "On"), t("Motif", "Reason")],
                corrections.map {
                    [eventLabel(text($0["kind"])), date($0["effective_on"]), stateLabel(text($0["to"])),
                     ($0["cancelled"] as? Bool) == true ? t("annulée", "cancelled") : t("corrigée", "corrected"), dateTime($0["corrected_at"]),
                     text($0["correction_reason"])]
                })
        }
        let attendance = list(journey["attendance"])
        if !attendance.isEmpty {
            html += "<h3>\(e(t("Séances", "Sessions")))</h3>" + table(
                [t("Séance", "Session"), t("Le", "On"), t("Présence", "Attendance"), t("Minutes", "Minutes")],
                attendance.map { [text($0["session"]), dateTime($0["starts_at"]), word(text($0["status"]), of: "attendance"), text($0["minutes"])] })
        }
        let jury = list(journey["jury"])
        if !jury.isEmpty {
            html += "<h3>\(e(t("Jury", "Jury")))</h3>" + table(
                [t("Le", "On"), t("Décision", "Decision"), t("Note", "Note")],
                jury.map { [date($0["decided_on"]), word(text($0["decision"]), of: "decision"), text($0["note"])] })
        }
        let referrals = list(journey["referrals"])
        if !referrals.isEmpty {
            html += "<h3>\(e(t("Orientations", "Referrals")))</h3>" + table(
                [t("Partenaire", "Partner"), t("Motif", "Reason"), t("Proposée le", "Proposed on"), t("Réponse", "Answer"),
                 t("Le", "On"), t("Coordonnées transmises", "Contact shared")],
                referrals.map {
                    [text($0["partner"]), text($0["reason"]), date($0["proposed_on"]), word(text($0["status"]), of: "referral_status"),
                     date($0["answered_on"]), yesNo($0["consent_to_share"])]
                })
        }
        if let activity = journey["activity"] as? Object {
            html += "<h3>\(e(t("Activité créée", "Activity created")))</h3>" + facts([
                (t("Nom", "Name"), text(activity["name"])), (t("Forme juridique", "Legal form"), label(activity["legal_form"], .legalForm)),
                (t("Créée le", "Created on"), date(activity["created_on"])), (t("Emplois (ETP)", "Jobs (FTE)"), text(activity["jobs_fte"])),
            ])
        }
        let followUps = list(journey["follow_ups"])
        if !followUps.isEmpty {
            html += "<h3>\(e(t("Suivis après la sortie", "Follow-ups after leaving")))</h3>" + table(
                [t("Après", "After"), t("Situation", "Situation"), t("Le", "On"), t("Note", "Note")],
                followUps.map {
                    [t("\(text($0["after_months"])) mois", "\(text($0["after_months"])) months"), label($0["situation"], .situation),
                     date($0["recorded_on"]), text($0["note"])]
                })
        }
        return section(t("Parcours", "Journey") + " « \(text(journey["programme"])) »", html)
    }

    // MARK: Words

    private func label(_ value: Any?, _ vocabulary: Vocabulary) -> String {
        let code = text(value)
        return code.isEmpty ? "" : Labels.code(code, of: vocabulary, language)
    }

    /// A phase, an outcome or « en pause ».
    private func stateLabel(_ code: String) -> String {
        guard !code.isEmpty else { return "" }
        if Phase(rawValue: code) != nil { return Labels.code(code, of: .phase, language) }
        if Outcome(rawValue: code) != nil { return Labels.code(code, of: .outcome, language) }
        return word(code, of: "state")
    }

    private func eventLabel(_ code: String) -> String { Messages.template("timeline.event.\(code)", language) ?? code }

    /// A catalogue word as a person reads it (the command line's `à-retravailler` is « à retravailler »).
    private func word(_ code: String, of vocabulary: String) -> String {
        code.isEmpty ? "" : Messages.word(code, of: vocabulary, language).replacingOccurrences(of: "-", with: " ")
    }

    private func yesNo(_ value: Any?) -> String {
        guard let flag = value as? Bool else { return "" }
        return Labels.flag(flag, language)
    }

    // MARK: Values of the JSON document

    private func list(_ value: Any?) -> [Object] { value as? [Object] ?? [] }

    private func text(_ value: Any?) -> String {
        switch value {
        case let text as String: text
        case let number as NSNumber: CellFormatter(language: language).number(number.doubleValue, fractionDigits: number.doubleValue.rounded() == number.doubleValue ? 0 : 2)
        default: ""
        }
    }

    private func date(_ value: Any?) -> String {
        guard let iso = value as? String, let day = LocalDate(iso: String(iso.prefix(10))) else { return "" }
        return Messages.date(day, language)
    }

    private func dateTime(_ value: Any?) -> String {
        guard let text = value as? String, let instant = Self.instant(text) else { return date(value) }
        return dateTime(instant)
    }

    private func dateTime(_ instant: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .paris
        let c = calendar.dateComponents([.hour, .minute], from: instant)
        return Messages.date(LocalDate(instant, in: .paris), language) + String(format: " %02d:%02d", c.hour ?? 0, c.minute ?? 0)
    }

    /// PostgreSQL's JSON timestamps: `2026-12-07T01:02:03.123456+00:00` (fraction and offset as it writes them).
    static func instant(_ text: String) -> Date? {
        let parts = text.split(whereSeparator: { $0 == "T" || $0 == " " })
        guard parts.count == 2, let day = LocalDate(iso: String(parts[0])) else { return nil }
        let clock = parts[1]
        guard let sign = clock.lastIndex(where: { $0 == "+" || $0 == "-" }) else { return nil }
        let time = clock[..<sign].split(separator: ":"), offset = clock[clock.index(after: sign)...].split(separator: ":")
        guard time.count == 3, let hours = Int(time[0]), let minutes = Int(time[1]), let seconds = Double(time[2]),
              let offsetHours = Int(offset.first ?? "") else { return nil }
        let offsetMinutes = offset.count > 1 ? Int(offset[1]) ?? 0 : 0
        let direction: Double = clock[sign] == "+" ? -1 : 1
        let sinceEpoch = Double(day.daysSinceEpoch) * 86_400 + Double(hours * 3600 + minutes * 60) + seconds
            + direction * Double(offsetHours * 3600 + offsetMinutes * 60)
        return Date(timeIntervalSince1970: sinceEpoch)
    }

    // MARK: HTML

    private func e(_ text: String) -> String { HTML.escape(text) }

    private func section(_ title: String, _ content: String) -> String { "<section><h2>\(e(title))</h2>\(content)</section>" }

    private func none() -> String { "<p class=\"none\">\(e(t("Rien d'enregistré.", "Nothing recorded.")))</p>" }

    private func facts(_ pairs: [(String, String)]) -> String {
        "<dl>" + pairs.filter { !$0.1.isEmpty }.map { "<dt>\(e($0.0))</dt><dd>\(e($0.1))</dd>" }.joined() + "</dl>"
    }

    private func table(_ headers: [String], _ rows: [[String]]) -> String {
        "<table><thead><tr>" + headers.map { "<th scope=\"col\">\(e($0))</th>" }.joined() + "</tr></thead><tbody>"
            + rows.map { "<tr>" + $0.map { "<td>\(e($0))</td>" }.joined() + "</tr>" }.joined() + "</tbody></table>"
    }

    static let style = """
        body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.45}
        h1{font-size:1.5rem}h2{font-size:1.2rem;border-bottom:1px solid #999;margin-top:2rem}h3{font-size:1rem}
        dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}dd{margin:0}
        table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #bbb;padding:.25rem .5rem;text-align:left;vertical-align:top}
        th{background:#eee}.none{color:#555}@media print{body{margin:0}}
        """
}
