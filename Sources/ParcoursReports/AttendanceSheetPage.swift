import Foundation
import ParcoursCore

/// A printable *feuille d'émargement* (A4, self-contained HTML with a print stylesheet): who, what,
/// when, for which agreement, and a signature box per half-day for each expected person and for
/// the trainer.
public struct AttendanceSheetRenderer: Sendable {
    public var language: Language

    public init(language: Language) { self.language = language }

    private func t(_ fr: String, _ en: String) -> String { language == .fr ? fr : en }

    private func kind(_ kind: SessionKind) -> String {
        switch kind {
        case .information: t("Réunion d'information", "Information meeting")
        case .workshop: t("Atelier collectif", "Workshop")
        case .module: t("Module de formation", "Training module")
        case .appointment: t("Entretien individuel", "Individual appointment")
        case .visit: t("Visite", "Visit")
        case .pitch: t("Présentation devant le jury", "Pitch before the jury")
        }
    }

    private func slot(_ slot: AttendanceSheet.Slot) -> String {
        (slot.part == .morning ? t("Matin", "Morning") : t("Après-midi", "Afternoon")) + " " + slot.from + "–" + slot.to
    }

    public func html(_ sheet: AttendanceSheet, madeOn: LocalDate) -> String {
        let e = HTML.escape
        let formatter = CellFormatter(language: language)
        let slots = sheet.slots
        let hours = formatter.number(Double(sheet.durationMinutes) / 60, fractionDigits: 2)
        var html = "<!DOCTYPE html>\n<html lang=\"\(language.rawValue)\"><head><meta charset=\"utf-8\">"
        html += "<title>\(e(t("Feuille d'émargement", "Attendance sheet"))) — \(e(sheet.title)) — \(e(formatter.date(sheet.day)))</title>"
        html += "<style>\(Self.style)</style></head><body>"
        html += "<header><div class=\"logos\">"
        for place in [t("Logo de l'opérateur", "Operator's logo"), t("Logo du financeur", "Funder's logo"), t("Logo FSE+ / cofinancement", "ESF+ / co-funding logo")] {
            html += "<div class=\"logo\">\(e(place))</div>"
        }
        html += "</div><h1>\(e(t("Feuille d'émargement", "Attendance sheet")))</h1>"
        html += "<dl class=\"facts\">"
        func fact(_ term: String, _ value: String) { html += "<dt>\(e(term))</dt><dd>\(e(value))</dd>" }
        fact(t("Opérateur", "Operator"), sheet.operatorName)
        if sheet.agreements.isEmpty {
            fact(t("Convention", "Agreement"), t("aucune convention ne couvre cette séance", "no agreement covers this session"))
        }
        for agreement in sheet.agreements {
            fact(t("Convention", "Agreement"), "\(agreement.code) — \(agreement.title) (\(agreement.funder))")
        }
        fact(t("Programme", "Programme"), sheet.programme + (sheet.cohort.map { " · " + $0 } ?? ""))
        fact(t("Séance", "Session"), "n° \(sheet.sessionID) · \(kind(sheet.kind)) : \(sheet.title)")
        fact(t("Date", "Date"), formatter.date(sheet.day))
        fact(t("Horaires", "Hours"), slots.map(slot).joined(separator: " · ") + " (\(hours) h)")
        fact(t("Intervenant", "Trainer"), sheet.trainer ?? t("(à compléter)", "(to fill in)"))
        html += "</dl></header>"

        html += "<table class=\"signatures\"><thead><tr><th class=\"n\">\(e(t("N°", "No.")))</th>"
        html += "<th>\(e(t("Nom", "Last name")))</th><th>\(e(t("Prénom", "First name")))</th>"
        for part in slots { html += "<th class=\"box\">\(e(t("Signature", "Signature")))<br><small>\(e(slot(part)))</small></th>" }
        html += "</tr></thead><tbody>"
        for (index, person) in sheet.expected.enumerated() {
            html += "<tr data-carrier=\"\(person.carrierID)\"><td class=\"n\">\(index + 1)</td><td>\(e(person.lastName))</td><td>\(e(person.firstName))</td>"
            for _ in slots { html += "<td class=\"box\"></td>" }
            html += "</tr>"
        }
        // Room for people who came without being expected.
        for _ in 0..<2 {
            html += "<tr class=\"blank\"><td class=\"n\"></td><td></td><td></td>"
            for _ in slots { html += "<td class=\"box\"></td>" }
            html += "</tr>"
        }
        html += "</tbody></table>"

        html += "<section class=\"trainer\"><h2>\(e(t("L'intervenant", "The trainer")))</h2>"
        html += "<p>\(e(t("Je certifie l'exactitude des présences ci-dessus, pour chaque demi-journée.", "I certify the attendance above, for each half-day.")))</p>"
        html += "<table class=\"signatures\"><tr><th>\(e(t("Nom", "Name")))</th>"
        for part in slots { html += "<th class=\"box\">\(e(t("Signature", "Signature")))<br><small>\(e(slot(part)))</small></th>" }
        html += "</tr><tr><td>\(e(sheet.trainer ?? ""))</td>"
        for _ in slots { html += "<td class=\"box\"></td>" }
        html += "</tr></table></section>"
        html += "<footer><p>\(e(t("Une signature par demi-journée, le jour même ; aucune signature globale ou mensuelle.", "One signature per half-day, on the day; no overall or monthly signature.")))</p>"
        html += "<p>\(e(t("Édité le", "Made on"))) \(e(formatter.date(madeOn))) · Parcours · \(e(t("séance", "session"))) n° \(sheet.sessionID)</p></footer>"
        return html + "</body></html>\n"
    }

    static let style = """
        @page { size: A4 portrait; margin: 12mm; }
        * { box-sizing: border-box; }
        body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; color: #000; margin: 0; }
        .logos { display: flex; gap: 6mm; }
        .logo { flex: 1; height: 14mm; border: 1px dashed #595959; color: #595959; font-size: 8pt; display: flex; align-items: center; justify-content: center; }
        h1 { font-size: 16pt; margin: 4mm 0 2mm; text-align: center; }
        h2 { font-size: 11pt; margin: 5mm 0 1mm; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 1mm 4mm; margin: 0 0 4mm; }
        dt { font-weight: bold; }
        dd { margin: 0; }
        table.signatures { width: 100%; border-collapse: collapse; }
        table.signatures th, table.signatures td { border: 1px solid #000; padding: 1mm 2mm; text-align: left; vertical-align: middle; }
        table.signatures thead { display: table-header-group; }
        table.signatures tr { height: 10mm; page-break-inside: avoid; break-inside: avoid; }
        th.box, td.box { width: 40mm; }
        .n { width: 9mm; text-align: right; }
        footer { margin-top: 5mm; font-size: 8pt; color: #333; }
        section.trainer { page-break-inside: avoid; break-inside: avoid; }
        """

    /// The attestation de présence: the person, the agreement, hours per module with their days,
    /// then every session attended; signed by the operator.
    public func html(_ certificate: AttendanceCertificate, madeOn: LocalDate) -> String {
        let e = HTML.escape
        let formatter = CellFormatter(language: language)
        func hours(_ minutes: Int) -> String { formatter.number(Double(minutes) / 60, fractionDigits: 2) + " h" }
        let name = "\(certificate.firstName) \(certificate.lastName)"
        var html = "<!DOCTYPE html>\n<html lang=\"\(language.rawValue)\"><head><meta charset=\"utf-8\">"
        html += "<title>\(e(t("Attestation de présence", "Attendance certificate"))) — \(e(name))</title>"
        html += "<style>\(Self.style)</style></head><body><header><div class=\"logos\">"
        for place in [t("Logo de l'opérateur", "Operator's logo"), t("Logo du financeur", "Funder's logo")] { html += "<div class=\"logo\">\(e(place))</div>" }
        html += "</div><h1>\(e(t("Attestation de présence", "Attendance certificate")))</h1><dl class=\"facts\">"
        func fact(_ term: String, _ value: String) { html += "<dt>\(e(term))</dt><dd>\(e(value))</dd>" }
        fact(t("Participant", "Participant"), name + (certificate.birthDate.map { " (" + t("né(e) le ", "born ") + formatter.date($0) + ")" } ?? ""))
        fact(t("Opérateur", "Operator"), certificate.operatorName)
        fact(t("Convention", "Agreement"), "\(certificate.agreement.code) — \(certificate.agreement.title) (\(certificate.agreement.funder))")
        fact(t("Période", "Period"), "\(formatter.date(certificate.period.from)) – \(formatter.date(certificate.period.to))")
        fact(t("Total", "Total"), hours(certificate.totalMinutes))
        html += "</dl></header><h2>\(e(t("Heures par module", "Hours per module")))</h2>"
        html += "<table class=\"signatures\"><thead><tr><th>\(e(t("Module", "Module")))</th><th>\(e(t("Dates", "Dates")))</th><th>\(e(t("Heures", "Hours")))</th></tr></thead><tbody>"
        for module in certificate.modules {
            html += "<tr><td>\(e(module.title))</td><td>\(e(module.days.map(formatter.date).joined(separator: ", ")))</td><td>\(e(hours(module.minutes)))</td></tr>"
        }
        html += "</tbody></table><h2>\(e(t("Séances suivies", "Sessions attended")))</h2>"
        html += "<table class=\"signatures\"><thead><tr><th>\(e(t("Date", "Date")))</th><th>\(e(t("Type", "Kind")))</th><th>\(e(t("Séance", "Session")))</th><th>\(e(t("Heures", "Hours")))</th></tr></thead><tbody>"
        for line in certificate.lines {
            html += "<tr><td>\(e(formatter.date(line.day)))</td><td>\(e(kind(line.kind)))</td><td>\(e(line.title))</td><td>\(e(hours(line.minutes)))</td></tr>"
        }
        if certificate.lines.isEmpty { html += "<tr><td colspan=\"4\">\(e(t("aucune présence sous cette convention", "no attendance under this agreement")))</td></tr>" }
        html += "</tbody></table><section class=\"trainer\"><p>\(e(t("Fait pour servir et valoir ce que de droit.", "Issued for whatever purpose it may serve.")))</p>"
        html += "<table class=\"signatures\"><tr><th>\(e(t("Pour l'opérateur : nom, qualité, signature et cachet", "For the operator: name, position, signature and stamp")))</th></tr><tr><td class=\"box\" style=\"height:30mm\"></td></tr></table></section>"
        html += "<footer><p>\(e(t("Édité le", "Made on"))) \(e(formatter.date(madeOn))) · Parcours</p></footer>"
        return html + "</body></html>\n"
    }
}
