/// What the French managing authority checks in an ESF+ file before the *contrôle de service
/// fait* (FIELD.md): each participant's entry data within four weeks of entry, a contact for the
/// six-month survey, the situation at exit within four weeks of leaving. More than 35 % of
/// participants with incomplete data, and the operation's expenses are corrected.
public struct DataQuality: Sendable {
    /// Something missing or late in a participant's record.
    public enum Gap: String, CaseIterable, Sendable {
        case genderMissing = "gender_missing"
        case birthDateMissing = "birth_date_missing"
        case communeMissing = "commune_missing"
        case labourStatusMissing = "labour_status_missing"
        case labourStatusDeclined = "labour_status_declined"
        case educationMissing = "education_missing"
        case educationDeclined = "education_declined"
        /// Neither an e-mail nor a phone number: the six-month survey cannot reach the person.
        case contactMissing = "contact_missing"
        case exitSituationMissing = "exit_situation_missing"
        /// Recorded, but more than four weeks after entry.
        case entryDataLate = "entry_data_late"
        /// Recorded, but more than four weeks after leaving.
        case exitSituationLate = "exit_situation_late"

        /// Late data is there: reported, but the participant's record is complete.
        public var makesIncomplete: Bool { self != .entryDataLate && self != .exitSituationLate }
    }

    /// How close the agreement is to a financial correction.
    public enum Level: String, CaseIterable, Sendable {
        case ok
        /// At or above `warningShare`: time to complete the records.
        case warning
        /// Above `correctionShare`: the file will be corrected as it stands.
        case critical
    }

    /// One participant's gaps: those past their due date, and those still within their four weeks.
    public struct Record: Sendable {
        public var participant: Participant
        public var overdue: [Gap]
        public var pending: [Gap]
        /// The earliest due date of the pending gaps.
        public var dueBy: LocalDate?

        public var isIncomplete: Bool { overdue.contains { $0.makesIncomplete } }
    }

    /// Four weeks, for the entry data and for the situation at exit.
    public static let delayDays = 28
    /// Above this share of incomplete participants, the managing authority corrects the file.
    public static let correctionShare = 35.0
    /// From this share on, the operator is warned: well before the correction.
    public static let warningShare = 20.0

    public var fundingCode: String
    public var period: ReportPeriod
    public var today: LocalDate
    public var records: [Record]

    public init(_ file: ParticipantFile, today: LocalDate) {
        fundingCode = file.fundingCode
        period = file.period
        self.today = today
        records = file.participants.map { Self.record(of: $0, today: today) }
    }

    static func record(of p: Participant, today: LocalDate) -> Record {
        var gaps: [(Gap, due: LocalDate)] = []
        let entryDue = p.entryOn.adding(days: delayDays)
        func entry(_ gap: Gap, _ missing: Bool) { if missing { gaps.append((gap, entryDue)) } }
        entry(.genderMissing, p.gender == nil)
        entry(.birthDateMissing, p.ageAtEntry == nil)
        entry(.communeMissing, p.communeCode == nil)
        entry(.labourStatusDeclined, p.labourStatus == nil && p.declined.contains(.labourStatus))
        entry(.labourStatusMissing, p.labourStatus == nil && !p.declined.contains(.labourStatus))
        entry(.educationDeclined, p.educationLevel == nil && p.declined.contains(.educationLevel))
        entry(.educationMissing, p.educationLevel == nil && !p.declined.contains(.educationLevel))
        entry(.contactMissing, !p.reachable)
        if let recorded = p.profileRecordedOn, recorded > entryDue { gaps.append((.entryDataLate, entryDue)) }
        if let exitOn = p.exitOn {
            let exitDue = exitOn.adding(days: delayDays)
            if p.exitSituation == .notRecorded { gaps.append((.exitSituationMissing, exitDue)) }
            if let recorded = p.exitSituationRecordedOn, recorded > exitDue { gaps.append((.exitSituationLate, exitDue)) }
        }
        // Late data is late whatever the day; missing data is only overdue once its four weeks are over.
        let overdue = gaps.filter { !$0.0.makesIncomplete || $0.due < today }
        let pending = gaps.filter { $0.0.makesIncomplete && $0.due >= today }
        return Record(participant: p, overdue: overdue.map(\.0), pending: pending.map(\.0), dueBy: pending.map(\.due).min())
    }

    public var incompleteCount: Int { records.filter(\.isIncomplete).count }

    /// Incomplete participants as a percentage (0–100) of all of them; 0 without participants.
    public var incompleteShare: Double { Self.share(incomplete: incompleteCount, of: records.count) }

    public var level: Level { Self.level(share: incompleteShare) }

    /// `incomplete` of `participants` as a percentage (0–100), to a tenth; 0 without participants.
    public static func share(incomplete: Int, of participants: Int) -> Double {
        participants == 0 ? 0 : (Double(incomplete) * 1000 / Double(participants)).rounded() / 10
    }

    public static func level(share: Double) -> Level {
        share > correctionShare ? .critical : share >= warningShare ? .warning : .ok
    }

    /// Participants the six-month survey cannot reach (overdue or not: the survey needs them all).
    public var contactMissingCount: Int { unreachable.count }

    /// The earliest day a participant the survey cannot reach was due a contact (their entry and
    /// four weeks); nil when every participant can be reached.
    public var contactDue: LocalDate? { unreachable.map { $0.participant.entryOn.adding(days: Self.delayDays) }.min() }

    private var unreachable: [Record] { records.filter { ($0.overdue + $0.pending).contains(.contactMissing) } }

    /// One agreement's state, as the worklist and the dashboards show it.
    public struct Summary: Hashable, Sendable {
        public var code: String
        public var title: String
        public var participants: Int
        public var incomplete: Int
        public var share: Double
        public var level: Level
        public var contactMissing: Int

        public init(code: String, title: String, participants: Int, incomplete: Int, share: Double, level: Level, contactMissing: Int) {
            self.code = code
            self.title = title
            self.participants = participants
            self.incomplete = incomplete
            self.share = share
            self.level = level
            self.contactMissing = contactMissing
        }
    }

    /// An agreement's state from its counts, as the database keeps them (participant_quality):
    /// the same share and level as its participant file gives.
    public static func summary(code: String, title: String, participants: Int, incomplete: Int, contactMissing: Int) -> Summary {
        let share = share(incomplete: incomplete, of: participants)
        return Summary(
            code: code, title: title, participants: participants, incomplete: incomplete, share: share, level: level(share: share),
            contactMissing: contactMissing)
    }

    public func summary(title: String) -> Summary {
        Self.summary(code: fundingCode, title: title, participants: records.count, incomplete: incompleteCount, contactMissing: contactMissingCount)
    }

    /// The summary (`quality`) and, person by person, every participant with a gap (`gaps`).
    public func sections(named: Bool) -> [ReportTable] {
        let summary = ReportTable(
            name: "quality",
            columns: [
                ReportColumn("operation_code", .text), ReportColumn("participants", .count), ReportColumn("incomplete", .count),
                ReportColumn("incomplete_share_pct", .percent), ReportColumn("correction_threshold_pct", .percent),
                ReportColumn("quality_level", .code(.qualityLevel)), ReportColumn("contact_missing", .count),
                ReportColumn("within_delay", .count), ReportColumn("late", .count), ReportColumn("self_filled", .count),
                ReportColumn("self_filled_complete", .count), ReportColumn("self_filled_exit", .count),
            ],
            rows: [[
                .text(fundingCode), .int(records.count), .int(incompleteCount), .decimal(incompleteShare), .decimal(Self.correctionShare),
                .text(level.rawValue), .int(contactMissingCount), .int(records.filter { !$0.pending.isEmpty }.count),
                .int(records.filter { $0.overdue.contains { !$0.makesIncomplete } }.count),
                .int(records.filter { $0.participant.selfSigned != nil }.count),
                .int(records.filter { $0.participant.selfSigned != nil && !$0.isIncomplete }.count),
                .int(records.filter { $0.participant.exitSelfSigned != nil }.count),
            ]])
        var columns = [ReportColumn("participant_id", .text)]
        if named { columns += [ReportColumn("last_name", .text), ReportColumn("first_name", .text)] }
        columns += [
            ReportColumn("operator", .text), ReportColumn("entry_date", .date), ReportColumn("exit_date", .date),
            ReportColumn("complete", .flag), ReportColumn("missing", .codes(.qualityGap)),
            ReportColumn("to_complete", .codes(.qualityGap)), ReportColumn("due_by", .date), ReportColumn("self_signed_on", .date),
        ]
        let codes: ([Gap]) -> ReportValue = { $0.isEmpty ? .none : .text($0.map(\.rawValue).joined(separator: ",")) }
        let rows = records.filter { !$0.overdue.isEmpty || !$0.pending.isEmpty }.map { record -> [ReportValue] in
            let p = record.participant
            var row: [ReportValue] = [.text(p.pseudonym)]
            if named { row += [p.identity.map { .text($0.lastName) } ?? .none, p.identity.map { .text($0.firstName) } ?? .none] }
            row += [
                .text(p.operatorName), .date(p.entryOn), p.exitOn.map(ReportValue.date) ?? .none, .bool(!record.isIncomplete),
                codes(record.overdue), codes(record.pending), record.dueBy.map(ReportValue.date) ?? .none,
                p.selfSigned.map { .date($0.signedOn) } ?? .none,
            ]
            return row
        }
        return [summary, ReportTable(name: "gaps", columns: columns, rows: rows)]
    }
}
