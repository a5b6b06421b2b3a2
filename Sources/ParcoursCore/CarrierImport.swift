/// The questions of the profile at entry a person may decline to answer: a declined question is
/// answered ("refus de répondre"), one without a value and not declined was not asked.
public enum ProfileQuestion: String, CaseIterable, Sendable {
    case labourStatus = "labour_status", educationLevel = "education_level", disability
    case thirdCountryNational = "third_country_national", foreignBackground = "foreign_background", minority, homeless

    /// The sensitive ones (GDPR art. 9): answered only with the person's consent.
    public var isSensitive: Bool { ![.labourStatus, .educationLevel].contains(self) }
}

/// The profile recorded at entry, as funders (ESF+) ask for it. Sensitive fields are stored only
/// with the carrier's consent.
public struct CarrierProfile: Hashable, Sendable {
    public var labourStatus: LabourStatus?
    public var educationLevel: EducationLevel?
    public var consentOn: LocalDate?
    public var disability: Bool?
    public var thirdCountryNational: Bool?
    public var foreignBackground: Bool?
    /// ESF+ EECO15: minorities, including marginalised communities such as Roma people.
    public var minority: Bool?
    public var homeless: Bool?
    /// The questions the person declined to answer (they hold no value).
    public var declined: Set<ProfileQuestion>

    public init(
        labourStatus: LabourStatus? = nil, educationLevel: EducationLevel? = nil, consentOn: LocalDate? = nil,
        disability: Bool? = nil, thirdCountryNational: Bool? = nil, foreignBackground: Bool? = nil, minority: Bool? = nil,
        homeless: Bool? = nil, declined: Set<ProfileQuestion> = []
    ) {
        self.labourStatus = labourStatus
        self.educationLevel = educationLevel
        self.consentOn = consentOn
        self.disability = disability
        self.thirdCountryNational = thirdCountryNational
        self.foreignBackground = foreignBackground
        self.minority = minority
        self.homeless = homeless
        self.declined = declined
    }

    public var isEmpty: Bool { self == CarrierProfile() }

    /// The sensitive fields given, by name, when there is no consent to store them.
    public var sensitiveFieldsWithoutConsent: [String] {
        guard consentOn == nil else { return [] }
        return [("disability", disability), ("third_country_national", thirdCountryNational),
                ("foreign_background", foreignBackground), ("minority", minority), ("homeless", homeless)]
            .compactMap { $0.1 == nil ? nil : $0.0 }
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
    /// The QPV code of the person's address, when the file says.
    public var qpv: String? = nil
}

/// What a commune cell names, as the store resolved it: the commune's code, several communes
/// (the candidates, with their département), or none.
public enum CommuneLookup: Hashable, Sendable {
    case code(String)
    case ambiguous(candidates: String, count: Int)
    case unknown
}

/// How a file's closed-set cells are read: the application layer passes its parsers, which know
/// every catalogue's words (`demandeur d'emploi`, `F`, `bac+3`…).
public struct ImportWords: Sendable {
    public var gender: @Sendable (String) -> Gender?
    public var labourStatus: @Sendable (String) -> LabourStatus?
    public var educationLevel: @Sendable (String) -> EducationLevel?

    public init(
        gender: @escaping @Sendable (String) -> Gender?, labourStatus: @escaping @Sendable (String) -> LabourStatus?,
        educationLevel: @escaping @Sendable (String) -> EducationLevel?
    ) {
        self.gender = gender
        self.labourStatus = labourStatus
        self.educationLevel = educationLevel
    }

    /// The core's own parsers (codes and a few French names).
    public static let codes = ImportWords(gender: Gender.init(name:), labourStatus: LabourStatus.init(name:), educationLevel: EducationLevel.init(name:))
}

/// Header-driven carrier files (French or English column names), validated line by line. Every
/// column is understood or named in the refusal; problems quote the file's own headers.
public enum CarrierImport {
    /// Recognised columns and their accepted headers (the first is the one refusals suggest).
    public static let columns = ImportColumns([
        .init("ref", ["ref", "reference", "référence", "external_ref", "dossier", "numero", "numéro", "n_dossier", "numéro de dossier", "num dossier", "id"]),
        .init("first_name", ["prenom", "prénom", "first_name", "firstname"], required: true),
        .init("last_name", ["nom", "last_name", "lastname", "nom_de_famille", "nom_d_usage"], required: true),
        .init("gender", ["genre", "sexe", "gender", "civilite", "civilité"]),
        .init("birth_date", ["date_de_naissance", "ne_le", "né_le", "ne(e)_le", "né(e)_le", "naissance", "birth_date", "date_naissance"]),
        .init("commune", ["commune", "ville", "code_commune", "insee", "code_insee", "commune_insee", "commune_de_residence"]),
        .init("email", ["courriel", "email", "e_mail", "mail", "adresse_electronique"]),
        .init("phone", ["telephone", "téléphone", "tel", "tél", "phone", "portable", "mobile"]),
        .init("labour_status", ["situation", "labour_status", "situation_emploi", "situation_professionnelle", "statut_emploi"]),
        .init("education_level", ["niveau_etudes", "niveau", "niveau_d_etudes", "education_level", "isced", "diplome", "diplôme"]),
        .init("consent_on", ["consentement", "consent_on", "date_consentement", "date_du_consentement"]),
        .init("disability", ["handicap", "disability", "rqth"]),
        .init("third_country_national", ["ressortissant_pays_tiers", "third_country_national", "pays_tiers"]),
        .init("foreign_background", ["origine_etrangere", "foreign_background"]),
        .init("homeless", ["sans_domicile", "homeless"]),
        .init("qpv", ["qpv", "code_qpv", "quartier_prioritaire"]),
    ])

    /// Every line checked; all problems reported (each naming the file's own column), or the rows.
    /// Dates accept dd/mm/yyyy and YYYY-MM-DD; empty lines are skipped by the reader.
    ///
    /// - Parameters:
    ///   - communes: what each distinct commune cell names (codes, former codes or names).
    ///   - ignoring: columns the user accepts to lose (`--ignore-column`).
    public static func rows(
        from table: CSVTable, today: LocalDate, communes: [String: CommuneLookup], words: ImportWords = .codes, ignoring: [String] = []
    ) throws(Refusal) -> [CarrierRow] {
        let checker = try Checker(header: table.header, today: today, communes: communes, words: words, ignoring: ignoring)
        var problems: [Refusal.Problem] = []
        var rows: [CarrierRow] = []
        // A reference listed twice: here for a table in memory; a file read in chunks has it checked
        // in its staging table (Transaction.importCarriers(_:checker:…)), the same refusal.
        var refs: [String: Int] = [:]
        for (line, fields) in table.rows {
            var (row, found) = switch checker.check(line: line, fields: fields) {
            case .valid(let row): (Optional(row), [Refusal]())
            case .refused(_, let found): (nil, found)
            }
            if let ref = checker.ref(in: fields) {
                if let earlier = refs[ref] {
                    found.append(checker.refListedTwice(ref, earlier: earlier))
                    row = nil
                } else {
                    refs[ref] = line
                }
            }
            if let row { rows.append(row) } else { problems += found.map { Refusal.Problem(line: line, $0) } }
        }
        guard problems.isEmpty else { throw Refusal.nothingDone(problems) }
        return rows
    }

    /// One line of a carrier file checked on its own: a row to import, or what is wrong with it.
    /// What only the whole file tells (a reference listed twice) is the caller's.
    public struct Checker: Sendable {
        public enum Checked: Sendable {
            case valid(CarrierRow)
            case refused(ref: String?, [Refusal])
        }

        public let header: [String]
        private let index: [String: Int]
        private let today: LocalDate
        private let communes: [String: CommuneLookup]
        private let words: ImportWords
        /// Each column's limit, by its position.
        private let limits: [Int: Int]

        public init(
            header: [String], today: LocalDate, communes: [String: CommuneLookup], words: ImportWords = .codes, ignoring: [String] = []
        ) throws(Refusal) {
            self.header = header
            index = try columns.map(header, ignoring: ignoring)
            self.today = today
            self.communes = communes
            self.words = words
            let byKey = ["first_name": FieldLimit.personName, "last_name": FieldLimit.personName, "ref": FieldLimit.reference,
                         "email": FieldLimit.email, "phone": FieldLimit.phone]
            limits = Dictionary(uniqueKeysWithValues: index.compactMap { key, i in byKey[key].map { (i, $0) } })
        }

        /// The file's own name of a column (what refusals quote).
        public func column(_ key: String) -> String { Refusal.column(index[key].map { header[$0] } ?? key) }

        /// The line's reference, if it has one.
        public func ref(in fields: [String]) -> String? {
            guard let i = index["ref"], i < fields.count else { return nil }
            let ref = fields[i].trimmed
            return ref.isEmpty ? nil : ref
        }

        /// The refusal of a reference that an earlier line already has.
        public func refListedTwice(_ ref: String, earlier: Int) -> Refusal {
            Refusal(.refListedTwice, field: column("ref"), ["value": ref, "line": "\(earlier)"])
        }

        public func check(line: Int, fields: [String]) -> Checked {
            func cell(_ key: String) -> String {
                guard let i = index[key], i < fields.count else { return "" }
                return fields[i].trimmed
            }
            var found: [Refusal] = []
            func refuse(_ code: RefusalCode, _ key: String, _ values: [String: String] = [:]) {
                found.append(Refusal(code, field: column(key), values))
            }
            if fields.count > header.count, fields[header.count...].contains(where: { !$0.trimmed.isEmpty }) {
                found.append(Refusal(.tooManyCells, ["count": "\(fields.count)", "header": "\(header.count)"]))
            }
            let first = cell("first_name"), last = cell("last_name")
            if first.isEmpty { refuse(.required, "first_name") }
            if last.isEmpty { refuse(.required, "last_name") }
            // Every cell: no NUL or control characters, and within its field's limit.
            for (i, field) in fields.enumerated() {
                let maximum = limits[i] ?? FieldLimit.longText
                guard FieldLimit.problem(with: field, maximum: maximum) != nil else { continue }
                let name = Refusal.column(i < header.count ? header[i] : "\(i + 1)")
                if field.count > maximum {
                    found.append(Refusal(.tooLong, field: name, ["maximum": "\(maximum)"]))
                } else {
                    found.append(Refusal(.controlCharacter, field: name))
                }
            }
            func optional<T>(_ key: String, _ parse: (String) -> T?, _ code: RefusalCode, _ values: [String: String] = [:]) -> T? {
                let text = cell(key)
                guard !text.isEmpty else { return nil }
                guard let value = parse(text) else {
                    refuse(code, key, values.merging(["value": text]) { a, _ in a })
                    return nil
                }
                return value
            }
            let gender = optional("gender", words.gender, .unknownChoice, expected(Gender.self, "gender"))
            let birthDate = optional("birth_date", parseFlexibleDate, .notADate)
            if let birthDate, birthDate > today || birthDate.year < 1900 { refuse(.implausibleBirthDate, "birth_date", ["date": birthDate.iso]) }
            let consentOn = optional("consent_on", parseFlexibleDate, .notADate)
            if let consentOn, let refusal = FieldLimit.refusal(with: consentOn, notAfter: today, field: column("consent_on")) { found.append(refusal) }
            var communeCode: String?
            let commune = cell("commune")
            if !commune.isEmpty {
                switch communes[commune] ?? .unknown {
                case .code(let code): communeCode = code
                case .ambiguous(let candidates, let count):
                    refuse(.ambiguousPlace, "commune", ["value": commune, "count": "\(count)", "candidates": candidates])
                case .unknown where commune.count == 5 && commune.allSatisfy(\.isNumber):
                    refuse(.postcodeNotCommune, "commune", ["value": commune])
                case .unknown: refuse(.unknownName, "commune", ["record": "commune", "value": commune])
                }
            }
            let email = cell("email").isEmpty ? nil : cell("email")
            if let email, !isPlausibleEmail(email) { refuse(.notAnEmail, "email", ["value": email]) }
            let qpv = cell("qpv").isEmpty || ["non", "no", "0", "aucun"].contains(cell("qpv").lowercased()) ? nil : cell("qpv").uppercased()
            if let qpv, qpv.range(of: "^Q[NP][0-9A-Z]{5,8}$", options: .regularExpression) == nil { refuse(.notAQPVCode, "qpv", ["value": qpv]) }
            let profile = CarrierProfile(
                labourStatus: optional("labour_status", words.labourStatus, .unknownChoice, expected(LabourStatus.self, "labour")),
                educationLevel: optional("education_level", words.educationLevel, .unknownChoice, expected(EducationLevel.self, "education")),
                consentOn: consentOn,
                disability: optional("disability", parseYesNo, .notYesOrNo),
                thirdCountryNational: optional("third_country_national", parseYesNo, .notYesOrNo),
                foreignBackground: optional("foreign_background", parseYesNo, .notYesOrNo),
                homeless: optional("homeless", parseYesNo, .notYesOrNo))
            let withoutConsent = profile.sensitiveFieldsWithoutConsent
            if !withoutConsent.isEmpty {
                found.append(Refusal(.sensitiveWithoutConsent, fields: withoutConsent.map(column)))
            }
            let ref = ref(in: fields)
            guard found.isEmpty else { return .refused(ref: ref, found) }
            return .valid(CarrierRow(
                line: line, ref: ref, firstName: first, lastName: last, gender: gender, birthDate: birthDate, communeCode: communeCode,
                email: email, phone: cell("phone").isEmpty ? nil : cell("phone"), profile: profile, qpv: qpv))
        }
    }

    /// What a closed set's refusal lists (worded by the catalogue of `vocabulary`).
    private static func expected<T: CaseIterable & RawRepresentable>(_: T.Type, _ vocabulary: String) -> [String: String] where T.RawValue == String {
        ["expected": T.allCases.map(\.rawValue).joined(separator: ", "), "vocabulary": vocabulary]
    }

    /// The same, with the communes known by their exact code only (tests, fuzzing).
    public static func rows(from table: CSVTable, today: LocalDate, knownCommunes: Set<String>) throws(Refusal) -> [CarrierRow] {
        try rows(from: table, today: today, communes: Dictionary(uniqueKeysWithValues: knownCommunes.map { ($0, CommuneLookup.code($0)) }))
    }

    /// Where a file's commune cells are, if it has them: to look them up before the lines are checked.
    public static func communeColumn(in header: [String]) -> Int? {
        CSVTable.column(columns.columns.first { $0.key == "commune" }!.headers, in: header)
    }

    /// `YYYY-MM-DD`, or the French `dd/mm/yyyy` spreadsheets write.
    public static func parseFlexibleDate(_ text: String) -> LocalDate? {
        if let date = LocalDate(iso: text) { return date }
        let parts = text.split(separator: "/")
        guard parts.count == 3, parts[2].count == 4, let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]) else { return nil }
        return LocalDate(year: y, month: m, day: d)
    }
}

import Foundation
