import Foundation
import HTTPTypes
import Hummingbird
import ParcoursApp
import ParcoursCore
import ParcoursReports
import ParcoursStore

/// A person's entry questionnaire (`parcours carrier questionnaire`): `/questionnaire/{secret}`
/// shows their own entry data to confirm or complete, on a phone, and takes their signature — the
/// answers checked by the parsers of `carrier update` and `carrier profile` (`SignEntryQuestionnaire`)
/// and the database's own constraints (`parcours_sign_questionnaire`), which words and hashes
/// what was signed.
extension ParcoursServer {
    var questionnaireRoutes: [Route] {
        [
            Route(.get, "/questionnaire/{token}", authenticated: false) { request, context in
                try await limitingGuesses(context) {
                    try await questionnairePage(try context.parameters.require("token"), context.language, form: nil, refusal: nil)
                }
            },
            Route(.post, "/questionnaire/{token}", authenticated: false) { request, context in
                try await limitingGuesses(context) { try await signQuestionnaire(request, context) }
            },
        ]
    }

    private static let questionnaireFields = [
        "gender", "birth_date", "email", "phone", "labour", "education", "consent", "disability", "third_country_national",
        "foreign_background", "minority", "homeless", "signed_name",
    ]
    private static let sensitiveQuestions = ["disability", "third_country_national", "foreign_background", "minority", "homeless"]

    private func signQuestionnaire(_ request: Request, _ context: APIContext) async throws -> Response {
        let token = try context.parameters.require("token")
        let language = context.language
        guard let form = try await Self.formFromThisSite(request) else {
            return try await questionnairePage(token, language, form: nil, refusal: Refusal(.referralLinkForeignForm), status: .forbidden)
        }
        do {
            guard let view = try await store.questionnaire(token), view.state == .open else {
                return try await questionnairePage(token, language, form: nil, refusal: nil)
            }
            let given = form.filter { Self.questionnaireFields.contains($0.key) && !$0.value.trimmingCharacters(in: .whitespaces).isEmpty }
            let parsed = try SignEntryQuestionnaire(Fields(texts: given), carrier: view.carrierID, today: store.today)
            let digest = try await store.signQuestionnaire(token, parsed.answers)
            func t(_ key: String, _ values: [String: String] = [:]) -> String { HTML.escape(Messages.text("questionnaire." + key, language, values)) }
            let body = "<p role=\"status\" class=\"notice\">\(t("signed", ["name": view.firstName ?? "", "date": store.today.iso]))</p>"
                + "<p class=\"digest\">\(t("digest", ["digest": digest]))</p>"
            return Self.sharedPage(.ok, Self.linkPage(language, title: t("title"), body: body))
        } catch let refusal as Refusal {
            return try await questionnairePage(token, language, form: form, refusal: refusal, status: .unprocessableContent)
        } catch let error as StoreError {
            return try await questionnairePage(token, language, form: form, refusal: error.refusal, status: .unprocessableContent)
        }
    }

    /// The questionnaire: its form, filled with what is recorded (or, after a refusal, with what
    /// was typed), while the link is open; why not otherwise (404 for a secret nobody made, 410 for
    /// a link expired, withdrawn or signed already), never any data then.
    func questionnairePage(
        _ token: String, _ language: Language, form: [String: String]?, refusal: Refusal?, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        func t(_ key: String, _ values: [String: String] = [:]) -> String { HTML.escape(Messages.text("questionnaire." + key, language, values)) }
        guard let view = try await store.questionnaire(token) else {
            return Self.sharedPage(.notFound, Self.linkPage(language, title: t("title"), body: "<p>\(t("unknown"))</p>"))
        }
        guard view.state == .open else {
            return Self.sharedPage(.gone, Self.linkPage(language, title: t("title"), body: "<p>\(t(view.state == .spent ? "spent" : "closed"))</p>"))
        }
        // What the form shows: what was typed after a refusal, else what is recorded.
        let p = view.profile
        func recorded(_ answer: Bool?, _ question: ProfileQuestion) -> String? {
            p.declined.contains(question) ? "refus" : answer.map { $0 ? "oui" : "non" }
        }
        let values: [String: String] = form ?? [
            "gender": view.gender?.rawValue, "birth_date": view.birthDate.map { Messages.date($0, .fr) }, "email": view.email, "phone": view.phone,
            "labour": p.declined.contains(.labourStatus) ? "refus" : p.labourStatus?.rawValue,
            "education": p.declined.contains(.educationLevel) ? "refus" : p.educationLevel?.rawValue,
            "consent": p.consentOn == nil ? nil : "oui",
            "disability": recorded(p.disability, .disability), "third_country_national": recorded(p.thirdCountryNational, .thirdCountryNational),
            "foreign_background": recorded(p.foreignBackground, .foreignBackground), "minority": recorded(p.minority, .minority),
            "homeless": recorded(p.homeless, .homeless),
        ].compactMapValues { $0 }
        let wrong = Set(refusal?.fields ?? [])
        func invalid(_ name: String) -> String { wrong.contains(name) ? " aria-invalid=\"true\" aria-describedby=\"refus\"" : "" }

        var body = "<p>\(t("hello", ["name": view.firstName ?? ""]))</p><p>\(t("intro", ["operator": view.operatorName]))</p>"
        if var refusal {
            refusal.fields = []
            body += "<p role=\"alert\" class=\"error\" id=\"refus\">\(HTML.escape(refusal.message(language, fields: .json)))</p>"
        }
        let formToken = FormToken.generate()
        body += "<form method=\"post\"><input type=\"hidden\" name=\"\(FormToken.field)\" value=\"\(formToken)\">"

        /// A question answered by one choice among `choices` (value, words).
        func radios(_ name: String, legend: String, _ choices: [(String, String)], required: Bool) -> String {
            var html = "<fieldset\(invalid(name))><legend>\(legend)\(required ? " " + t("required") : "")</legend>"
            for (index, (value, words)) in choices.enumerated() {
                let id = "\(name)-\(value)"
                html += "<div><input type=\"radio\" name=\"\(name)\" id=\"\(id)\" value=\"\(value)\""
                html += (values[name] == value ? " checked" : "") + (required && index == 0 ? " required" : "") + ">"
                html += "<label for=\"\(id)\">\(words)</label></div>"
            }
            return html + "</fieldset>"
        }
        func input(_ name: String, type: String, autocomplete: String, required: Bool, hint: String? = nil, extra: String = "") -> String {
            var html = "<p><label for=\"\(name)\">\(t(name))\(required ? " " + t("required") : "")</label><br>"
            html += "<input type=\"\(type)\" name=\"\(name)\" id=\"\(name)\" autocomplete=\"\(autocomplete)\" value=\"\(HTML.escape(values[name] ?? ""))\"\(extra)"
            html += (required ? " required" : "") + (wrong.contains(name) ? " aria-invalid=\"true\"" : "")
            let described = [hint.map { _ in "\(name)-aide" }, wrong.contains(name) ? "refus" : nil].compactMap { $0 }
            html += described.isEmpty ? ">" : " aria-describedby=\"\(described.joined(separator: " "))\">"
            if let hint { html += "<br><span class=\"small\" id=\"\(name)-aide\">\(hint)</span>" }
            return html + "</p>"
        }
        func select(_ name: String, _ choices: [(String, String)]) -> String {
            var html = "<p><label for=\"\(name)\">\(t(name)) \(t("required"))</label><br><select name=\"\(name)\" id=\"\(name)\" required\(invalid(name))>"
            html += "<option value=\"\">—</option>"
            for (value, words) in choices { html += "<option value=\"\(value)\"\(values[name] == value ? " selected" : "")>\(words)</option>" }
            return html + "</select></p>"
        }

        body += "<h2>\(t("you"))</h2>"
        body += radios("gender", legend: t("gender"), Gender.allCases.map { ($0.rawValue, t("gender.\($0.rawValue)")) }, required: true)
        body += input("birth_date", type: "text", autocomplete: "bday", required: true, hint: t("date_hint"), extra: " inputmode=\"numeric\"")
        body += input("email", type: "email", autocomplete: "email", required: false, hint: t("contact_hint"))
        body += input("phone", type: "tel", autocomplete: "tel", required: false)
        body += "<h2>\(t("situation"))</h2>"
        body += select("labour", LabourStatus.allCases.map { ($0.rawValue, t("labour.\($0.rawValue)")) } + [("refus", t("declined"))])
        body += select("education", EducationLevel.allCases.map { ($0.rawValue, t("education.\($0.rawValue)")) } + [("refus", t("declined"))])
        body += "<h2>\(t("sensitive"))</h2><p>\(t("sensitive_intro"))</p>"
        body += "<p><input type=\"checkbox\" name=\"consent\" id=\"consent\" value=\"oui\"\(values["consent"] == "oui" ? " checked" : "")\(invalid("consent"))>"
        body += "<label for=\"consent\">\(t("consent", ["operator": view.operatorName]))</label></p>"
        for question in Self.sensitiveQuestions {
            body += radios(question, legend: t(question), [("oui", t("yes")), ("non", t("no")), ("refus", t("declined"))], required: false)
        }
        body += "<h2>\(t("signature"))</h2><p>\(t("signature_intro", ["date": store.today.iso]))</p>"
        body += input("signed_name", type: "text", autocomplete: "name", required: true)
        body += "<p><button type=\"submit\">\(t("send"))</button></p></form>"
        body += "<p class=\"small\">\(t("expires", ["date": LocalDate(view.expiresAt.addingTimeInterval(-1), in: .paris).iso]))</p>"
        var response = Self.sharedPage(status, Self.linkPage(language, title: t("title"), body: body))
        response.headers[.setCookie] = FormToken.setCookie(formToken, path: "/questionnaire/")
        return response
    }
}
