/// The profile recorded at entry, as funders (ESF+) ask for it. Sensitive fields are stored only
/// with the carrier's consent.
public struct CarrierProfile: Hashable, Sendable {
    public var labourStatus: LabourStatus?
    public var educationLevel: EducationLevel?
    public var consentOn: LocalDate?
    public var disability: Bool?
    public var thirdCountryNational: Bool?
    public var foreignBackground: Bool?
    public var homeless: Bool?

    public init(
        labourStatus: LabourStatus? = nil, educationLevel: EducationLevel? = nil, consentOn: LocalDate? = nil,
        disability: Bool? = nil, thirdCountryNational: Bool? = nil, foreignBackground: Bool? = nil, homeless: Bool? = nil
    ) {
        self.labourStatus = labourStatus
        self.educationLevel = educationLevel
        self.consentOn = consentOn
        self.disability = disability
        self.thirdCountryNational = thirdCountryNational
        self.foreignBackground = foreignBackground
        self.homeless = homeless
    }

    public var isEmpty: Bool { self == CarrierProfile() }

    /// The sensitive fields given, by name, when there is no consent to store them.
    public var sensitiveFieldsWithoutConsent: [String] {
        guard consentOn == nil else { return [] }
        return [("disability", disability), ("third_country_national", thirdCountryNational),
                ("foreign_background", foreignBackground), ("homeless", homeless)].compactMap { $0.1 == nil ? nil : $0.0 }
    }
}

/// One valid line of a carrier import.
public struct CarrierRow: Hashable, Sendable {
    public var line: Int
    public var ref: String?
    public var firstName: String
    public var lastName: String
    public var gender: Gender?
    public var birthDate: LocalDate?
    public var communeCode: String?
    public var email: String?
    public var phone: String?
    public var profile: CarrierProfile
}

/// Header-driven carrier files (French or English column names), validated line by line.
public enum CarrierImport {
    /// Recognised columns and their accepted headers.
    static let columns: [(key: String, headers: [String])] = [
        ("ref", ["ref", "reference", "external_ref", "dossier", "numero", "id"]),
        ("first_name", ["first_name", "firstname", "prenom"]),
        ("last_name", ["last_name", "lastname", "nom", "nom_de_famille"]),
        ("gender", ["gender", "genre", "sexe"]),
        ("birth_date", ["birth_date", "date_de_naissance", "naissance", "ne_le"]),
        ("commune", ["commune", "code_commune", "insee", "commune_insee"]),
        ("email", ["email", "e_mail", "courriel", "mail"]),
        ("phone", ["phone", "telephone", "tel"]),
        ("labour_status", ["labour_status", "situation", "situation_emploi", "statut_emploi"]),
        ("education_level", ["education_level", "niveau", "niveau_etudes", "isced"]),
        ("consent_on", ["consent_on", "consentement", "date_consentement"]),
        ("disability", ["disability", "handicap"]),
        ("third_country_national", ["third_country_national", "ressortissant_pays_tiers"]),
        ("foreign_background", ["foreign_background", "origine_etrangere"]),
        ("homeless", ["homeless", "sans_domicile"]),
    ]

    /// Every line checked; all problems reported, or the rows. Dates accept YYYY-MM-DD and dd/mm/yyyy.
    public static func rows(from table: CSVTable, today: LocalDate, knownCommunes: Set<String>) throws(ImportProblems) -> [CarrierRow] {
        var index: [String: Int] = [:]
        for column in columns { if let i = table.column(column.headers) { index[column.key] = i } }
        var problems: [ImportProblems.Problem] = []
        for required in ["first_name", "last_name"] where index[required] == nil {
            problems.append(.init(line: 1, message: "missing column '\(required)' (header: \(table.header.joined(separator: ", ")))"))
        }
        guard problems.isEmpty else { throw ImportProblems(problems) }

        var rows: [CarrierRow] = []
        var refs: [String: Int] = [:]
        for (line, fields) in table.rows {
            func cell(_ key: String) -> String {
                guard let i = index[key], i < fields.count else { return "" }
                return fields[i].trimmingCharacters(in: .whitespaces)
            }
            var messages: [String] = []
            if fields.count > table.header.count { messages.append("\(fields.count) fields, but the header has \(table.header.count)") }
            let first = cell("first_name"), last = cell("last_name")
            if first.isEmpty { messages.append("first_name is empty") }
            if last.isEmpty { messages.append("last_name is empty") }
            for (key, maximum) in [("first_name", FieldLimit.personName), ("last_name", FieldLimit.personName), ("ref", FieldLimit.reference),
                                   ("email", FieldLimit.email), ("phone", FieldLimit.phone)] {
                if let problem = FieldLimit.problem(with: cell(key), maximum: maximum) { messages.append("\(key) \(problem)") }
            }
            // Any other column (the profile's, unknown ones): no NUL or control characters either.
            for (i, field) in fields.enumerated() where FieldLimit.problem(with: field, maximum: FieldLimit.longText) != nil {
                let name = i < table.header.count ? table.header[i] : "field \(i + 1)"
                if !["first_name", "last_name", "ref", "email", "phone"].contains(where: { index[$0] == i }) {
                    messages.append("\(name) \(FieldLimit.problem(with: field, maximum: FieldLimit.longText)!)")
                }
            }
            func optional<T>(_ key: String, _ parse: (String) -> T?, expected: String) -> T? {
                let text = cell(key)
                guard !text.isEmpty else { return nil }
                guard let value = parse(text) else { messages.append("\(key) '\(text)' is not \(expected)"); return nil }
                return value
            }
            let gender = optional("gender", Gender.init(name:), expected: "woman, man or non-binary")
            let birthDate = optional("birth_date", parseFlexibleDate, expected: "a date (YYYY-MM-DD or dd/mm/yyyy)")
            if let birthDate, birthDate > today || birthDate.year < 1900 { messages.append("birth_date \(birthDate) is implausible") }
            let consentOn = optional("consent_on", parseFlexibleDate, expected: "a date")
            if let consentOn, let problem = FieldLimit.problem(with: consentOn, notAfter: today) { messages.append("consent_on \(problem)") }
            let commune = cell("commune").isEmpty ? nil : cell("commune")
            if let commune, !knownCommunes.contains(commune) { messages.append("commune '\(commune)' is not a known territory code") }
            let email = cell("email").isEmpty ? nil : cell("email")
            if let email, !isPlausibleEmail(email) { messages.append("email '\(email)' is not an e-mail address") }
            let profile = CarrierProfile(
                labourStatus: optional("labour_status", LabourStatus.init(name:), expected: "a labour status (\(LabourStatus.allCases.map(\.rawValue).joined(separator: ", ")))"),
                educationLevel: optional("education_level", EducationLevel.init(name:), expected: "an ISCED band (0-2, 3-4, 5-8)"),
                consentOn: consentOn,
                disability: optional("disability", parseYesNoCell, expected: "yes/no"),
                thirdCountryNational: optional("third_country_national", parseYesNoCell, expected: "yes/no"),
                foreignBackground: optional("foreign_background", parseYesNoCell, expected: "yes/no"),
                homeless: optional("homeless", parseYesNoCell, expected: "yes/no"))
            let withoutConsent = profile.sensitiveFieldsWithoutConsent
            if !withoutConsent.isEmpty {
                messages.append("\(withoutConsent.joined(separator: ", ")) need the carrier's consent (consent_on)")
            }
            let ref = cell("ref").isEmpty ? nil : cell("ref")
            if let ref, let earlier = refs[ref] { messages.append("ref '\(ref)' already appears on line \(earlier)") }
            if let ref { refs[ref] = refs[ref] ?? line }
            if messages.isEmpty {
                rows.append(CarrierRow(
                    line: line, ref: ref, firstName: first, lastName: last, gender: gender, birthDate: birthDate, communeCode: commune,
                    email: email, phone: cell("phone").isEmpty ? nil : cell("phone"), profile: profile))
            } else {
                problems.append(.init(line: line, message: messages.joined(separator: "; ")))
            }
        }
        guard problems.isEmpty else { throw ImportProblems(problems) }
        return rows
    }

    /// The commune codes a file names, to look up before validating.
    public static func communeCodes(in table: CSVTable) -> Set<String> {
        guard let i = table.column(columns.first { $0.key == "commune" }!.headers) else { return [] }
        return Set(table.rows.compactMap { i < $0.fields.count ? $0.fields[i].trimmingCharacters(in: .whitespaces) : nil }.filter { !$0.isEmpty })
    }

    static func parseYesNoCell(_ text: String) -> Bool? { parseYesNo(text) }

    /// `YYYY-MM-DD`, or the French `dd/mm/yyyy` spreadsheets write.
    public static func parseFlexibleDate(_ text: String) -> LocalDate? {
        if let date = LocalDate(iso: text) { return date }
        let parts = text.split(separator: "/")
        guard parts.count == 3, parts[2].count == 4, let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]) else { return nil }
        return LocalDate(year: y, month: m, day: d)
    }
}

import Foundation
