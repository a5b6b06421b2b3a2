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
    /// Imports validated rows for an operator: COPY into a staging table, then an INSERT … SELECT
    /// into `carrier` and one into `carrier_profile` (row-level security applies there). All or nothing.
    ///
    /// - Parameter progress: called with the number of rows sent so far, every 10,000 rows.
    public func importCarriers(
        _ rows: [CarrierRow], operatorID: OperatorID, progress: @Sendable (Int) -> Void = { _ in }
    ) async throws -> ImportCounts {
        try await query(
            """
            CREATE TEMPORARY TABLE carrier_import (
                line integer, ref text, first_name text, last_name text, gender text, birth_date date, commune_code text,
                email text, phone text, labour_status text, education_level text, consent_on date, disability boolean,
                third_country_national boolean, foreign_background boolean, homeless boolean, carrier_id bigint,
                created boolean NOT NULL DEFAULT false
            ) ON COMMIT DROP
            """)
        try await connection.copyFrom(
            table: "carrier_import",
            columns: ["line", "ref", "first_name", "last_name", "gender", "birth_date", "commune_code", "email", "phone",
                      "labour_status", "education_level", "consent_on", "disability", "third_country_national",
                      "foreign_background", "homeless"],
            logger: logger
        ) { writer in
            var buffer = ByteBuffer()
            for (index, row) in rows.enumerated() {
                let p = row.profile
                let fields: [String?] = [
                    String(row.line), row.ref, row.firstName, row.lastName, row.gender?.rawValue, row.birthDate?.iso, row.communeCode,
                    row.email, row.phone, p.labourStatus?.rawValue, p.educationLevel?.rawValue, p.consentOn?.iso,
                    p.disability.map(String.init), p.thirdCountryNational.map(String.init), p.foreignBackground.map(String.init),
                    p.homeless.map(String.init),
                ]
                buffer.writeString(fields.map(CopyText.field).joined(separator: "\t"))
                buffer.writeString("\n")
                if buffer.readableBytes > 256 * 1024 {
                    try await writer.write(buffer)
                    buffer.clear()
                }
                if (index + 1) % 10_000 == 0 { progress(index + 1) }
            }
            if buffer.readableBytes > 0 { try await writer.write(buffer) }
        }
        // Ids are taken first so that each line's profile finds its carrier.
        try await query("UPDATE carrier_import SET carrier_id = nextval(pg_get_serial_sequence('carrier', 'id'))")
        // Two statements: the profiles' caseload check looks the new carriers up, and a statement
        // does not see the rows an earlier part of itself inserted.
        let created = try await self.rows(
            """
            WITH inserted AS (
                INSERT INTO carrier (id, operator_id, external_ref, first_name, last_name, gender, birth_date, commune_id, email, phone)
                OVERRIDING SYSTEM VALUE
                SELECT i.carrier_id, \(operatorID.rawValue), i.ref, i.first_name, i.last_name, i.gender, i.birth_date, t.id, i.email, i.phone
                FROM carrier_import AS i LEFT JOIN territory AS t ON t.code = i.commune_code
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
                   i.disability, i.third_country_national, i.foreign_background, i.homeless, 0
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
        if rows.count % 10_000 != 0 { progress(rows.count) }
        return ImportCounts(created: created, skipped: rows.count - created)
    }

    /// Records a carrier's profile (a new dated entry: the history is kept).
    public func recordProfile(carrier id: CarrierID, _ profile: CarrierProfile, on date: LocalDate?) async throws {
        let withoutConsent = profile.sensitiveFieldsWithoutConsent
        guard withoutConsent.isEmpty else {
            throw StoreError.invalid(Refusal(.sensitiveWithoutConsent, fields: withoutConsent))
        }
        guard !profile.isEmpty else { throw StoreError.invalid(Refusal(.nothingGiven, fields: ["labour", "education", "consent_on"])) }
        let recordedOn = date ?? today
        let carrier = try await self.carrier(id).carrier
        try await query(
            """
            INSERT INTO carrier_profile (operator_id, carrier_id, recorded_on, labour_status, education_level, consent_on,
                                         disability, third_country_national, foreign_background, homeless, staff_id)
            VALUES (\(carrier.operatorID.rawValue), \(id.rawValue), \(recordedOn.iso)::date, \(profile.labourStatus?.rawValue),
                    \(profile.educationLevel?.rawValue), \(profile.consentOn?.iso)::date, \(profile.disability),
                    \(profile.thirdCountryNational), \(profile.foreignBackground), \(profile.homeless), 0)
            """)
        try await audit("change", carriers: [id], "profile recorded")
    }

    /// Codes of the territories among `codes` that exist.
    public func existingTerritoryCodes(_ codes: Set<String>) async throws -> Set<String> {
        Set(try await territoryKinds(codes: Array(codes)).keys)
    }
}

/// COPY's text format: `\N` for NULL; backslash, tab, newline and carriage return escaped.
enum CopyText {
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
