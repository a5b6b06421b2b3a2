import Foundation
import HTTPTypes
import Hummingbird
import ParcoursApp
import ParcoursCore
import ParcoursReports
import ParcoursStore

/// An operator's registration page (`parcours intake page`): `/inscription/{secret}` lists its next
/// information meetings and takes a registration without an account — a first contact recorded with
/// `intake add`'s parser and refusals (`RegisterFromPage`) and the database's own checks
/// (`parcours_register_by_page`). The page shows nothing of anyone: not even whether the person
/// registering was known already.
extension ParcoursServer {
    var registrationRoutes: [Route] {
        [
            Route(.get, "/inscription/{token}", authenticated: false) { request, context in
                try await limitingGuesses(context) {
                    try await registrationPage(try context.parameters.require("token"), context.language, form: [:], refusal: nil)
                }
            },
            Route(.post, "/inscription/{token}", authenticated: false) { request, context in
                try await limitingGuesses(context) { try await register(request, context) }
            },
        ]
    }

    /// The fields of the registration form, by `intake add`'s names.
    private static let registrationFields = ["first_name", "last_name", "email", "phone", "commune", "prescriber", "session", "consent"]

    private func register(_ request: Request, _ context: APIContext) async throws -> Response {
        let token = try context.parameters.require("token")
        let language = context.language
        guard let form = try await Self.formFromThisSite(request) else {
            return try await registrationPage(token, language, form: [:], refusal: Refusal(.referralLinkForeignForm), status: .forbidden)
        }
        if let wait = registrations.waitBeforeTrying(context.clientAddress) {
            let minutes = max(1, (wait + 59) / 60)
            var response = try await registrationPage(
                token, language, form: form, refusal: Refusal(.registrationTooMany, ["minutes": "\(minutes)"]), status: .tooManyRequests)
            response.headers[.retryAfter] = "\(wait)"
            return response
        }
        do {
            let given = form.filter { Self.registrationFields.contains($0.key) && !$0.value.trimmingCharacters(in: .whitespaces).isEmpty }
            // « none » is the page's own choice: no meeting suits, contact me.
            let parsed = try RegisterFromPage(Fields(texts: given.mapValues { $0 == "none" ? nil : $0 }), today: store.today)
            guard let page = try await store.registrationPage(token), page.state == .open else {
                return try await registrationPage(token, language, form: [:], refusal: nil)
            }
            _ = try await store.register(parsed.registration, onPage: token)
            registrations.record(context.clientAddress)
            return Self.sharedPage(.ok, Self.linkPage(language, title: t("title", language), body: Self.confirmation(parsed.registration, page, language)))
        } catch let refusal as Refusal {
            return try await registrationPage(token, language, form: form, refusal: refusal, status: .unprocessableContent)
        } catch let error as StoreError {
            return try await registrationPage(token, language, form: form, refusal: error.refusal, status: .unprocessableContent)
        }
    }

    private func t(_ key: String, _ language: Language, _ values: [String: String] = [:]) -> String {
        Messages.text("registration." + key, language, values)
    }

    /// What the person reads once registered: their first name, the meeting, who will call back.
    private static func confirmation(_ registration: Registration, _ page: RegistrationPageView, _ language: Language) -> Markup {
        func t(_ key: String, _ values: [String: String] = [:]) -> String { Messages.text("registration." + key, language, values) }
        var body: Markup = "<p role=\"status\" class=\"notice\">\(t("recorded", ["name": registration.firstName]))</p>"
        if let meeting = page.meetings.first(where: { $0.sessionID == registration.session }) {
            body += "<p>\(t("recorded_meeting", ["title": meeting.title, "date": LocalDate(meeting.startsAt, in: .paris).iso, "time": parisTime(meeting.startsAt)]))</p>"
        }
        return body + "<p>\(t("recorded_next", ["operator": page.operatorName]))</p>"
    }

    /// `14:00`, on the Paris wall clock.
    static func parisTime(_ instant: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .paris
        let c = calendar.dateComponents([.hour, .minute], from: instant)
        return String(format: "%02d:%02d", c.hour ?? 0, c.minute ?? 0)
    }

    /// The registration page: its form while the page is open (what was typed kept after a
    /// refusal, the refusal said above it and on its field); why not otherwise (404 for a secret
    /// nobody made, 410 for a page expired or withdrawn).
    func registrationPage(
        _ token: String, _ language: Language, form: [String: String], refusal: Refusal?, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        func t(_ key: String, _ values: [String: String] = [:]) -> String { self.t(key, language, values) }
        guard let page = try await store.registrationPage(token) else {
            return Self.sharedPage(.notFound, Self.linkPage(language, title: t("title"), body: "<p>\(t("unknown"))</p>"))
        }
        guard page.state == .open else {
            return Self.sharedPage(.gone, Self.linkPage(language, title: t("title"), body: "<p>\(t("closed"))</p>"))
        }
        let formToken = FormToken.generate()
        var values = form
        // The soonest meeting chosen unless the person chose otherwise; « none of these » always there.
        values["session"] = form["session"] ?? page.meetings.first.map { String($0.sessionID.rawValue) } ?? "none"
        let controls = LinkForm(values: values, refusal: refusal, language: language)
        var body: Markup = "<p>\(t("intro", ["operator": page.operatorName]))</p>\(LinkForm.refusal(refusal, language))"
        body += LinkForm.open(token: formToken)
        let meetings = page.meetings.map { meeting in
            (value: String(meeting.sessionID.rawValue), words: t("meeting", [
                "title": meeting.title, "date": LocalDate(meeting.startsAt, in: .paris).iso, "time": Self.parisTime(meeting.startsAt),
                "minutes": "\(meeting.minutes)",
            ]))
        }
        body += Markup.when(page.meetings.isEmpty, "<p>\(t("no_meetings"))</p>")
        body += controls.radios("session", legend: t("meetings"), meetings + [(value: "none", words: t("no_meeting_choice"))], required: false)
        body += "<fieldset><legend>\(t("you"))</legend>"
        body += controls.input("first_name", label: t("first_name"), type: "text", autocomplete: "given-name", required: true)
        body += controls.input("last_name", label: t("last_name"), type: "text", autocomplete: "family-name", required: true)
        body += controls.input("email", label: t("email"), type: "email", autocomplete: "email", required: false, hint: t("contact_hint"))
        body += controls.input("phone", label: t("phone"), type: "tel", autocomplete: "tel", required: false)
        body += controls.input("commune", label: t("commune"), type: "text", autocomplete: "address-level2", required: false, hint: t("commune_hint"))
        body += controls.select("prescriber", label: t("prescriber"), Prescriber.allCases.map { (value: $0.rawValue, words: t("prescriber.\($0.rawValue)")) })
        body += "</fieldset>"
        body += controls.checkbox("consent", label: t("consent", ["operator": page.operatorName]), required: true)
        body += LinkForm.submit(t("send"))
        body += "<p class=\"small\">\(t("expires", ["date": LocalDate(page.expiresAt.addingTimeInterval(-1), in: .paris).iso]))</p>"
        var response = Self.sharedPage(status, Self.linkPage(language, title: t("title"), body: body))
        response.headers[.setCookie] = FormToken.setCookie(formToken, path: "/inscription/")
        return response
    }
}
