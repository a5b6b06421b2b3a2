import Foundation

/// A *feuille d'émargement*: the proof of presence an ESF+ auditor accepts — one signature per
/// half-day by each trainee and by the trainer, with the hours and the module's title as the
/// other documents give them (a monthly signature is rejected: CAA Nantes, 2021).
public struct AttendanceSheet: Sendable {
    /// A half-day the session covers, with its hours (local time, `HH:MM`).
    public struct Slot: Hashable, Sendable {
        public enum Part: String, Sendable { case morning, afternoon }
        public var part: Part
        public var from: String
        public var to: String
    }

    /// An agreement that finances the session (its programme or cohort is covered).
    public struct Agreement: Hashable, Sendable {
        public var code: String
        public var title: String
        public var funder: String

        public init(code: String, title: String, funder: String) {
            self.code = code
            self.title = title
            self.funder = funder
        }
    }

    public struct Signatory: Hashable, Sendable {
        public var carrierID: CarrierID
        public var lastName: String
        public var firstName: String

        public init(carrierID: CarrierID, lastName: String, firstName: String) {
            self.carrierID = carrierID
            self.lastName = lastName
            self.firstName = firstName
        }
    }

    /// A signed sheet recorded as evidence.
    public struct Scan: Hashable, Sendable {
        public var sha256: String
        public var fileName: String
        public var bytes: Int64
        public var recordedBy: String
        public var recordedAt: Date

        public init(sha256: String, fileName: String, bytes: Int64, recordedBy: String, recordedAt: Date) {
            self.sha256 = sha256
            self.fileName = fileName
            self.bytes = bytes
            self.recordedBy = recordedBy
            self.recordedAt = recordedAt
        }
    }

    public var sessionID: SessionID
    public var operatorName: String
    public var programme: String
    public var cohort: String?
    public var kind: SessionKind
    public var title: String
    public var startsAt: Date
    public var durationMinutes: Int
    public var trainer: String?
    public var agreements: [Agreement]
    /// Everyone expected: the journeys of the session's cohort (or programme) open that day, and
    /// anyone whose attendance is already recorded.
    public var expected: [Signatory]
    public var scans: [Scan]

    public init(
        sessionID: SessionID, operatorName: String, programme: String, cohort: String?, kind: SessionKind, title: String, startsAt: Date,
        durationMinutes: Int, trainer: String?, agreements: [Agreement], expected: [Signatory], scans: [Scan]
    ) {
        self.sessionID = sessionID
        self.operatorName = operatorName
        self.programme = programme
        self.cohort = cohort
        self.kind = kind
        self.title = title
        self.startsAt = startsAt
        self.durationMinutes = durationMinutes
        self.trainer = trainer
        self.agreements = agreements
        self.expected = expected
        self.scans = scans
    }

    /// The session's day in France.
    public var day: LocalDate { LocalDate(startsAt, in: .paris) }

    /// The half-days the session covers, split at 13:00: a morning until then, an afternoon from
    /// then on (a session held across midday has two signatures per person).
    public var slots: [Slot] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .paris
        let start = calendar.dateComponents([.hour, .minute], from: startsAt)
        let startMinute = (start.hour ?? 0) * 60 + (start.minute ?? 0)
        // A session ends the day it starts.
        let endMinute = min(startMinute + durationMinutes, 24 * 60 - 1)
        let midday = 13 * 60
        func clock(_ minute: Int) -> String { String(format: "%02d:%02d", minute / 60, minute % 60) }
        var slots: [Slot] = []
        if startMinute < midday { slots.append(Slot(part: .morning, from: clock(startMinute), to: clock(min(endMinute, midday)))) }
        if endMinute > midday { slots.append(Slot(part: .afternoon, from: clock(max(startMinute, midday)), to: clock(endMinute))) }
        return slots
    }
}

/// The reference of a signed sheet's scan: what `session signed` records.
public struct SheetScan: Hashable, Sendable {
    public var sha256: String
    public var fileName: String
    public var bytes: Int64

    public init(sha256: String, fileName: String, bytes: Int64) {
        self.sha256 = sha256
        self.fileName = fileName
        self.bytes = bytes
    }

    /// A SHA-256 as 64 lowercase hexadecimal digits.
    public static func isDigest(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}

/// An attendance certificate (*attestation de présence*): what one person attended under an
/// agreement, session by session, and the hours per module.
public struct AttendanceCertificate: Sendable {
    public struct Line: Hashable, Sendable {
        public var day: LocalDate
        public var kind: SessionKind
        public var title: String
        public var minutes: Int

        public init(day: LocalDate, kind: SessionKind, title: String, minutes: Int) {
            self.day = day
            self.kind = kind
            self.title = title
            self.minutes = minutes
        }
    }

    public var carrierID: CarrierID
    public var firstName: String
    public var lastName: String
    public var birthDate: LocalDate?
    public var operatorName: String
    public var agreement: AttendanceSheet.Agreement
    public var period: ReportPeriod
    public var lines: [Line]

    public init(
        carrierID: CarrierID, firstName: String, lastName: String, birthDate: LocalDate?, operatorName: String,
        agreement: AttendanceSheet.Agreement, period: ReportPeriod, lines: [Line]
    ) {
        self.carrierID = carrierID
        self.firstName = firstName
        self.lastName = lastName
        self.birthDate = birthDate
        self.operatorName = operatorName
        self.agreement = agreement
        self.period = period
        self.lines = lines
    }

    public var totalMinutes: Int { lines.reduce(0) { $0 + $1.minutes } }

    /// Hours per module (a session's title), with the days attended: in the order first attended.
    public var modules: [(title: String, minutes: Int, days: [LocalDate])] {
        var order: [String] = []
        var minutes: [String: Int] = [:]
        var days: [String: [LocalDate]] = [:]
        for line in lines.sorted(by: { $0.day < $1.day }) {
            if minutes[line.title] == nil { order.append(line.title) }
            minutes[line.title, default: 0] += line.minutes
            if days[line.title]?.last != line.day { days[line.title, default: []].append(line.day) }
        }
        return order.map { ($0, minutes[$0]!, days[$0]!) }
    }
}
