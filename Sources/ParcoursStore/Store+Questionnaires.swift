import Foundation
import ParcoursCore
import PostgresNIO

/// A person's link to their ESF+ entry questionnaire: `peq_` and 43 characters of base64url
/// randomness (256 bits), kept only as its SHA-256; it shows that person's entry data and takes
/// their signed answers, once (sql/0042).
public enum QuestionnaireLinkSecret {
    public static func generate() -> String { "peq_" + BearerToken.generate().dropFirst(4) }

    /// The entry data are due within four weeks of entry: a link lives as long by default, 60 days at most.
    public static let defaultDays = 28
    public static let maximumDays = 60
}

/// What a person fills in and signs themselves (ESF+): their data at entry, their situation at exit
/// (within four weeks of leaving), their situation six months later.
public enum QuestionnaireKind: String, CaseIterable, Sendable {
    case entry, exit
    case sixMonths = "six_months"

    /// The follow-up it records, in months after the exit (nil for the entry data).
    public var afterMonths: Int? {
        switch self {
        case .entry: nil
        case .exit: 0
        case .sixMonths: 6
        }
    }
}

/// What a person's questionnaire link shows: their first name and what is recorded of what it asks.
public struct QuestionnaireView: Sendable, Hashable {
    public enum State: String, Sendable {
        case open, expired, revoked
        /// Signed: a new link is needed to change anything.
        case spent
    }

    public var linkID: Int64
    public var carrierID: CarrierID
    public var state: State
    public var operatorName: String
    /// The rest is empty unless the link is open.
    public var firstName: String?
    public var gender: Gender?
    public var birthDate: LocalDate?
    public var email: String?
    public var phone: String?
    public var profile: CarrierProfile
    public var expiresAt: Date
    public var kind: QuestionnaireKind = .entry
    /// For the exit and six-month questionnaires: the journey, its exit, the situation recorded (if any).
    public var journeyID: JourneyID?
    public var exitOn: LocalDate?
    public var situation: FollowUpSituation?
    public var qualificationGained: Bool?
}

/// The entry questionnaire as the person answered it, checked by the parsers of `carrier update` and `carrier profile`.
public struct EntryAnswers: Sendable, Hashable {
    public var gender: Gender
    public var birthDate: LocalDate
    public var email: String?
    public var phone: String?
    /// `consentOn` is set when the person agreed to the sensitive questions (the database keeps an earlier consent's date).
    public var profile: CarrierProfile
    public var signedName: String

    public init(gender: Gender, birthDate: LocalDate, email: String?, phone: String?, profile: CarrierProfile, signedName: String) {
        self.gender = gender
        self.birthDate = birthDate
        self.email = email
        self.phone = phone
        self.profile = profile
        self.signedName = signedName
    }
}

extension Transaction {
    /// Makes the link to carrier `id`'s questionnaire of `kind` — about `journey` for the exit and
    /// six-month ones, by default their last journey that has ended — until `expiresAt`; audited.
    /// Returns its id and its secret (shown once, never stored).
    public func linkQuestionnaire(
        carrier id: CarrierID, kind: QuestionnaireKind = .entry, journey: JourneyID? = nil, expiresAt: Date
    ) async throws -> (id: Int64, secret: String) {
        try requireWriter()
        try checkLinkExpiry(expiresAt, maximumDays: QuestionnaireLinkSecret.maximumDays, tooLong: .questionnaireLinkTooLong)
        var about = journey
        if kind != .entry, about == nil {
            about = try await rows(
                "SELECT id FROM journey WHERE carrier_id = \(id.rawValue) AND closed_on IS NOT NULL ORDER BY closed_on DESC, id DESC LIMIT 1"
            ).first.map { JourneyID(try $0.decode(Int64.self)) }
            guard about != nil else { throw StoreError.refused(Refusal(.questionnaireNoExit, field: "journey", ["carrier": id.description])) }
        }
        let secret = QuestionnaireLinkSecret.generate()
        let link = try await rows(
            """
            SELECT parcours_link_questionnaire(\(Data(BearerToken.digest(secret)))::bytea, \(id.rawValue)::bigint, \(kind.rawValue),
                                               \(about?.rawValue)::bigint, \(expiresAt)::timestamptz, \(channel.rawValue))
            """
        ).first!.decode(Int64.self)
        return (link, secret)
    }

    /// Withdraws a questionnaire link at once: its maker, a coordinator of its operator or the administrator; audited.
    public func unlinkQuestionnaire(link id: Int64) async throws {
        try await query("SELECT parcours_unlink_questionnaire(\(id)::bigint, \(channel.rawValue))")
    }
}

extension Store {
    /// The questionnaire a person's secret opens, or nil for a secret nobody made. No identity:
    /// the secret is the capability, and the database answers for that one person only.
    public func questionnaire(_ secret: String) async throws -> QuestionnaireView? {
        guard secret.hasPrefix("peq_"), secret.count < 100 else { return nil }
        return try await withLoginConnection { connection in
            try await connection.query(
                """
                SELECT link_id, carrier_id, link_state, operator_name, first_name, gender, to_char(birth_date, 'YYYY-MM-DD'), email, phone,
                       labour_status, education_level, to_char(consent_on, 'YYYY-MM-DD'), disability, third_country_national,
                       foreign_background, minority, homeless, declined, expires_at, kind, journey_id, to_char(exit_on, 'YYYY-MM-DD'),
                       situation, qualification_gained
                FROM parcours_questionnaire_by_link(\(Data(BearerToken.digest(secret)))::bytea)
                """, logger: logger
            ).collect().first.map { row in
                let (link, carrier, state, operatorName, firstName, gender, birthDate, email, phone, labour, education, consentOn, disability,
                     thirdCountry, foreignBackground, minority, homeless, declined, expiresAt, kind, journey, exitOn, situation, gained) = try row.decode(
                    (Int64, Int64, String, String, String?, String?, String?, String?, String?, String?, String?, String?, Bool?, Bool?, Bool?,
                     Bool?, Bool?, [String], Date, String, Int64?, String?, String?, Bool?).self)
                return QuestionnaireView(
                    linkID: link, carrierID: CarrierID(carrier), state: QuestionnaireView.State(rawValue: state) ?? .revoked, operatorName: operatorName,
                    firstName: firstName, gender: gender.flatMap(Gender.init(rawValue:)), birthDate: try birthDate.map(LocalDate.decoded),
                    email: email, phone: phone,
                    profile: CarrierProfile(
                        labourStatus: labour.flatMap(LabourStatus.init(rawValue:)), educationLevel: education.flatMap(EducationLevel.init(rawValue:)),
                        consentOn: try consentOn.map(LocalDate.decoded), disability: disability, thirdCountryNational: thirdCountry,
                        foreignBackground: foreignBackground, minority: minority, homeless: homeless,
                        declined: Set(declined.compactMap(ProfileQuestion.init(rawValue:)))),
                    expiresAt: expiresAt, kind: QuestionnaireKind(rawValue: kind) ?? .entry, journeyID: journey.map(JourneyID.init),
                    exitOn: try exitOn.map(LocalDate.decoded), situation: situation.flatMap(FollowUpSituation.init(rawValue:)),
                    qualificationGained: gained)
            }
        }
    }

    /// Records the situation the person signs through their exit or six-month link, in the name of
    /// the link's maker; returns the SHA-256 (hex) of the answers as signed.
    /// The database refuses a link not open, or not an exit or six-month one.
    public func signFollowUpQuestionnaire(_ secret: String, situation: FollowUpSituation, qualificationGained: Bool?, signedName: String) async throws -> String {
        let today = self.today
        return try await withLoginConnection { connection in
            try await connection.query(
                """
                SELECT answers_sha256 FROM parcours_sign_follow_up_questionnaire(
                    \(Data(BearerToken.digest(secret)))::bytea, \(situation.rawValue), \(qualificationGained), \(signedName), \(today.iso)::date)
                """, logger: logger
            ).collect().first!.decode(String.self)
        }
    }

    /// Records the person's signed answers through their link, in the name of the link's maker;
    /// returns the SHA-256 (hex) of the answers as signed.
    public func signQuestionnaire(_ secret: String, _ answers: EntryAnswers) async throws -> String {
        // The database refuses a link not open, or not an entry one.
        let withoutConsent = answers.profile.sensitiveFieldsWithoutConsent
        guard withoutConsent.isEmpty else { throw StoreError.invalid(Refusal(.sensitiveWithoutConsent, fields: withoutConsent)) }
        let today = self.today
        let p = answers.profile
        let declined = ProfileQuestion.allCases.filter(p.declined.contains).map(\.rawValue)
        return try await withLoginConnection { connection in
            try await connection.query(
                """
                SELECT answers_sha256 FROM parcours_sign_questionnaire(
                    \(Data(BearerToken.digest(secret)))::bytea, \(answers.gender.rawValue), \(answers.birthDate.iso)::date, \(answers.email),
                    \(answers.phone), \(p.labourStatus?.rawValue), \(p.educationLevel?.rawValue), \(p.consentOn != nil), \(p.disability),
                    \(p.thirdCountryNational), \(p.foreignBackground), \(p.minority), \(p.homeless), \(declined)::text[],
                    \(answers.signedName), \(today.iso)::date)
                """, logger: logger
            ).collect().first!.decode(String.self)
        }
    }
}
