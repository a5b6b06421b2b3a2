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
        public var homeless: Bool?

        public init(disability: Bool?, thirdCountryNational: Bool?, foreignBackground: Bool?, homeless: Bool?) {
            self.disability = disability
            self.thirdCountryNational = thirdCountryNational
            self.foreignBackground = foreignBackground
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

    public init(
        pseudonym: String, identity: Identity?, operatorName: String, entryOn: LocalDate, gender: Gender?, ageAtEntry: Int?,
        labourStatus: LabourStatus?, educationLevel: EducationLevel?, disadvantages: Disadvantages?, communeCode: String?,
        ruralZoning: RuralZoning?, qpv: Bool?, daysAccompanied: Int, minutesAccompanied: Int, exitOn: LocalDate?,
        exitSituation: ExitSituation, followUpAt6Months: FollowUpSituation?
    ) {
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

    /// One line per participant; names, birth date and contact only when `named`.
    public func table(named: Bool) -> ReportTable {
        var columns = [ReportColumn("participant_id", .text)]
        if named {
            columns += [
                ReportColumn("last_name", .text), ReportColumn("first_name", .text), ReportColumn("birth_date", .date),
                ReportColumn("email", .text), ReportColumn("phone", .text),
            ]
        }
        columns += [
            ReportColumn("operation_code", .text), ReportColumn("operator", .text), ReportColumn("entry_date", .date),
            ReportColumn("gender", .code(.gender)), ReportColumn("age_at_entry", .count), ReportColumn("age_band", .code(.ageBand)),
            ReportColumn("labour_status", .code(.labourStatus)), ReportColumn("education_level", .code(.educationLevel)),
            ReportColumn("disability", .flag), ReportColumn("third_country_national", .flag),
            ReportColumn("foreign_background", .flag), ReportColumn("homeless", .flag),
            ReportColumn("commune_code", .text), ReportColumn("rural", .flag),
            ReportColumn("rural_zoning", .code(.ruralZoning)), ReportColumn("qpv", .flag),
            ReportColumn("days_accompanied", .count), ReportColumn("hours_accompanied", .decimal),
            ReportColumn("exit_date", .date), ReportColumn("exit_situation", .code(.situation)),
            ReportColumn("situation_6_months", .code(.situation)),
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
            row += [
                .text(fundingCode), .text(p.operatorName), .date(p.entryOn),
                .text(p.gender?.rawValue ?? "unknown"), p.ageAtEntry.map(ReportValue.int) ?? .none, .text(p.ageBand.rawValue),
                .text(p.labourStatus?.rawValue ?? "unknown"), .text(p.educationLevel?.rawValue ?? "unknown"),
                flag(p.disadvantages?.disability), flag(p.disadvantages?.thirdCountryNational),
                flag(p.disadvantages?.foreignBackground), flag(p.disadvantages?.homeless),
                p.communeCode.map(ReportValue.text) ?? .none, flag(p.rural),
                p.ruralZoning.map { .text($0.rawValue) } ?? .none, flag(p.qpv),
                .int(p.daysAccompanied), .decimal(Double(p.minutesAccompanied) / 60),
                p.exitOn.map(ReportValue.date) ?? .none, .text(p.exitSituation.rawValue),
                p.followUpAt6Months.map { .text($0.rawValue) } ?? .none,
            ]
            return row
        }
        return ReportTable(name: "participants", columns: columns, rows: rows)
    }

    /// The indicators, each counted by gender: entry (labour status, age, education,
    /// disadvantages), exit situation and the situation six months later.
    public func indicators() -> ReportTable {
        var rows: [[ReportValue]] = []
        func add(_ indicator: String, _ counts: (Participant) -> Bool) {
            let matching = participants.filter(counts)
            let byGender = { (gender: Gender?) in matching.filter { $0.gender == gender }.count }
            rows.append([
                .text(indicator), .int(byGender(.woman)), .int(byGender(.man)), .int(byGender(.nonBinary)),
                .int(byGender(nil)), .int(matching.count),
            ])
        }
        add("participants") { _ in true }
        add("unemployed") { [.unemployed, .longTermUnemployed].contains($0.labourStatus) }
        add("long_term_unemployed") { $0.labourStatus == .longTermUnemployed }
        add("inactive") { $0.labourStatus == .inactive }
        add("employed") { [.employed, .selfEmployed].contains($0.labourStatus) }
        add("labour_status_unknown") { $0.labourStatus == nil }
        for band in AgeBand.allCases { add("age_\(band.rawValue)") { $0.ageBand == band } }
        for level in EducationLevel.allCases { add(level.rawValue) { $0.educationLevel == level } }
        add("education_unknown") { $0.educationLevel == nil }
        add("disability") { $0.disadvantages?.disability == true }
        add("third_country_national") { $0.disadvantages?.thirdCountryNational == true }
        add("foreign_background") { $0.disadvantages?.foreignBackground == true }
        add("homeless") { $0.disadvantages?.homeless == true }
        add("rural") { $0.rural == true }
        add("qpv") { $0.qpv == true }
        for situation in ExitSituation.allCases { add("exit_\(situation.rawValue)") { $0.exitSituation == situation } }
        add("employed_6_months") { [.employed, .selfEmployed].contains($0.followUpAt6Months) }
        add("training_6_months") { $0.followUpAt6Months == .training }
        add("job_seeking_6_months") { $0.followUpAt6Months == .jobSeeking }
        add("inactive_6_months") { $0.followUpAt6Months == .inactive }
        add("follow_up_6_months_missing") { $0.exitOn != nil && $0.followUpAt6Months == nil }
        return ReportTable(
            name: "indicators",
            columns: [
                ReportColumn("indicator", .code(.indicator)), ReportColumn("women", .count), ReportColumn("men", .count),
                ReportColumn("non_binary", .count), ReportColumn("gender_unknown", .count), ReportColumn("total", .count),
            ],
            rows: rows)
    }
}
