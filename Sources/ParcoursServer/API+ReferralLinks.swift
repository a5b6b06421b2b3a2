import Foundation
import HTTPTypes
import Hummingbird
import ParcoursApp
import ParcoursCore
import ParcoursReports
import ParcoursStore

/// A partner's link (`parcours referral link`): `/orientation/{secret}` shows one referral's
/// minimum and a form to answer it — « à l'étude », accepted, declined with a reason from the list
/// and a proposed action, later the take-charge — without an account. The secret in the address is
/// the capability (a form posted from elsewhere cannot know it); the answer goes through the same
/// parser as `referral update` and PostgreSQL's own checks (`parcours_answer_by_link`).
extension ParcoursServer {
    var referralLinkRoutes: [Route] {
        [
            Route(.get, "/orientation/{token}", authenticated: false) { request, context in
                try await limitingGuesses(context) {
                    try await referralLinkPage(try context.parameters.require("token"), context.language, notice: nil, refusal: nil)
                }
            },
            Route(.post, "/orientation/{token}", authenticated: false) { request, context in
                try await limitingGuesses(context) { try await answerFromLink(request, context) }
            },
        ]
    }

    /// A link request from a client that has not guessed too many secrets lately (`LinkGuesses`):
    /// `body`'s answer, a 404 counting as a wrong guess; else 429, without reaching the database.
    func limitingGuesses(_ context: APIContext, _ body: () async throws -> Response) async throws -> Response {
        if let wait = linkGuesses.waitBeforeTrying(context.clientAddress) {
            let minutes = max(1, (wait + 59) / 60)
            let text = Messages.text("link.too_many_guesses", context.language, ["minutes": "\(minutes)"])
            var response = Self.sharedPage(
                .tooManyRequests, Self.linkPage(context.language, title: Messages.text("link.too_many_guesses.title", context.language), body: "<p>\(text)</p>"))
            response.headers[.retryAfter] = "\(wait)"
            return response
        }
        let response = try await body()
        if response.status == .notFound { linkGuesses.record(context.clientAddress) }
        return response
    }

    /// The partner's answer posted from its link's form.
    private func answerFromLink(_ request: Request, _ context: APIContext) async throws -> Response {
        let token = try context.parameters.require("token")
        let language = context.language
        guard let form = try await Self.formFromThisSite(request) else {
            return try await referralLinkPage(token, language, notice: nil, refusal: Refusal(.referralLinkForeignForm), status: .forbidden)
        }
        do {
            guard let view = try await store.referralByLink(token) else {
                return try await referralLinkPage(token, language, notice: nil, refusal: nil)
            }
            // The same fields, words and refusals as `referral update` and POST /referrals/{id}/answer. The
            // form always holds its selects: a reason and an action count for a refusal only.
            func given(_ name: String) -> String? { form[name].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 } }
            let declines = given("status").flatMap { ReferralStatus(spelling: $0) } == .declined
            let answer = try AnswerReferral(Fields(texts: [
                "id": String(view.referralID), "status": form["status"], "decline_reason": declines ? given("decline_reason") : nil,
                "proposed_action": declines ? given("proposed_action") : nil, "note": given("note"),
            ]), today: store.today)
            try await store.answerByLink(
                token, status: answer.status, declineReason: answer.declineReason, proposedAction: answer.proposedAction, note: answer.note)
            return try await referralLinkPage(token, language, notice: Messages.text("referral_link.recorded", language), refusal: nil)
        } catch let refusal as Refusal {
            return try await referralLinkPage(token, language, notice: nil, refusal: refusal, status: .unprocessableContent)
        } catch let error as StoreError {
            return try await referralLinkPage(token, language, notice: nil, refusal: error.refusal, status: .unprocessableContent)
        }
    }

    /// The fields of a form posted from one of this service's own pages, or nil for one posted
    /// from elsewhere. A browser says where a form comes from (« null » when the page sends no
    /// referrer, as these: the form's own token is what proves it); the token must be the one its
    /// page set in this browser's cookie (double submit): another site can neither read that cookie
    /// nor have it sent (SameSite=Strict).
    static func formFromThisSite(_ request: Request) async throws -> [String: String]? {
        if let origin = request.headers[.origin], origin != "null", let authority = request.head.authority,
           URL(string: origin)?.host.map({ authority.hasPrefix($0) }) != true {
            return nil
        }
        let form = formFields(try await request.body.collect(upTo: bodyLimit))
        guard let posted = form[FormToken.field], !posted.isEmpty, FormToken.matches(posted, in: request.headers[values: .cookie]) else {
            return nil
        }
        return form
    }

    /// `a=1&b=x+y` as a dictionary (the last value of a name wins). A body no browser would send —
    /// raw spaces or UTF-8, a stray `%` — is read as it comes, never trusted to be well formed
    /// (URLComponents traps on it: one such request stopped the whole service).
    static func formFields(_ body: ByteBuffer) -> [String: String] {
        func decoded(_ part: Substring) -> String {
            let spaced = part.replacingOccurrences(of: "+", with: " ")
            return spaced.removingPercentEncoding ?? spaced
        }
        var fields: [String: String] = [:]
        for pair in String(buffer: body).split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            fields[decoded(parts[0])] = parts.count == 2 ? decoded(parts[1]) : ""
        }
        return fields
    }

    /// The partner's page: the referral and its form while the link is open; why not otherwise
    /// (404 for a secret nobody made, 410 for one expired, withdrawn or spent), never any data then.
    func referralLinkPage(
        _ token: String, _ language: Language, notice: String?, refusal: Refusal?, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        func t(_ key: String, _ values: [String: String] = [:]) -> String { Messages.text("referral_link." + key, language, values) }
        guard let view = try await store.referralByLink(token) else {
            return Self.sharedPage(.notFound, Self.linkPage(language, title: t("title"), body: "<p>\(t("unknown"))</p>"))
        }
        guard view.state == .open || notice != nil else {
            let why = view.state == .spent ? t("spent", ["status": view.status.word(language)]) : t("closed")
            return Self.sharedPage(.gone, Self.linkPage(language, title: t("title"), body: "<p>\(why)</p>"))
        }
        var body: Markup = "<p>\(t("intro", ["operator": view.operatorName, "partner": view.partnerName, "date": view.proposedOn.iso]))</p>"
        body += "<dl><dt>\(t("person"))</dt><dd>\(view.carrierName)</dd>"
        if let contact = view.carrierContact { body += "<dt>\(t("contact"))</dt><dd>\(contact)</dd>" }
        body += "<dt>\(t("reason"))</dt><dd>\(view.reason)</dd>"
        body += "<dt>\(t("status"))</dt><dd>\(view.status.word(language))</dd></dl>"
        if let notice { body += "<p role=\"status\" class=\"notice\">\(notice)</p>" }
        body += LinkForm.refusal(refusal, language)
        let next = ReferralStatus.allCases.filter { view.state == .open && view.status.mayBecome($0) }
        let formToken = next.isEmpty ? nil : FormToken.generate()
        if let formToken {
            let controls = LinkForm(values: [:], refusal: nil, language: language)
            body += LinkForm.open(token: formToken)
            body += controls.radios("status", legend: t("answer"), next.map { (value: $0.rawValue, words: t("choice.\($0.rawValue)")) }, required: true)
            if next.contains(.declined) {
                // Asked for a refusal only: the reason's label says so; a list never empty for the action.
                body += "<p><label for=\"decline_reason\">\(t("decline_reason"))</label> <select name=\"decline_reason\" id=\"decline_reason\"><option value=\"\">—</option>"
                body += "\(ReferralDeclineReason.allCases.map { "<option value=\"\($0.rawValue)\">\($0.word(language))</option>" as Markup })"
                body += "</select></p><p><label for=\"proposed_action\">\(t("proposed_action"))</label> <select name=\"proposed_action\" id=\"proposed_action\">"
                body += "\(ReferralProposedAction.allCases.map { "<option value=\"\($0.rawValue)\">\($0.word(language))</option>" as Markup })"
                body += "</select></p>"
            }
            body += "<p><label for=\"note\">\(t("note"))</label><br><textarea name=\"note\" id=\"note\" rows=\"3\" maxlength=\"2000\"></textarea></p>"
            body += LinkForm.submit(t("send"))
        }
        body += "<p class=\"small\">\(t("expires", ["date": LocalDate(view.expiresAt.addingTimeInterval(-1), in: .paris).iso]))</p>"
        var response = Self.sharedPage(status, Self.linkPage(language, title: t("title"), body: body))
        if let formToken { response.headers[.setCookie] = FormToken.setCookie(formToken, path: "/orientation/") }
        return response
    }
}

/// A form's token against forms posted by other sites: random, set in a cookie only this site's
/// pages send (SameSite=Strict, HttpOnly, for the link pages' path) and repeated in the form.
enum FormToken {
    static let field = "jeton"
    static let cookieName = "parcours_jeton"

    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }).base64URLEncoded
    }

    /// The cookie for the pages under `path` (each kind of link page its own).
    static func setCookie(_ token: String, path: String) -> String {
        "\(cookieName)=\(token); Path=\(path); SameSite=Strict; HttpOnly"
    }

    /// Whether `posted` is a token of the request's `Cookie` headers: a browser may send several
    /// cookies of this name (one per kind of page, by path), all of them this site's own.
    static func matches(_ posted: String, in headers: [String]) -> Bool {
        for header in headers {
            for pair in header.split(separator: ";") {
                let parts = pair.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0] == cookieName, parts[1] == posted { return true }
            }
        }
        return false
    }
}
