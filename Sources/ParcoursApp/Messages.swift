import Foundation
import ParcoursCore
@_exported import enum ParcoursReports.Language

/// Everything Parcours says to a person, one catalogue per language (`messages.fr.txt`,
/// `messages.en.txt`: `key = text`, `{name}` placeholders, `{name:vocabulary}` for a value
/// worded by the vocabulary's own keys, e.g. `{to:state}` → `state.modules`). A test checks that
/// both catalogues have the same keys and the same placeholders.
public enum Messages {
    /// Each parsed when first needed: a command speaks one language (a closed set's spellings read both).
    private static let french = parse(String(decoding: PackageResources.messages_fr_txt, as: UTF8.self))
    private static let english = parse(String(decoding: PackageResources.messages_en_txt, as: UTF8.self))

    static func catalogue(_ language: Language) -> [String: String] {
        switch language {
        case .fr: french
        case .en: english
        }
    }

    /// The keys of a language's catalogue (for the tests).
    public static func keys(of language: Language) -> Set<String> { Set(catalogue(language).keys) }

    /// The raw template of `key` (for the tests).
    public static func template(_ key: String, _ language: Language) -> String? { catalogue(language)[key] }

    /// The text of `key` in `language` with `values` filled in; a missing key shows as `⟦key⟧`
    /// so that a test walking the command tree finds it.
    public static func text(_ key: String, _ language: Language, _ values: [String: String] = [:]) -> String {
        guard let template = catalogue(language)[key] else { return "⟦\(key)⟧" }
        return fill(template, values, language)
    }

    /// A code of a closed set as people read it (`state.modules` → "modules"); the code itself
    /// when the vocabulary does not word it.
    public static func word(_ value: String, of vocabulary: String, _ language: Language) -> String {
        catalogue(language)["\(vocabulary).\(value)"] ?? value
    }

    static func fill(_ template: String, _ values: [String: String], _ language: Language) -> String {
        guard template.contains("{") else { return template }
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out += rest[..<open]
            // `{{name}}` is the text `{name}` itself (a placeholder of the command line, like --out's {period}).
            if rest[open...].hasPrefix("{{"), let end = rest[open...].range(of: "}}") {
                out += "{" + rest[rest.index(open, offsetBy: 2)..<end.lowerBound] + "}"
                rest = rest[end.upperBound...]
                continue
            }
            let placeholder = rest[rest.index(after: open)..<close]
            let parts = placeholder.split(separator: ":", maxSplits: 1).map(String.init)
            let value = values[parts[0]] ?? "?"
            out += parts.count == 2 ? worded(value, as: parts[1] == "*" ? values["vocabulary"] ?? "" : parts[1], language) : value
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// A value as people read it: a date on the French calendar (`10/01/2026`), the words of a
    /// closed set's codes (a list of codes, each worded).
    static func worded(_ value: String, as vocabulary: String, _ language: Language) -> String {
        if vocabulary == "date" { return LocalDate(iso: value).map { date($0, language) } ?? value }
        // A decimal number: a decimal comma in French.
        if vocabulary == "number" { return language == .fr ? value.replacingOccurrences(of: ".", with: ",") : value }
        return value.components(separatedBy: ", ").map { word($0, of: vocabulary, language) }.joined(separator: ", ")
    }

    /// A date as people of `language` write it: `10/01/2026` in French, ISO in English.
    /// An instant on the Paris wall clock: `02/12/2026 14:05`.
    public static func dateTime(_ instant: Date, _ language: Language) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .paris
        let c = calendar.dateComponents([.hour, .minute], from: instant)
        return date(LocalDate(instant, in: .paris), language) + String(format: " %02d:%02d", c.hour ?? 0, c.minute ?? 0)
    }

    /// When something stops working, as its holder reads it: an expiry at midnight in Paris is
    /// the end of the day before (« 15/01/2027 inclus »), any other the instant itself.
    public static func until(_ instant: Date, _ language: Language) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .paris
        let c = calendar.dateComponents([.hour, .minute, .second], from: instant)
        guard c.hour == 0, c.minute == 0, c.second == 0 else { return dateTime(instant, language) }
        return text("cli.date.included", language, ["date": date(LocalDate(instant, in: .paris).adding(days: -1), language)])
    }

    public static func date(_ date: LocalDate, _ language: Language) -> String {
        switch language {
        case .fr:
            (date.day < 10 ? "0" : "") + "\(date.day)/" + (date.month < 10 ? "0" : "") + "\(date.month)/" + date.iso.prefix(4)
        case .en:
            date.iso
        }
    }

    /// The placeholders of a template, for the catalogue test.
    public static func placeholders(in template: String) -> Set<String> {
        var found: Set<String> = []
        var rest = Substring(template.replacingOccurrences(of: "{{", with: "⟨").replacingOccurrences(of: "}}", with: "⟩"))
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            found.insert(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return found
    }

    static func parse(_ text: String) -> [String: String] {
        var catalogue: [String: String] = [:]
        // The standard library's own searches: Foundation's bridged ones were half of a command's start.
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let trimmed = line.trimmed
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#"), let equals = trimmed.firstRange(of: " = ") else { continue }
            let key = String(trimmed[..<equals.lowerBound])
            let value = trimmed[equals.upperBound...]
            // `\n` in a text is a line break (help discussions).
            catalogue[key] = value.contains("\\n") ? String(value.replacing("\\n", with: "\n")) : String(value)
        }
        return catalogue
    }
}

extension Refusal {
    /// How an edge names the fields of a refusal: the CLI its options (`--birth-date`), the API its
    /// JSON fields (`birth_date`).
    public enum FieldStyle: Sendable {
        case option, json
    }

    /// The refusal as one sentence in `language`, prefixed with the field it concerns.
    public func message(_ language: Language, fields style: FieldStyle) -> String {
        let body = Messages.text("refusal.\(code.rawValue)", language, values)
        // French typography puts a space before the colon.
        let colon = language == .fr ? " : " : ": "
        let named = fields.map { Refusal.name(of: $0, style) }.joined(separator: ", ")
        var line = named.isEmpty ? body : named + colon + body
        for problem in problems.prefix(20) {
            let lead = problem.line.map { Messages.text("line", language, ["line": "\($0)"]) + colon } ?? "— "
            line += "\n  " + lead + problem.refusal.message(language, fields: style)
        }
        if problems.count > 20 { line += "\n  " + Messages.text("and_more", language, ["count": "\(problems.count - 20)"]) }
        return line
    }

    /// The API's `detail`: the sentence with the JSON field named as the body spells it (the field
    /// is also a member of its own, `field`, for programs).
    public func detail(_ language: Language) -> String {
        message(language, fields: .json)
    }

    static func name(of field: String, _ style: FieldStyle) -> String {
        // Headers and environment variables keep their own spelling.
        guard field.first?.isLowercase == true else { return field }
        switch style {
        case .json: return field
        case .option: return "--" + field.replacingOccurrences(of: "_", with: "-")
        }
    }
}
