import NIOCore
import ParcoursCore
import PostgresNIO

public struct ImportCounts: Sendable, Hashable {
    public var created: Int
    /// Lines whose reference the operator already had (a re-import).
    public var skipped: Int

    public init(created: Int, skipped: Int) {
        self.created = created
        self.skipped = skipped
    }
}

extension Transaction {
    /// The staging table's columns, in the order lines are copied.
    private static let stagedColumns = [
        "line", "ref", "first_name", "last_name", "gender", "birth_date", "commune_code", "email", "phone", "labour_status",
        "education_level", "consent_on", "disability", "third_country_national", "foreign_background", "homeless", "qpv", "valid",
    ]

    /// A checked line as staged: a row to import, or a refused line's reference (for the check of
    /// references listed twice, which spans the file).
    private static func stagedFields(_ line: Int, _ checked: CarrierImport.Checker.Checked) -> [String?] {
        switch checked {
        case .valid(let row):
            [String(row.line), row.ref, row.firstName, row.lastName, row.gender?.rawValue, row.birthDate?.iso, row.communeCode,
             row.email, row.phone, row.profile.labourStatus?.rawValue, row.profile.educationLevel?.rawValue, row.profile.consentOn?.iso,
             row.profile.disability.map(String.init), row.profile.thirdCountryNational.map(String.init),
             row.profile.foreignBackground.map(String.init), row.profile.homeless.map(String.init), row.qpv, "true"]
        case .refused(let ref, _):
            [String(line), CopyText.comparable(ref)] + Array(repeating: nil, count: 15) + ["false"]
        }
    }

    /// Imports a file's lines for an operator, each checked by `checker` as it is read and copied
    /// into a staging table (COPY), so that memory does not grow with the file; what spans the
    /// file is checked there, in SQL. Every problem is reported at once, each with its line, and
    /// nothing is written unless there is none; then an INSERT … SELECT into `carrier` and one into
    /// `carrier_profile` (row-level security applies there). All or nothing.
    ///
    /// - Parameter progress: called with the number of lines read so far, every 10,000 lines.
    /// A line that is probably a person already known (same operator, same name and birth date, or
    /// same e-mail), or the same person as an earlier line, refuses the whole file unless
    /// `allowDuplicates`; a line whose reference is known is skipped, not refused.
    public func importCarriers(
        _ lines: some SheetRows, checker: CarrierImport.Checker, operatorID: OperatorID, allowDuplicates: Bool = false,
        progress: @Sendable (Int) -> Void = { _ in }
    ) async throws -> ImportCounts {
        var problems: [Refusal.Problem] = []
        var read = 0
        try await stage { staged in
            try await lines.forEachBatch { batch in
                for (line, fields) in batch {
                    let checked = checker.check(line: line, fields: fields)
                    if case .refused(_, let found) = checked { problems += found.map { Refusal.Problem(line: line, $0) } }
                    try await staged(Self.stagedFields(line, checked))
                    read += 1
                    if read % 10_000 == 0 { progress(read) }
                }
            }
        }
        // A reference listed twice: each later line names the first. After a line's own problems,
        // as CarrierImport.rows(from:) reports it for a table in memory.
        var twice: [Refusal.Problem] = []
        for row in try await rows(
            """
            SELECT r.line, r.ref, r.first FROM (
                SELECT i.line, i.ref, min(i.line) OVER (PARTITION BY i.ref) AS first FROM carrier_import AS i WHERE i.ref IS NOT NULL
            ) AS r
            WHERE r.line > r.first
            ORDER BY r.line
            """)
        {
            let (line, ref, first) = try row.decode((Int, String, Int).self)
            twice.append(Refusal.Problem(line: line, checker.refListedTwice(ref, earlier: first)))
        }
        if let refusal = Refusal.nothingDone(lines: problems, spanning: twice) { throw refusal }
        if read % 10_000 != 0 { progress(read) }
        return try await insertStaged(operatorID: operatorID, allowDuplicates: allowDuplicates, lines: read)
    }

    /// Imports rows already checked (a table in memory: tests, `bench generate`), as above.
    public func importCarriers(
        _ rows: [CarrierRow], operatorID: OperatorID, allowDuplicates: Bool = false, progress: @Sendable (Int) -> Void = { _ in }
    ) async throws -> ImportCounts {
        try await stage { staged in
            for (index, row) in rows.enumerated() {
                try await staged(Self.stagedFields(row.line, .valid(row)))
                if (index + 1) % 10_000 == 0 { progress(index + 1) }
            }
        }
        if rows.count % 10_000 != 0 { progress(rows.count) }
        return try await insertStaged(operatorID: operatorID, allowDuplicates: allowDuplicates, lines: rows.count)
    }

    /// Opens the staging table and copies into it the lines `write` gives.
    private func stage(_ write: (_ line: ([String?]) async throws -> Void) async throws -> Void) async throws {
        // The staging table is the owner's (sql/0024): the logins may not create temporary tables.
        try await query("SELECT parcours_open_staging('carrier_import')")
        try await copyLines(into: "carrier_import", Self.stagedColumns, write)
    }

    /// The staged lines written: refused if they are probably people already known, or the same
    /// person twice (unless `allowDuplicates`), or live in an unknown QPV; then the carriers and
    /// their profiles, with one audit entry.
    private func insertStaged(operatorID: OperatorID, allowDuplicates: Bool, lines: Int) async throws -> ImportCounts {
        if !allowDuplicates { try await refuseProbableDuplicates(operatorID: operatorID) }
        let unknownQPV = try await self.rows(
            "SELECT i.line, i.qpv FROM carrier_import AS i WHERE i.qpv IS NOT NULL AND NOT EXISTS (SELECT FROM qpv WHERE code = i.qpv) ORDER BY 1 LIMIT 200")
        if !unknownQPV.isEmpty {
            throw StoreError.invalid(Refusal.nothingDone(try unknownQPV.map { row in
                let (line, code) = try row.decode((Int, String).self)
                return .init(line: line, Refusal(.unknownQPV, field: "\"qpv\"", ["value": code]))
            }))
        }
        // Two statements: the profiles' caseload check looks the new carriers up, and a statement
        // does not see the rows an earlier part of itself inserted.
        let created = try await self.rows(
            """
            WITH inserted AS (
                INSERT INTO carrier (id, operator_id, external_ref, first_name, last_name, gender, birth_date, commune_id, email, phone, qpv_code)
                OVERRIDING SYSTEM VALUE
                SELECT i.carrier_id, \(operatorID.rawValue), i.ref, i.first_name, i.last_name, i.gender, i.birth_date, t.id, i.email, i.phone, i.qpv
                FROM carrier_import AS i LEFT JOIN territory AS t ON t.code = i.commune_code AND t.kind = 'commune'
                ORDER BY i.line
                ON CONFLICT (operator_id, external_ref) DO NOTHING
                RETURNING id
            ), marked AS (
                UPDATE carrier_import AS i SET created = true FROM inserted WHERE i.carrier_id = inserted.id RETURNING 1
            )
            SELECT count(*)::integer FROM marked
            """
        ).first!.decode(Int.self)
        try await query(
            """
            INSERT INTO carrier_profile (operator_id, carrier_id, recorded_on, labour_status, education_level, consent_on,
                                         disability, third_country_national, foreign_background, homeless, staff_id)
            SELECT \(operatorID.rawValue), i.carrier_id, \(today.iso)::date, i.labour_status, i.education_level, i.consent_on,
                   i.disability, i.third_country_national, i.foreign_background, i.homeless,
                   -- the verified staff member, once: no row trigger to set it for each profile
                   (SELECT parcours_current_staff())
            FROM carrier_import AS i
            WHERE i.created
              AND num_nonnulls(i.labour_status, i.education_level, i.consent_on, i.disability, i.third_country_national,
                               i.foreign_background, i.homeless) > 0
            """)
        try await query(
            """
            SELECT parcours_audit('change', array_agg(carrier_id ORDER BY carrier_id), \(channel.rawValue), 'carrier imported')
            FROM carrier_import WHERE created
            """)
        for table in ["carrier", "carrier_profile", "audit_event"] { wrote(created, into: table) }
        return ImportCounts(created: created, skipped: lines - created)
    }

    /// The lines of `carrier_import` that are probably people already known, or the same person as
    /// an earlier line, all refused at once. One statement, each rule an equality of its own (the
    /// name key and birth date, the e-mail): hash or index joins — an OR of the two compared every
    /// pair of lines, and took a quarter of an hour for 20,000.
    private func refuseProbableDuplicates(operatorID: OperatorID) async throws {
        let found = try await rows(
            """
            WITH fresh AS (
                SELECT i.line, parcours_name_key(i.first_name, i.last_name) AS name_key, i.birth_date, lower(i.email) AS email_key
                FROM carrier_import AS i
                WHERE i.ref IS NULL OR NOT EXISTS (
                    SELECT FROM carrier AS k WHERE k.operator_id = \(operatorID.rawValue) AND k.external_ref = i.ref)
            ), earlier AS (
                SELECT b.line, a.line AS earlier FROM fresh AS a
                JOIN fresh AS b ON b.name_key = a.name_key AND b.birth_date IS NOT DISTINCT FROM a.birth_date AND b.line > a.line
                UNION ALL
                SELECT b.line, a.line FROM fresh AS a JOIN fresh AS b ON b.email_key = a.email_key AND b.line > a.line
            )
            SELECT f.line, c.id, NULL::integer FROM fresh AS f
            JOIN carrier AS c ON c.operator_id = \(operatorID.rawValue)
             AND parcours_name_key(c.first_name, c.last_name) = f.name_key AND c.birth_date IS NOT DISTINCT FROM f.birth_date
            UNION
            SELECT f.line, c.id, NULL::integer FROM fresh AS f
            JOIN carrier AS c ON c.operator_id = \(operatorID.rawValue) AND lower(c.email) = f.email_key
            UNION ALL
            SELECT line, NULL::bigint, min(earlier) FROM earlier GROUP BY line
            ORDER BY 1
            LIMIT 200
            """)
        guard !found.isEmpty else { return }
        var problems: [Refusal.Problem] = []
        for row in found {
            let (line, existing, earlier) = try row.decode((Int, Int64?, Int?).self)
            problems.append(.init(line: line, existing.map { Refusal(.knownPerson, ["carrier": "\($0)"]) }
                ?? Refusal(.duplicateInFile, ["line": "\(earlier ?? 0)"])))
        }
        var refusal = Refusal.nothingDone(problems)
        refusal.fields = ["allow_duplicate"]
        throw StoreError.duplicate(refusal)
    }

    /// Records a carrier's profile (a new dated entry: the history is kept).
    public func recordProfile(carrier id: CarrierID, _ profile: CarrierProfile, on date: LocalDate?) async throws {
        let withoutConsent = profile.sensitiveFieldsWithoutConsent
        guard withoutConsent.isEmpty else {
            throw StoreError.invalid(Refusal(.sensitiveWithoutConsent, fields: withoutConsent))
        }
        guard !profile.isEmpty else { throw StoreError.invalid(Refusal(.nothingGiven, fields: ["labour", "education", "consent_on"])) }
        let recordedOn = date ?? today
        // What a person said is recorded the day they said it, not in a year 9999.
        if let refusal = FieldLimit.refusal(with: recordedOn, notAfter: today, field: "on") { throw StoreError.invalid(refusal) }
        if let consent = profile.consentOn, let refusal = FieldLimit.refusal(with: consent, notAfter: today, field: "consent_on") {
            throw StoreError.invalid(refusal)
        }
        let carrier = try await self.carrier(id).carrier
        try await query(
            """
            INSERT INTO carrier_profile (operator_id, carrier_id, recorded_on, labour_status, education_level, consent_on,
                                         disability, third_country_national, foreign_background, minority, homeless, declined,
                                         staff_id)
            VALUES (\(carrier.operatorID.rawValue), \(id.rawValue), \(recordedOn.iso)::date, \(profile.labourStatus?.rawValue),
                    \(profile.educationLevel?.rawValue), \(profile.consentOn?.iso)::date, \(profile.disability),
                    \(profile.thirdCountryNational), \(profile.foreignBackground), \(profile.minority), \(profile.homeless),
                    \(ProfileQuestion.allCases.filter(profile.declined.contains).map(\.rawValue)), 0)
            """)
        try await audit("change", carriers: [id], "profile recorded")
    }

    /// Codes of the territories among `codes` that exist.
    public func existingTerritoryCodes(_ codes: Set<String>) async throws -> Set<String> {
        Set(try await territoryKinds(codes: Array(codes)).keys)
    }

    /// What each commune cell of a file names: today's INSEE code, a former one, or a name (case,
    /// accents and hyphens aside), one query for the whole file, each distinct value looked up once
    /// by index (`parcours_places`).
    /// A name shared by several communes is the one inside `operatorID`'s territories when only one is.
    public func communeLookups(_ values: Set<String>, operatorID: OperatorID? = nil) async throws -> [String: CommuneLookup] {
        var matches: [String: [(byCode: Bool, code: String, name: String, kind: String, department: String?)]] = [:]
        for row in try await rows("SELECT value, by_code, code, name, kind, department FROM parcours_places(\(Array(values))::text[], '{commune}')") {
            let (value, byCode, code, name, kind, department) = try row.decode((String, Bool, String, String, String, String?).self)
            matches[value, default: []].append((byCode, code, name, kind, department))
        }
        // The candidates of shared names inside the operator's territories, in one query.
        var shared: [String] = []
        for value in values {
            let communes = (matches[value.trimmed] ?? []).filter { !$0.byCode && $0.kind == TerritoryKind.commune.rawValue }
            if communes.count > 1, !(matches[value.trimmed] ?? []).contains(where: \.byCode) { shared += communes.map(\.code) }
        }
        let inside = try await operatorID.asyncMap { shared.isEmpty ? [] : try await communesWithin($0, codes: shared) } ?? []
        var lookups: [String: CommuneLookup] = [:]
        for value in values {
            let found = matches[value.trimmed] ?? []
            let communes = found.filter { $0.kind == TerritoryKind.commune.rawValue }.sorted { $0.code < $1.code }
            if let coded = communes.first(where: \.byCode) {
                lookups[value] = .code(coded.code)
            } else if found.contains(where: \.byCode) || communes.isEmpty {
                lookups[value] = .unknown
            } else if communes.count == 1 {
                lookups[value] = .code(communes[0].code)
            } else if communes.filter({ inside.contains($0.code) }).count == 1, let only = communes.first(where: { inside.contains($0.code) }) {
                lookups[value] = .code(only.code)
            } else {
                let candidates = communes.map { "\($0.name) (\($0.department.map { "\($0), " } ?? "")\($0.code))" }
                lookups[value] = .ambiguous(candidates: candidates.joined(separator: ", "), count: communes.count)
            }
        }
        return lookups
    }
}

/// COPY's text format: `\N` for NULL; backslash, tab, newline and carriage return escaped.
enum CopyText {
    /// A refused line's text, staged only to be compared with the other lines' (a reference listed
    /// twice): PostgreSQL's text holds no NUL, so NUL and SOH are written SOH-escaped — the same
    /// texts stay equal, different ones different.
    static func comparable(_ value: String?) -> String? {
        guard let value, value.unicodeScalars.contains(where: { $0.value <= 1 }) else { return value }
        return value.replacingOccurrences(of: "\u{1}", with: "\u{1}1").replacingOccurrences(of: "\u{0}", with: "\u{1}0")
    }

    static func field(_ value: String?) -> String {
        guard let value else { return "\\N" }
        var escaped = ""
        escaped.reserveCapacity(value.utf8.count)
        for c in value.unicodeScalars {
            switch c {
            case "\\": escaped += "\\\\"
            case "\t": escaped += "\\t"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            default: escaped.unicodeScalars.append(c)
            }
        }
        return escaped
    }
}
