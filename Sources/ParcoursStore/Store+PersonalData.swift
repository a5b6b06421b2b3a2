import Foundation
import ParcoursCore
import PostgresNIO
import Synchronization

/// Through which edge a transaction runs, as the audit log records it.
public enum Channel: String, Sendable {
    case cli, http
}

/// One entry of the audit log, as its reader may see it.
public struct AuditEntry: Sendable, Hashable {
    public var id: Int64
    public var at: Date
    public var staffEmail: String
    public var channel: String
    public var action: String
    /// The person concerned; nil for an entry about no one person (a dashboard share link).
    public var carrierID: CarrierID?
    public var detail: String
}

/// A person whose data has outlived its keeping period.
public struct RetentionItem: Sendable, Hashable {
    public var carrierID: CarrierID
    public var operatorID: OperatorID
    public var lastClosedOn: LocalDate
    public var keptUntil: LocalDate
}

/// The people already audited in a transaction, so that a command reading a record several times
/// leaves one entry per person and action.
final class AuditedCarriers: Sendable {
    /// Per action, the people it was recorded for.
    private let seen = Mutex<[String: Set<Int64>]>([:])
    private let people = Mutex<Set<Int64>>([])
    /// Whether reads are recorded as receipts the store keeps (the service) rather than at once.
    let keepsReceipts: Bool
    private let kept = Mutex<[String]>([])

    init(keepsReceipts: Bool = false) {
        self.keepsReceipts = keepsReceipts
    }

    /// A read's sealed receipt (`parcours_audit_read`), kept until the transaction commits.
    func keep(_ receipt: String?) {
        if let receipt { kept.withLock { $0.append(receipt) } }
    }

    var receipts: [String] { kept.withLock { $0 } }

    func firstTime(_ action: String, _ carriers: [Int64]) -> [Int64] {
        people.withLock { $0.formUnion(carriers) }
        return seen.withLock { seen in carriers.filter { seen[action, default: []].insert($0).inserted } }
    }

    /// The people already audited for `action`: a statement that audits its own rows leaves them out.
    func audited(_ action: String) -> [Int64] {
        seen.withLock { Array($0[action] ?? []) }
    }

    /// Everyone the transaction read or changed, whatever the action.
    var all: Set<Int64> { people.withLock { $0 } }
}

extension Transaction {
    /// Records that the acting staff member read or changed these people's records (sql/0012).
    /// Erasure and subject access are for the person's coordinator and the administrator.
    func requireDataManager() throws {
        guard acting.role == .coordinator || acting.role == .admin else {
            throw StoreError.forbidden(Refusal(.coordinatorsOnly, ["email": acting.email, "role": acting.role.rawValue]))
        }
    }

    func audit(_ action: String, carriers: [CarrierID], _ detail: String) async throws {
        let fresh = audited.firstTime(action, carriers.map(\.rawValue))
        guard !fresh.isEmpty else { return }
        if action == "read" {
            let receipt = try await rows(
                "SELECT parcours_audit_read(\(fresh)::bigint[], \(channel.rawValue), \(detail), \(readsByReceipt))"
            ).first?.decode(String?.self)
            audited.keep(receipt ?? nil)
        } else {
            try await query("SELECT parcours_audit(\(action), \(fresh)::bigint[], \(channel.rawValue), \(detail))")
        }
    }

    /// Whether this transaction's reads leave receipts (`parcours_audit_read`'s last argument).
    var readsByReceipt: Bool { audited.keepsReceipts }

    /// Keeps the receipt a statement that audited its own read returned (nil: none, or written at once).
    func keep(receipt: String?) {
        audited.keep(receipt)
    }

    /// Records, after a statement that wrote its own audit entry (`WITH listed AS (…), audited AS
    /// (SELECT parcours_audit(…) FROM listed)`), that these people are audited for `action` — a read
    /// is then the token check and one statement.
    func audited(_ action: String, carriers: [CarrierID]) {
        _ = audited.firstTime(action, carriers.map(\.rawValue))
    }

    /// The people this transaction read or changed (an idempotent answer is kept under their ids,
    /// so that erasing one of them finds it).
    var peopleConcerned: Set<CarrierID> { Set(audited.all.map(CarrierID.init)) }

    /// Right to erasure: every personal field of the person replaced or removed, in every table,
    /// what reports count unchanged. Coordinators of their operator and the administrator.
    public func eraseCarrier(_ id: CarrierID, reason: String) async throws {
        let reason = try requireText(reason, field: "reason")
        if let refusal = FieldLimit.refusal(with: reason, maximum: 200, field: "reason") { throw StoreError.invalid(refusal) }
        try requireDataManager()
        try await query("SELECT parcours_erase_carrier(\(id.rawValue), 'erase', \(channel.rawValue), \(reason))")
    }

    /// Consent withdrawn: the sensitive fields of every recorded profile go. Returns the profiles changed.
    @discardableResult
    public func withdrawConsent(_ id: CarrierID) async throws -> Int {
        try requireWriter()
        return try await rows("SELECT parcours_withdraw_consent(\(id.rawValue), \(channel.rawValue))").first?.decode(Int.self) ?? 0
    }

    /// Right of access: everything held about the person, as a JSON document.
    public func personalData(of id: CarrierID) async throws -> String {
        try requireDataManager()
        guard let document = try await rows("SELECT parcours_subject_access(\(id.rawValue), \(channel.rawValue))").first?
            .decode(String?.self)
        else { throw StoreError.notFound("carrier", id) }
        // The corrections and merges of the record (sql/0013) belong to what is held about the person.
        guard var object = try JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any] else { return document }
        object["corrections"] = try await carrierEvents(id).map { event -> [String: Any] in
            [
                "kind": event.kind.rawValue, "fields": event.fields, "merged_carrier_id": event.mergedCarrierID.map { Int($0.rawValue) as Any } ?? NSNull(),
                "reason": event.reason.map { $0 as Any } ?? NSNull(), "staff": event.staffEmail, "recorded_at": event.recordedAt.formatted(.iso8601),
            ]
        }
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    /// People whose keeping period (`years` after the end of the agreements that covered them, or
    /// after their last journey closed) has passed.
    public func retentionDue(years: Int) async throws -> [RetentionItem] {
        guard (1...50).contains(years) else { throw StoreError.invalid(Refusal(.outOfRange, field: "years", ["value": "\(years)", "minimum": "1", "maximum": "50"])) }
        return try await rows(
            """
            SELECT carrier_id, operator_id, to_char(last_closed_on, 'YYYY-MM-DD'), to_char(kept_until, 'YYYY-MM-DD')
            FROM parcours_retention_due(make_interval(years => \(years)::int), \(today.iso)::date)
            """
        ).map { row in
            let (carrier, op, closed, until) = try row.decode((Int64, Int64, String, String).self)
            return RetentionItem(
                carrierID: CarrierID(carrier), operatorID: OperatorID(op), lastClosedOn: try LocalDate.decoded(closed),
                keptUntil: try LocalDate.decoded(until))
        }
    }

    /// First contacts never admitted whose keeping period (`years` after their decision, or their
    /// contact while undecided) has passed.
    public func retentionIntakesDue(years: Int) async throws -> [IntakeID] {
        guard (1...50).contains(years) else { throw StoreError.invalid(Refusal(.outOfRange, field: "years", ["value": "\(years)", "minimum": "1", "maximum": "50"])) }
        return try await rows(
            "SELECT intake_id FROM parcours_retention_intakes_due(make_interval(years => \(years)::int), \(today.iso)::date)"
        ).map { IntakeID(try $0.decode(Int64.self)) }
    }

    /// Anonymises every person `retentionDue` lists (keeping commune and aggregates) and every first
    /// contact `retentionIntakesDue` lists, and drops the stored API answers older than a day.
    public func applyRetention(years: Int) async throws -> (people: [RetentionItem], intakes: [IntakeID], answers: Int) {
        try requireDataManager()
        let due = try await retentionDue(years: years)
        for item in due {
            try await query(
                "SELECT parcours_erase_carrier(\(item.carrierID.rawValue), 'retention', \(channel.rawValue), \("kept until \(item.keptUntil.iso)"))")
        }
        let intakes = try await retentionIntakesDue(years: years)
        for intake in intakes { try await query("SELECT parcours_erase_intake(\(intake.rawValue))") }
        let answers = acting.role == .admin
            ? try await rows("SELECT parcours_purge_idempotency(interval '1 day')").first?.decode(Int.self) ?? 0 : 0
        return (due, intakes, answers)
    }

    /// The audit log as the caller may read it (administrator and network: all; a coordinator: their operator's people).
    public func auditEntries(carrier: CarrierID?, staffEmail: String?, since: LocalDate?, limit: Int = 1000) async throws -> [AuditEntry] {
        guard [.admin, .network, .coordinator].contains(acting.role) else {
            throw StoreError.forbidden(Refusal(.coordinatorsOnly, ["email": acting.email, "role": acting.role.rawValue]))
        }
        return try await rows(
            """
            SELECT id, at, staff_email, channel, action, carrier_id, detail
            FROM parcours_audit_entries(\(carrier?.rawValue)::bigint, \(staffEmail)::text, \(since?.iso)::date::timestamptz, \(limit)::int)
            """
        ).map { row in
            let (id, at, email, channel, action, carrier, detail) = try row.decode((Int64, Date, String, String, String, Int64?, String).self)
            return AuditEntry(id: id, at: at, staffEmail: email, channel: channel, action: action, carrierID: carrier.map(CarrierID.init), detail: detail)
        }
    }

    /// Seals what was committed so far, then walks the audit chain: how many entries verify, and
    /// the first that does not (-1: the tail was removed).
    public func verifyAudit() async throws -> (checked: Int, firstBroken: Int64?) {
        try await sealCommittedAudit()
        let row = try await rows("SELECT checked, first_broken FROM parcours_audit_verify()").first!
        let (checked, broken) = try row.decode((Int, Int64?).self)
        return (checked, broken)
    }

    /// Where the sealed audit chain stands, after sealing what was committed so far (unless the
    /// transaction only reads, as on a replica): what an audit pack carries, for whoever keeps it
    /// to ask later whether the log still holds it.
    public func auditCheckpoint() async throws -> AuditCheckpoint {
        try await sealCommittedAudit()
        let (entries, hash, sealedThrough) = try await rows("SELECT entries, head_hash, sealed_through FROM parcours_audit_checkpoint()")
            .first!.decode((Int64, String, Date?).self)
        return AuditCheckpoint(entries: entries, hash: hash, sealedThrough: sealedThrough)
    }

    /// Chains the entries committed so far, from inside this transaction (a read-only one, on a
    /// replica, leaves that to the primary's sealer).
    private func sealCommittedAudit() async throws {
        try await query("SELECT CASE WHEN current_setting('transaction_read_only') = 'off' THEN parcours_audit_seal() END")
    }

    /// Whether the sealed chain still has `checkpoint.hash` at entry number `checkpoint.entries`.
    public func auditCheckpointHolds(_ checkpoint: AuditCheckpoint) async throws -> Bool {
        try await rows("SELECT parcours_audit_checkpoint_holds(\(checkpoint.entries), \(checkpoint.hash))").first!.decode(Bool.self)
    }
}

/// A place in the sealed audit chain: its number of entries and the hash of the last one.
public struct AuditCheckpoint: Sendable, Hashable {
    public var entries: Int64
    public var hash: String
    public var sealedThrough: Date?

    public init(entries: Int64, hash: String, sealedThrough: Date? = nil) {
        self.entries = entries
        self.hash = hash
        self.sealedThrough = sealedThrough
    }

    /// `ENTRIES:HASH`, as an audit pack prints it and `audit verify --checkpoint` reads it.
    public var text: String { "\(entries):\(hash)" }

    public init?(text: String) {
        let parts = text.trimmed.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let entries = Int64(parts[0]), entries >= 0, parts[1].count == 64,
              parts[1].allSatisfy(\.isHexDigit) else { return nil }
        self.init(entries: entries, hash: parts[1].lowercased())
    }

    /// A checkpoint as a person gives it (`--checkpoint`, `?checkpoint=`), or the refusal naming it.
    public static func parsing(_ text: String) throws -> AuditCheckpoint {
        guard let checkpoint = AuditCheckpoint(text: text) else {
            throw StoreError.invalid(Refusal(.notACheckpoint, field: "checkpoint", ["value": text]))
        }
        return checkpoint
    }
}

extension Store {
    /// Chains the audit entries committed since the last seal (sql/0025): no identity needed, one
    /// sealer at a time. Returns how many it sealed. `parcours serve` calls it every second, each
    /// CLI command once it is done.
    @discardableResult
    public func sealAudit() async throws -> Int {
        // One statement, its own transaction.
        try await withLoginConnection { connection in
            try await connection.queryUnlessClosed("SELECT parcours_audit_seal()", logger: logger).collect().first?.decode(Int.self) ?? 0
        }
    }
}
