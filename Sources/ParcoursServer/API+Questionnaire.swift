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
        "foreign_background", "minority", "homeless", "signed_name", "situation", "qualification",
    ]

    /// The page's title for the questionnaire's kind.
    static func questionnaireTitle(_ kind: QuestionnaireKind, _ language: Language) -> String {
        Messages.text(kind == .entry ? "questionnaire.title" : "questionnaire.title." + kind.rawValue, language)
    }
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
            let digest: String
            if let journey = view.journeyID, let months = view.kind.afterMonths {
                let parsed = try SignFollowUpQuestionnaire(Fields(texts: given), journey: journey, afterMonths: months, today: store.today)
                digest = try await store.signFollowUpQuestionnaire(
                    token, situation: parsed.situation, qualificationGained: parsed.qualificationGained, signedName: parsed.signedName)
            } else {
                let parsed = try SignEntryQuestionnaire(Fields(texts: given), carrier: view.carrierID, today: store.today)
                digest = try await store.signQuestionnaire(token, parsed.answers)
            }
            func t(_ key: String, _ values: [String: String] = [:]) -> String { Messages.text("questionnaire." + key, language, values) }
            let body: Markup = "<p role=\"status\" class=\"notice\">\(t("signed", ["name": view.firstName ?? "", "date": store.today.iso]))</p>"
                + "<p class=\"digest\">\(t("digest", ["digest": digest]))</p>"
            return Self.sharedPage(.ok, Self.linkPage(language, title: Self.questionnaireTitle(view.kind, language), body: body))
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
        func t(_ key: String, _ values: [String: String] = [:]) -> String { Messages.text("questionnaire." + key, language, values) }
        guard let view = try await store.questionnaire(token) else {
            return Self.sharedPage(.notFound, Self.linkPage(language, title: t("title"), body: "<p>\(t("unknown"))</p>"))
        }
        let title = Self.questionnaireTitle(view.kind, language)
        guard view.state == .open else {
            return Self.sharedPage(.gone, Self.linkPage(language, title: title, body: "<p>\(t(view.state == .spent ? "spent" : "closed"))</p>"))
        }
        let formToken = FormToken.generate()
        let controls = LinkForm(values: form ?? Self.recorded(view), refusal: refusal, language: language)
        var body: Markup = "<p>\(t("hello", ["name": view.firstName ?? ""]))</p>"
        body += view.kind == .entry
            ? "<p>\(t("intro", ["operator": view.operatorName]))</p>"
            : "<p>\(t("intro." + view.kind.rawValue, ["operator": view.operatorName, "date": view.exitOn?.iso ?? ""]))</p>"
        body += LinkForm.refusal(refusal, language) + LinkForm.open(token: formToken)
        let yesNo = [(value: "oui", words: t("yes")), (value: "non", words: t("no"))]
        if view.kind == .entry {
            body += "<h2>\(t("you"))</h2>"
            body += controls.radios("gender", legend: t("gender"), Gender.allCases.map { (value: $0.rawValue, words: t("gender.\($0.rawValue)")) }, required: true)
            body += controls.input("birth_date", label: t("birth_date"), type: "text", autocomplete: "bday", required: true, hint: t("date_hint"), numeric: true)
            body += controls.input("email", label: t("email"), type: "email", autocomplete: "email", required: false, hint: t("contact_hint"))
            body += controls.input("phone", label: t("phone"), type: "tel", autocomplete: "tel", required: false)
            body += "<h2>\(t("situation"))</h2>"
            let declined = (value: "refus", words: t("declined"))
            body += controls.select("labour", label: t("labour"), LabourStatus.allCases.map { (value: $0.rawValue, words: t("labour.\($0.rawValue)")) } + [declined])
            body += controls.select("education", label: t("education"),
                                    EducationLevel.allCases.map { (value: $0.rawValue, words: t("education.\($0.rawValue)")) } + [declined])
            body += "<h2>\(t("sensitive"))</h2><p>\(t("sensitive_intro"))</p>"
            body += controls.checkbox("consent", label: t("consent", ["operator": view.operatorName]), required: false)
            for question in Self.sensitiveQuestions {
                body += controls.radios(question, legend: t(question), yesNo + [declined], required: false)
            }
        } else {
            let situations = FollowUpSituation.allCases.filter { $0 != .unknown }.map { (value: $0.rawValue, words: t("situation.\($0.rawValue)")) }
            body += controls.radios("situation", legend: t("situation_now"), situations, required: true)
            if view.kind == .exit { body += controls.radios("qualification", legend: t("qualification"), yesNo, required: true) }
        }
        body += "<h2>\(t("signature"))</h2><p>\(t("signature_intro", ["date": store.today.iso]))</p>"
        body += controls.input("signed_name", label: t("signed_name"), type: "text", autocomplete: "name", required: true)
        body += LinkForm.submit(t("send"))
        body += "<p class=\"small\">\(t("expires", ["date": LocalDate(view.expiresAt.addingTimeInterval(-1), in: .paris).iso]))</p>"
        var response = Self.sharedPage(status, Self.linkPage(language, title: title, body: body))
        response.headers[.setCookie] = FormToken.setCookie(formToken, path: "/questionnaire/")
        return response
    }

    /// What the form shows before anything is typed: what is recorded of what the questionnaire asks.
    private static func recorded(_ view: QuestionnaireView) -> [String: String] {
        let p = view.profile
        func answer(_ value: Bool?, _ question: ProfileQuestion) -> String? {
            p.declined.contains(question) ? "refus" : value.map { $0 ? "oui" : "non" }
        }
        return [
            "gender": view.gender?.rawValue, "birth_date": view.birthDate.map { Messages.date($0, .fr) }, "email": view.email, "phone": view.phone,
            "labour": p.declined.contains(.labourStatus) ? "refus" : p.labourStatus?.rawValue,
            "education": p.declined.contains(.educationLevel) ? "refus" : p.educationLevel?.rawValue,
            "consent": p.consentOn == nil ? nil : "oui",
            "disability": answer(p.disability, .disability), "third_country_national": answer(p.thirdCountryNational, .thirdCountryNational),
            "foreign_background": answer(p.foreignBackground, .foreignBackground), "minority": answer(p.minority, .minority),
            "homeless": answer(p.homeless, .homeless),
            "situation": view.situation.flatMap { $0 == .unknown ? nil : $0.rawValue }, "qualification": view.qualificationGained.map { $0 ? "oui" : "non" },
        ].compactMapValues { $0 }
    }
}
