import Foundation
import ParcoursApp
import ParcoursCore
import ParcoursReports

/// The pages of people without an account — a partner's link, a registration page, a person's
/// questionnaire — are `Markup`: what they show of the data, and what was typed, is escaped by
/// default. One page shell and one set of form controls, accessible the same way everywhere: every
/// control labelled, a required one said in words, a refused one marked (`aria-invalid`) and tied
/// to the sentence that says why, a hint tied to its field.
struct LinkForm {
    /// What the controls show: what was typed after a refusal, else what is recorded.
    var values: [String: String]
    /// The fields the refusal names.
    var wrong: Set<String>
    /// « (obligatoire) »
    var required: String

    init(values: [String: String], refusal: Refusal?, language: Language) {
        self.values = values
        wrong = Set(refusal?.fields ?? [])
        required = Messages.text("registration.required", language)
    }

    /// The id of the sentence that says what was refused.
    static let refusalID = "refus"

    /// The refusal above the form, in words, without its fields' names (the labels name them).
    static func refusal(_ refusal: Refusal?, _ language: Language) -> Markup {
        guard var refusal else { return "" }
        refusal.fields = []
        // « obligatoire » alone says nothing on a page: the sentence points at the questions marked so.
        let words = refusal.code == .required ? Messages.text("link.required", language) : refusal.message(language, fields: .json)
        return "<p role=\"alert\" class=\"error\" id=\"\(refusalID)\">\(words)</p>"
    }

    /// The form's opening, with the token its page sets in the browser's cookie.
    static func open(token: String) -> Markup {
        "<form method=\"post\"><input type=\"hidden\" name=\"\(FormToken.field)\" value=\"\(token)\">"
    }

    private func marked(_ name: String, hint: Bool = false) -> Markup {
        let described = [hint ? "\(name)-aide" : nil, wrong.contains(name) ? Self.refusalID : nil].compactMap { $0 }
        return Markup.when(wrong.contains(name), " aria-invalid=\"true\"")
            + Markup.when(!described.isEmpty, " aria-describedby=\"\(described.joined(separator: " "))\"")
    }

    private func label(_ words: String, required: Bool) -> String { required ? words + " " + self.required : words }

    func input(_ name: String, label words: String, type: String, autocomplete: String, required: Bool, hint: String? = nil,
               numeric: Bool = false) -> Markup {
        var html: Markup = "<p><label for=\"\(name)\">\(label(words, required: required))</label><br>"
        html += "<input type=\"\(type)\" name=\"\(name)\" id=\"\(name)\" autocomplete=\"\(autocomplete)\" value=\"\(values[name] ?? "")\""
        html += Markup.when(numeric, " inputmode=\"numeric\"") + Markup.when(required, " required") + marked(name, hint: hint != nil) + ">"
        if let hint { html += "<br><span class=\"small\" id=\"\(name)-aide\">\(hint)</span>" }
        return html + "</p>"
    }

    /// One choice among `choices` (value, words), in a fieldset its legend names.
    func radios(_ name: String, legend: String, _ choices: [(value: String, words: String)], required: Bool) -> Markup {
        var html: Markup = "<fieldset\(marked(name))><legend>\(label(legend, required: required))</legend>"
        for (index, choice) in choices.enumerated() {
            let id = "\(name)-\(choice.value)"
            html += "<div><input type=\"radio\" name=\"\(name)\" id=\"\(id)\" value=\"\(choice.value)\""
            html += Markup.when(values[name] == choice.value, " checked") + Markup.when(required && index == 0, " required") + ">"
            html += "<label for=\"\(id)\">\(choice.words)</label></div>"
        }
        return html + "</fieldset>"
    }

    func select(_ name: String, label words: String, _ choices: [(value: String, words: String)]) -> Markup {
        var html: Markup = "<p><label for=\"\(name)\">\(label(words, required: true))</label><br>"
        html += "<select name=\"\(name)\" id=\"\(name)\" required\(marked(name))><option value=\"\">—</option>"
        for choice in choices {
            html += "<option value=\"\(choice.value)\"\(Markup.when(values[name] == choice.value, " selected"))>\(choice.words)</option>"
        }
        return html + "</select></p>"
    }

    func checkbox(_ name: String, label words: String, required: Bool) -> Markup {
        "<p><input type=\"checkbox\" name=\"\(name)\" id=\"\(name)\" value=\"oui\"\(Markup.when(required, " required"))"
            + "\(Markup.when(values[name] == "oui", " checked"))\(marked(name))><label for=\"\(name)\">\(words)</label></p>"
    }

    static func submit(_ words: String) -> Markup { "<p><button type=\"submit\">\(words)</button></p></form>" }
}

extension ParcoursServer {
    /// A page of its own: readable on a phone, no script, no external resource.
    static func linkPage(_ language: Language, title: String, body: Markup) -> String {
        let page: Markup = """
            <!doctype html><html lang="\(language.rawValue)"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title)</title><style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:1rem auto;padding:0 1rem;line-height:1.5;color:#1d2330}
            dt{font-weight:600}dd{margin:0 0 .5rem}fieldset{border:1px solid #5b6475;margin:1rem 0}label{margin-left:.3rem}
            button{font-size:1rem;padding:.5rem 1rem;background:#0b5394;color:#fff;border:0}.error{color:#a61b00;font-weight:600}.notice{color:#1d5e20;font-weight:600}.small{font-size:.9rem;color:#5b6475}.digest{overflow-wrap:anywhere}</style>
            </head><body><main><h1>\(title)</h1>\(body)</main></body></html>
            """
        return page.html
    }
}
