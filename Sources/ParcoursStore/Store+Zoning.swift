import ParcoursCore
import PostgresNIO

extension Transaction {
    /// Records an official zoning list, valid from `from` to `to` (open when nil), all or nothing:
    /// FRR, FRR+ and ZRR classify communes (or EPCIs: then their communes); QPV lists the
    /// neighbourhoods a person's address can be in. A code no territory has refuses its line.
    /// Returns how many lines were recorded.
    public func importZoning(
        _ rows: [ZoningRow], kind: ZoningKind, from: LocalDate, to: LocalDate?, source: String
    ) async throws -> Int {
        if let to, to < from {
            throw StoreError.invalid(Refusal(.zoningPeriod, field: "to", ["from": from.iso, "to": to.iso]))
        }
        let codes = rows.map(\.code)
        let communes = rows.map { $0.communeCode ?? "" }
        if kind == .qpv {
            let unknown = try await self.rows(
                """
                SELECT r.line FROM unnest(\(rows.map(\.line))::int[], \(communes)::text[]) AS r (line, commune)
                WHERE r.commune <> '' AND NOT EXISTS (SELECT FROM territory WHERE code = r.commune AND kind = 'commune')
                  AND NOT EXISTS (SELECT FROM territory_former_code WHERE code = r.commune)
                ORDER BY r.line
                """
            ).map { try $0.decode(Int.self) }
            try refuse(unknown, in: rows, value: { $0.communeCode ?? "" })
            return try await countedRows(
                """
                WITH upserted AS (
                    INSERT INTO qpv (code, name, commune_id, valid_from, valid_to)
                    SELECT r.code, r.name,
                           coalesce((SELECT id FROM territory WHERE code = nullif(r.commune, '') AND kind = 'commune'),
                                    (SELECT commune_id FROM territory_former_code WHERE code = nullif(r.commune, ''))),
                           \(from.iso)::date, \(to?.iso)::date
                    FROM unnest(\(codes)::text[], \(rows.map { $0.name ?? "" })::text[], \(communes)::text[]) AS r (code, name, commune)
                    ON CONFLICT (code) DO UPDATE SET name = excluded.name, commune_id = excluded.commune_id,
                        valid_from = excluded.valid_from, valid_to = excluded.valid_to
                    RETURNING 1
                )
                SELECT count(*)::int FROM upserted
                """)
        }
        let unknown = try await self.rows(
            """
            SELECT r.line FROM unnest(\(rows.map(\.line))::int[], \(codes)::text[]) AS r (line, code)
            WHERE NOT EXISTS (SELECT FROM territory WHERE code = r.code AND kind IN ('commune', 'epci'))
              AND NOT EXISTS (SELECT FROM territory_former_code WHERE code = r.code)
            ORDER BY r.line
            """
        ).map { try $0.decode(Int.self) }
        try refuse(unknown, in: rows, value: \.code)
        return try await countedRows(
            """
            WITH upserted AS (
                INSERT INTO territory_zoning (territory_id, kind, valid_from, valid_to, source)
                SELECT DISTINCT coalesce(t.id, f.commune_id), \(kind.rawValue), \(from.iso)::date, \(to?.iso)::date, \(source)
                FROM unnest(\(codes)::text[]) AS r (code)
                LEFT JOIN territory AS t ON t.code = r.code AND t.kind IN ('commune', 'epci')
                LEFT JOIN territory_former_code AS f ON f.code = r.code
                ON CONFLICT (territory_id, kind, valid_from) DO UPDATE SET valid_to = excluded.valid_to, source = excluded.source
                RETURNING 1
            )
            SELECT count(*)::int FROM upserted
            """)
    }

    private func countedRows(_ query: PostgresQuery) async throws -> Int {
        try await rows(query).first?.decode(Int.self) ?? 0
    }

    private func refuse(_ lines: [Int], in rows: [ZoningRow], value: (ZoningRow) -> String) throws {
        guard !lines.isEmpty else { return }
        let byLine = Dictionary(rows.map { ($0.line, $0) }, uniquingKeysWith: { first, _ in first })
        throw StoreError.invalid(Refusal.nothingDone(lines.map { line in
            .init(line: line, Refusal(.unknownTerritoryCode, ["value": byLine[line].map(value) ?? ""]))
        }))
    }

    /// The QPV code a person's address is in, checked against the imported lists.
    func requireKnownQPV(_ code: String) async throws -> String {
        let code = code.trimmed.uppercased()
        guard try await !rows("SELECT FROM qpv WHERE code = \(code)").isEmpty else {
            throw StoreError.invalid(Refusal(.unknownQPV, field: "qpv", ["value": code]))
        }
        return code
    }
}
