/// ESF+ age bands at entry.
public enum AgeBand: String, CaseIterable, Sendable {
    case under18 = "under_18"
    case from18To29 = "18_29"
    case from30To54 = "30_54"
    case from55 = "55_plus"
    case unknown

    public init(age: Int?) {
        guard let age else {
            self = .unknown
            return
        }
        self = switch age {
        case ..<18: .under18
        case ..<30: .from18To29
        case ..<55: .from30To54
        default: .from55
        }
    }
}

/// A participant's situation on leaving, as an ESF+ participant file asks for it.
public enum ExitSituation: String, CaseIterable, Sendable {
    case employed
    /// Self-employed, including an activity created through the journey.
    case selfEmployed = "self_employed"
    case training
    case jobSeeking = "job_seeking"
    case inactive
    /// Left, but nobody recorded in what situation.
    case notRecorded = "not_recorded"
    /// Still accompanied on the export's last day.
    case noExitYet = "no_exit_yet"

    /// The recorded situation at exit (a follow-up "after 0 months") wins; otherwise the outcome
    /// says it when it can (activity created → self-employed, employed, training).
    public init(outcome: Outcome?, recordedAtExit: FollowUpSituation?) {
        guard let outcome else {
            self = .noExitYet
            return
        }
        if let recorded = recordedAtExit, let situation = ExitSituation(recorded) {
            self = situation
            return
        }
        self = switch outcome {
        case .activityCreated: .selfEmployed
        case .employed: .employed
        case .training: .training
        case .handedOn, .withdrawn: .notRecorded
        }
    }

    init?(_ situation: FollowUpSituation) {
        switch situation {
        case .employed: self = .employed
        case .selfEmployed: self = .selfEmployed
        case .training: self = .training
        case .jobSeeking: self = .jobSeeking
        case .inactive: self = .inactive
        case .unknown: return nil
        }
    }
}

/// One person accompanied under a funding agreement, with the ESF+ indicators at entry, at exit
/// and six months later.
public struct Participant: Hashable, Sendable {
    /// Who the person is: only in exports the agreement (or `--named`) allows to carry names.
    public struct Identity: Hashable, Sendable {
        public var firstName: String
        public var lastName: String
        public var birthDate: LocalDate?
        public var email: String?
        public var phone: String?

        public init(firstName: String, lastName: String, birthDate: LocalDate?, email: String?, phone: String?) {
            self.firstName = firstName
            self.lastName = lastName
            self.birthDate = birthDate
            self.email = email
            self.phone = phone
        }
    }

    /// Sensitive data, present only with the person's consent.
    public struct Disadvantages: Hashable, Sendable {
        public var disability: Bool?
        public var thirdCountryNational: Bool?
        public var foreignBackground: Bool?
        public var minority: Bool?
        public var homeless: Bool?

        public init(disability: Bool?, thirdCountryNational: Bool?, foreignBackground: Bool?, minority: Bool? = nil, homeless: Bool?) {
            self.disability = disability
            self.thirdCountryNational = thirdCountryNational
            self.foreignBackground = foreignBackground
            self.minority = minority
            self.homeless = homeless
        }
    }

    /// Stable within the agreement, meaningless outside it.
    public var pseudonym: String
    /// Nil when the reader may not see who the person is (a funder, on a pseudonymous agreement).
    public var identity: Identity?
    public var operatorName: String
    public var entryOn: LocalDate
    public var gender: Gender?
    public var ageAtEntry: Int?
    public var labourStatus: LabourStatus?
    public var educationLevel: EducationLevel?
    /// Nil without consent.
    public var disadvantages: Disadvantages?
    public var communeCode: String?
    /// The rural classification of the commune in force at entry; nil when the commune is unknown.
    public var ruralZoning: RuralZoning?
    /// Whether the person's address was in a priority neighbourhood (QPV) in force at entry.
    public var qpv: Bool?
    /// Distinct days with a recorded presence under the agreement.
    public var daysAccompanied: Int
    public var minutesAccompanied: Int
    public var exitOn: LocalDate?
    public var exitSituation: ExitSituation
    public var followUpAt6Months: FollowUpSituation?
    /// Whether six months have passed since the exit on the file's last day (today at the latest):
    /// a six-month situation not recorded yet is « not yet due » until then, « not recorded » after.
    public var followUpAt6MonthsDue = false
    /// The questions of the entry profile the person declined to answer.
    public var declined: Set<ProfileQuestion>
    /// When the entry profile was recorded; nil without one.
    public var profileRecordedOn: LocalDate?
    /// When the situation at exit was recorded (the follow-up "after 0 months").
    public var exitSituationRecordedOn: LocalDate?
    /// ESF+ EECR03, recorded with the situation at exit.
    public var qualificationGained: Bool?
    /// Whether the six-month survey can reach the person (an e-mail or a phone number on record).
    public var reachable: Bool
    /// The person's own signature of their entry questionnaire, when they filled it in from their link.
    public var selfSigned: Signature?
    /// The person's own signature of their situation at exit (from their exit link).
    public var exitSelfSigned: Signature?

    /// A questionnaire signed by the person: the date, the SHA-256 of the answers as signed, the
    /// name typed (nil where the reader may not see who the person is).
    public struct Signature: Hashable, Sendable {
        public var signedOn: LocalDate
        public var answersSHA256: String
        public var signedName: String?

        public init(signedOn: LocalDate, answersSHA256: String, signedName: String?) {
            self.signedOn = signedOn
            self.answersSHA256 = answersSHA256
            self.signedName = signedName
        }
    }

    public init(
        pseudonym: String, identity: Identity?, operatorName: String, entryOn: LocalDate, gender: Gender?, ageAtEntry: Int?,
        labourStatus: LabourStatus?, educationLevel: EducationLevel?, disadvantages: Disadvantages?, communeCode: String?,
        ruralZoning: RuralZoning?, qpv: Bool?, daysAccompanied: Int, minutesAccompanied: Int, exitOn: LocalDate?,
        exitSituation: ExitSituation, followUpAt6Months: FollowUpSituation?, declined: Set<ProfileQuestion> = [],
        profileRecordedOn: LocalDate? = nil, exitSituationRecordedOn: LocalDate? = nil, qualificationGained: Bool? = nil,
        reachable: Bool = true, selfSigned: Signature? = nil, exitSelfSigned: Signature? = nil
    ) {
        self.selfSigned = selfSigned
        self.exitSelfSigned = exitSelfSigned
        self.declined = declined
        self.profileRecordedOn = profileRecordedOn
        self.exitSituationRecordedOn = exitSituationRecordedOn
        self.qualificationGained = qualificationGained
        self.reachable = reachable
        self.pseudonym = pseudonym
        self.identity = identity
        self.operatorName = operatorName
        self.entryOn = entryOn
        self.gender = gender
        self.ageAtEntry = ageAtEntry
        self.labourStatus = labourStatus
        self.educationLevel = educationLevel
        self.disadvantages = disadvantages
        self.communeCode = communeCode
        self.ruralZoning = ruralZoning
        self.qpv = qpv
        self.daysAccompanied = daysAccompanied
        self.minutesAccompanied = minutesAccompanied
        self.exitOn = exitOn
        self.exitSituation = exitSituation
        self.followUpAt6Months = followUpAt6Months
    }

    /// The day six months after `exit` (the last day of a shorter month when it has no such day).
    public static func sixMonthsAfter(_ exit: LocalDate) -> LocalDate {
        let month = exit.month + 6
        let (year, inYear) = month > 12 ? (exit.year + 1, month - 12) : (exit.year, month)
        return (0...3).lazy.compactMap { LocalDate(year: year, month: inYear, day: exit.day - $0) }.first ?? exit.adding(days: 183)
    }

    /// ESF+: a participant is accompanied on more than one day; a single information meeting is not.
    public static let minimumDays = 2

    public var ageBand: AgeBand { AgeBand(age: ageAtEntry) }

    /// ESF+ "participants from rural areas" (EECO17): the commune was classified at entry.
    public var rural: Bool? { ruralZoning.map { $0 != .none } }
}

/// The people accompanied under one agreement over a period: the ESF+ participant file and the
/// indicator table a funder's report asks for.
public struct ParticipantFile: Sendable {
    public var fundingCode: String
    public var period: ReportPeriod
    public var participants: [Participant]
    /// People covered by the agreement but accompanied on a single day (or none).
    public var oneDayOnly: Int

    public init(fundingCode: String, period: ReportPeriod, participants: [Participant], oneDayOnly: Int) {
        self.fundingCode = fundingCode
        self.period = period
        self.participants = participants
        self.oneDayOnly = oneDayOnly
    }

    public var exclusions: [Exclusion] { oneDayOnly > 0 ? [Exclusion(.oneDayOnly, count: oneDayOnly)] : [] }

    /// One line per participant; names, birth date and contact only when `named`. Each column
    /// names the ESF+ indicators it feeds.
    public func table(named: Bool) -> ReportTable {
        var columns = [ReportColumn("participant_id", .text, feeds: ["EECO01"])]
        if named {
            columns += [
                ReportColumn("last_name", .text), ReportColumn("first_name", .text), ReportColumn("birth_date", .date),
                ReportColumn("email", .text), ReportColumn("phone", .text),
            ]
        }
        columns += [
            ReportColumn("operation_code", .text), ReportColumn("operator", .text), ReportColumn("entry_date", .date),
            ReportColumn("gender", .code(.gender)), ReportColumn("age_at_entry", .count),
            ReportColumn("age_band", .code(.ageBand), feeds: ["EECO06", "EECO07", "EECO08"]),
            ReportColumn("labour_status", .code(.labourStatus), feeds: ["EECO02", "EECO03", "EECO04", "EECO05"]),
            ReportColumn("education_level", .code(.educationLevel), feeds: ["EECO09", "EECO10", "EECO11"]),
            ReportColumn("disability", .flag, feeds: ["EECO12"]), ReportColumn("third_country_national", .flag, feeds: ["EECO13"]),
            ReportColumn("foreign_background", .flag, feeds: ["EECO14"]), ReportColumn("minority", .flag, feeds: ["EECO15"]),
            ReportColumn("homeless", .flag, feeds: ["EECO16"]), ReportColumn("questions_declined", .codes(.profileQuestion)),
            ReportColumn("commune_code", .text), ReportColumn("rural", .flag, feeds: ["EECO17"]),
            ReportColumn("rural_zoning", .code(.ruralZoning)), ReportColumn("qpv", .flag),
            ReportColumn("contact_on_record", .flag),
            ReportColumn("days_accompanied", .count), ReportColumn("hours_accompanied", .decimal),
            ReportColumn("exit_date", .date),
            ReportColumn("exit_situation", .code(.situation), feeds: ["EECR01", "EECR02", "EECR04"]),
            ReportColumn("exit_situation_date", .date), ReportColumn("qualification_gained", .flag, feeds: ["EECR03"]),
            ReportColumn("situation_6_months", .code(.situation), feeds: ["EECR05"]),
        ]
        let rows = participants.map { p -> [ReportValue] in
            var row: [ReportValue] = [.text(p.pseudonym)]
            if named {
                row += [
                    p.identity.map { .text($0.lastName) } ?? .none, p.identity.map { .text($0.firstName) } ?? .none,
                    p.identity?.birthDate.map(ReportValue.date) ?? .none,
                    p.identity?.email.map(ReportValue.text) ?? .none, p.identity?.phone.map(ReportValue.text) ?? .none,
                ]
            }
            let flag: (Bool?) -> ReportValue = { $0.map(ReportValue.bool) ?? .none }
            let declined = ProfileQuestion.allCases.filter(p.declined.contains).map(\.rawValue)
            row += [
                .text(fundingCode), .text(p.operatorName), .date(p.entryOn),
                .text(p.gender?.rawValue ?? "unknown"), p.ageAtEntry.map(ReportValue.int) ?? .none, .text(p.ageBand.rawValue),
                .text(p.labourStatus?.rawValue ?? "unknown"), .text(p.educationLevel?.rawValue ?? "unknown"),
                flag(p.disadvantages?.disability), flag(p.disadvantages?.thirdCountryNational),
                flag(p.disadvantages?.foreignBackground), flag(p.disadvantages?.minority), flag(p.disadvantages?.homeless),
                declined.isEmpty ? .none : .text(declined.joined(separator: ",")),
                p.communeCode.map(ReportValue.text) ?? .none, flag(p.rural),
                p.ruralZoning.map { .text($0.rawValue) } ?? .none, flag(p.qpv), .bool(p.reachable),
                .int(p.daysAccompanied), .decimal(Double(p.minutesAccompanied) / 60),
                p.exitOn.map(ReportValue.date) ?? .none, .text(p.exitSituation.rawValue),
                p.exitSituationRecordedOn.map(ReportValue.date) ?? .none, flag(p.qualificationGained),
                p.followUpAt6Months.map { .text($0.rawValue) } ?? .none,
            ]
            return row
        }
        return ReportTable(name: "participants", columns: columns, rows: rows)
    }

    /// The indicators, each counted by gender: the ESF+ common indicators with their code, in the
    /// annex's order, and the lines that reconcile them (unknowns, details) without one.
    public func indicators() -> ReportTable {
        let rows = ESFIndicator.table.map { indicator -> [ReportValue] in
            let matching = participants.filter(indicator.counts)
            let byGender = { (gender: Gender?) in matching.filter { $0.gender == gender }.count }
            return [
                indicator.code.map(ReportValue.text) ?? .none, .text(indicator.key), .int(byGender(.woman)), .int(byGender(.man)),
                .int(byGender(.nonBinary)), .int(byGender(nil)), .int(matching.count),
            ]
        }
        return ReportTable(
            name: "indicators",
            columns: [
                ReportColumn("code", .text), ReportColumn("indicator", .code(.indicator)), ReportColumn("women", .count),
                ReportColumn("men", .count), ReportColumn("non_binary", .count), ReportColumn("gender_unknown", .count),
                ReportColumn("total", .count),
            ],
            rows: rows)
    }
}

/// A line of the indicator table: an ESF+ common indicator (Regulation (EU) 2021/1057, Annex I,
/// with its SFC2021 code) or, without a code, a line that reconciles them.
public struct ESFIndicator: Sendable {
    public var code: String?
    /// The label's key (`Labels.code(_:of: .indicator)`).
    public var key: String
    public var counts: @Sendable (Participant) -> Bool

    init(_ code: String?, _ key: String, _ counts: @escaping @Sendable (Participant) -> Bool) {
        self.code = code
        self.key = key
        self.counts = counts
    }

    /// Which list the codes follow, said in every export of them.
    public static let reference = "Règlement (UE) 2021/1057 (FSE+), annexe I — indicateurs communs, codes SFC2021"
    /// Common indicators Parcours does not collect, so does not report.
    public static let notCollected = ["EECR06"]

    static let working: Set<LabourStatus> = [.employed, .selfEmployed]
    static let inWork: Set<ExitSituation> = [.employed, .selfEmployed]

    /// Entry (EECO01–17), upon leaving (EECR01–04), six months after leaving (EECR05). Each group's
    /// rows add up: the situations upon leaving to the participants, those at six months to the
    /// participants who left.
    public static let table: [ESFIndicator] = [
        ESFIndicator("EECO01", "participants") { _ in true },
        ESFIndicator("EECO02", "unemployed") { [.unemployed, .longTermUnemployed].contains($0.labourStatus) },
        ESFIndicator("EECO03", "long_term_unemployed") { $0.labourStatus == .longTermUnemployed },
        ESFIndicator("EECO04", "inactive") { $0.labourStatus == .inactive },
        // A self-employed carrier coached as a person is a participant here, never a supported SME (EECO19).
        ESFIndicator("EECO05", "employed") { $0.labourStatus.map(working.contains) ?? false },
        ESFIndicator(nil, "labour_status_unknown") { $0.labourStatus == nil },
        ESFIndicator("EECO06", "age_under_18") { $0.ageBand == .under18 },
        ESFIndicator("EECO07", "age_18_29") { $0.ageBand == .from18To29 },
        ESFIndicator(nil, "age_30_54") { $0.ageBand == .from30To54 },
        ESFIndicator("EECO08", "age_55_plus") { $0.ageBand == .from55 },
        ESFIndicator(nil, "age_unknown") { $0.ageBand == .unknown },
        ESFIndicator("EECO09", "isced_0_2") { $0.educationLevel == .isced0to2 },
        ESFIndicator("EECO10", "isced_3_4") { $0.educationLevel == .isced3to4 },
        ESFIndicator("EECO11", "isced_5_8") { $0.educationLevel == .isced5to8 },
        ESFIndicator(nil, "education_unknown") { $0.educationLevel == nil },
        ESFIndicator("EECO12", "disability") { $0.disadvantages?.disability == true },
        ESFIndicator("EECO13", "third_country_national") { $0.disadvantages?.thirdCountryNational == true },
        ESFIndicator("EECO14", "foreign_background") { $0.disadvantages?.foreignBackground == true },
        ESFIndicator("EECO15", "minority") { $0.disadvantages?.minority == true },
        ESFIndicator("EECO16", "homeless") { $0.disadvantages?.homeless == true },
        ESFIndicator("EECO17", "rural") { $0.rural == true },
        ESFIndicator(nil, "qpv") { $0.qpv == true },
        ESFIndicator("EECR01", "exit_job_seeking") { $0.exitSituation == .jobSeeking },
        ESFIndicator("EECR02", "exit_training") { $0.exitSituation == .training },
        ESFIndicator("EECR03", "exit_qualification") { $0.exitOn != nil && $0.qualificationGained == true },
        ESFIndicator("EECR04", "exit_in_employment") { inWork.contains($0.exitSituation) },
        ESFIndicator(nil, "exit_employed") { $0.exitSituation == .employed },
        ESFIndicator(nil, "exit_self_employed") { $0.exitSituation == .selfEmployed },
        ESFIndicator(nil, "exit_inactive") { $0.exitSituation == .inactive },
        ESFIndicator(nil, "exit_not_recorded") { $0.exitSituation == .notRecorded },
        ESFIndicator(nil, "exit_no_exit_yet") { $0.exitSituation == .noExitYet },
        // Six months after leaving: the rows below EECR05 add up to the participants who left.
        ESFIndicator(nil, "exited") { $0.exitOn != nil },
        ESFIndicator("EECR05", "employed_6_months") { $0.exitOn != nil && [.employed, .selfEmployed].contains($0.followUpAt6Months) },
        ESFIndicator(nil, "training_6_months") { $0.exitOn != nil && $0.followUpAt6Months == .training },
        ESFIndicator(nil, "job_seeking_6_months") { $0.exitOn != nil && $0.followUpAt6Months == .jobSeeking },
        ESFIndicator(nil, "inactive_6_months") { $0.exitOn != nil && $0.followUpAt6Months == .inactive },
        ESFIndicator(nil, "unknown_6_months") { $0.exitOn != nil && $0.followUpAt6Months == .unknown },
        ESFIndicator(nil, "follow_up_6_months_missing") { $0.exitOn != nil && $0.followUpAt6Months == nil && $0.followUpAt6MonthsDue },
        ESFIndicator(nil, "follow_up_6_months_not_due") { $0.exitOn != nil && $0.followUpAt6Months == nil && !$0.followUpAt6MonthsDue },
    ]
}
