import ParcoursCore
import PostgresNIO

/// An operator with the territories it covers, as listed.
public struct OperatorListing: Sendable, Hashable {
    public var op: Operator
    public var territoryNames: [String]
    /// After how many days without an answer its referrals expire (sql/0039; 30 unless it says otherwise).
    public var referralExpiryDays: Int = 30
}

/// A staff member with their operator's name, as listed.
public struct StaffListing: Sendable, Hashable {
    public var staff: Staff
    public var operatorName: String?
    public var active: Bool
}

extension Transaction {
    // MARK: Operators

    public func addOperator(name: String, territories: [TerritoryID] = []) async throws -> OperatorID {
        let name = try requireText(name, field: "name")
        guard let id = try await rows(
            "INSERT INTO operator (name) VALUES (\(name)) RETURNING id"
        ).first?.decode(Int64.self) else { throw StoreError.unexpected("operator insert returned nothing") }
        if !territories.isEmpty {
            try await query(
                """
                INSERT INTO operator_territory (operator_id, territory_id)
                SELECT \(id), territory_id FROM unnest(\(territories.map(\.rawValue))::bigint[]) AS t (territory_id)
                ON CONFLICT DO NOTHING
                """)
        }
        return OperatorID(id)
    }

    /// Sets after how many days operator `id`'s unanswered referrals expire: its coordinators, the
    /// network or the administrator (`parcours_set_referral_expiry`).
    public func setReferralExpiry(of id: OperatorID, days: Int) async throws {
        try await query("SELECT parcours_set_referral_expiry(\(id.rawValue)::bigint, \(days)::integer)")
    }

    /// Operators visible to the acting staff member (their own, or all for network and admin).
    public func operators(id: OperatorID? = nil) async throws -> [OperatorListing] {
        try await rows(
            """
            SELECT o.id, o.name,
                   coalesce(array_agg(t.id ORDER BY t.name) FILTER (WHERE t.id IS NOT NULL), '{}'),
                   coalesce(array_agg(t.name ORDER BY t.name) FILTER (WHERE t.id IS NOT NULL), '{}'),
                   o.referral_expiry_days
            FROM operator AS o
            LEFT JOIN operator_territory AS ot ON ot.operator_id = o.id
            LEFT JOIN territory AS t ON t.id = ot.territory_id
            WHERE (\(id?.rawValue)::bigint IS NULL OR o.id = \(id?.rawValue))
            GROUP BY o.id, o.name
            ORDER BY o.name
            """
        ).map { row in
            let (id, name, territoryIDs, territoryNames, expiryDays) = try row.decode((Int64, String, [Int64], [String], Int).self)
            return OperatorListing(
                op: Operator(id: OperatorID(id), name: name, territoryIDs: territoryIDs.map(TerritoryID.init)), territoryNames: territoryNames,
                referralExpiryDays: expiryDays)
        }
    }

    /// An operator by id or exact name.
    public func resolveOperator(_ reference: String) async throws -> OperatorID {
        let id = Int64(reference)
        let found = try await rows(
            "SELECT id FROM operator WHERE id = \(id) OR (\(id)::bigint IS NULL AND name = \(reference))"
        ).map { try $0.decode(Int64.self) }
        guard let first = found.first else { throw StoreError.notFound(Refusal(.unknownName, field: "operator", ["record": "operator", "value": reference])) }
        return OperatorID(first)
    }

    // MARK: Territories

    public func addTerritory(
        code: String, name: String, kind: TerritoryKind, parent: TerritoryID?, rural: Bool
    ) async throws -> TerritoryID {
        guard TerritoryImport.isValidCode(code) else {
            throw StoreError.invalid(Refusal(.notACode, field: "code", ["value": code]))
        }
        let name = try requireText(name, field: "name")
        if let parent {
            let parentKind = try await territory(parent).kind
            guard kind.mayNest(under: parentKind) else {
                throw StoreError.invalid(Refusal(.territoryParentKind, field: "parent", ["kind": kind.rawValue, "parent": parentKind.rawValue]))
            }
        }
        let id = try await rows(
            """
            INSERT INTO territory (code, name, kind, parent_id, rural)
            VALUES (\(code), \(name), \(kind.rawValue), \(parent?.rawValue), \(rural))
            RETURNING id
            """
        ).first!.decode(Int64.self)
        return TerritoryID(id)
    }

    /// Imports (or updates, by code) an operator's tree from rows already validated by
    /// `TerritoryImport`. A commune or an EPCI of France's tree listed under a Pays, a Parc or a
    /// local EPCI joins it as a member (its official parents stay); official rows keep their names.
    /// Returns how many were created and how many updated.
    public func importTerritories(_ rows: [TerritoryRow]) async throws -> (created: Int, updated: Int) {
        // One statement for the nodes, one for the links: the parent of a row may be a later row.
        let result = try await self.rows(
            """
            INSERT INTO territory (code, name, kind, rural)
            SELECT code, name, kind, rural
            FROM unnest(\(rows.map(\.code))::text[], \(rows.map(\.name))::text[], \(rows.map(\.kind.rawValue))::text[], \(rows.map(\.rural))::boolean[])
                AS r (code, name, kind, rural)
            ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind, rural = excluded.rural
                WHERE NOT territory.official
            RETURNING (xmax = 0)
            """
        ).map { try $0.decode(Bool.self) }
        try await query(
            """
            WITH link AS (
                SELECT t.id, t.official, t.kind, parent.id AS parent_id, parent.kind AS parent_kind, parent.official AS parent_official
                FROM unnest(\(rows.map(\.code))::text[], \(rows.map { $0.parentCode ?? "" })::text[]) AS r (code, parent_code)
                JOIN territory AS t ON t.code = r.code
                LEFT JOIN territory AS parent ON parent.code = nullif(r.parent_code, '')
            ), grouped AS (
                INSERT INTO territory_member (grouping_id, member_id)
                SELECT parent_id, id FROM link
                WHERE kind IN ('commune', 'epci') AND (parent_kind IN ('pays', 'park') OR (parent_kind = 'epci' AND NOT parent_official))
                ON CONFLICT DO NOTHING
                RETURNING member_id
            )
            UPDATE territory AS t SET parent_id = link.parent_id
            FROM link
            WHERE t.id = link.id AND NOT link.official AND t.parent_id IS DISTINCT FROM link.parent_id
              AND NOT (link.kind IN ('commune', 'epci') AND (link.parent_kind IN ('pays', 'park') OR (link.parent_kind = 'epci' AND NOT link.parent_official)))
            """)
        let created = result.filter { $0 }.count
        return (created, rows.count - created)
    }

    /// Adds `members` (communes or EPCIs) to the grouping `id` (a Pays, a Parc, a local zone).
    public func addMembers(_ members: [TerritoryID], to id: TerritoryID) async throws {
        try await query(
            """
            INSERT INTO territory_member (grouping_id, member_id)
            SELECT \(id.rawValue), m FROM unnest(\(members.map(\.rawValue))::bigint[]) AS m
            ON CONFLICT DO NOTHING
            """)
    }

    /// Kinds of the stored territories among `codes`, to validate an import's parents.
    public func territoryKinds(codes: [String]) async throws -> [String: TerritoryKind] {
        var kinds: [String: TerritoryKind] = [:]
        for row in try await rows("SELECT code, kind FROM territory WHERE code = ANY(\(codes))") {
            let (code, kind) = try row.decode((String, String).self)
            kinds[code] = TerritoryKind(rawValue: kind)
        }
        return kinds
    }

    /// The territories, or the subtree under `root` (root included, and what its groupings group),
    /// parents before children; only those of `kind` when given (then flat, by code, depth 0).
    public func territories(under root: TerritoryID? = nil, kind: TerritoryKind? = nil) async throws -> [(territory: Territory, depth: Int)] {
        if let kind {
            return try await rows(
                """
                SELECT id, code, name, kind, parent_id, rural, 0 FROM territory
                WHERE kind = \(kind.rawValue) AND (\(root?.rawValue)::bigint IS NULL OR id IN (SELECT parcours_territory_subtree(\(root?.rawValue))))
                ORDER BY code
                """
            ).map(Self.territoryRow)
        }
        return try await rows(
            """
            WITH RECURSIVE tree AS (
                SELECT id, code, name, kind, parent_id, rural, 0 AS depth, ARRAY[name] AS path
                FROM territory
                WHERE (\(root?.rawValue)::bigint IS NULL AND parent_id IS NULL) OR id = \(root?.rawValue)
              UNION ALL
                SELECT t.id, t.code, t.name, t.kind, t.parent_id, t.rural, tree.depth + 1, tree.path || t.name
                FROM tree CROSS JOIN LATERAL (
                    SELECT * FROM territory AS c WHERE c.parent_id = tree.id
                    UNION
                    SELECT c.* FROM territory_member AS m JOIN territory AS c ON c.id = m.member_id WHERE m.grouping_id = tree.id
                ) AS t
                WHERE tree.depth < 4
            )
            SELECT id, code, name, kind, parent_id, rural, depth FROM tree ORDER BY path
            """
        ).map(Self.territoryRow)
    }

    private static func territoryRow(_ row: PostgresRow) throws -> (territory: Territory, depth: Int) {
        let (id, code, name, kind, parentID, rural, depth) = try row.decode((Int64, String, String, String, Int64?, Bool, Int).self)
        let territory = Territory(
            id: TerritoryID(id), code: code, name: name, kind: TerritoryKind(rawValue: kind) ?? .commune,
            parentID: parentID.map(TerritoryID.init), rural: rural)
        return (territory, depth)
    }

    public func territory(_ id: TerritoryID) async throws -> Territory {
        let found = try await rows("SELECT id, code, name, kind, parent_id, rural, 0 FROM territory WHERE id = \(id.rawValue)")
        guard let row = found.first else { throw StoreError.notFound("territory", id) }
        return try Self.territoryRow(row).territory
    }

    /// A territory by code (INSEE, SIREN, or an operator's), former commune code, id or name (case,
    /// accents, hyphens and apostrophes aside); a name shared by several is ambiguous, and the
    /// refusal lists them with their département. `kind` narrows a name to that kind (a commune).
    public func resolveTerritory(_ reference: String, kind: TerritoryKind) async throws -> TerritoryID {
        try await resolveTerritory(reference, kinds: [kind], field: kind == .commune ? "commune" : nil)
    }

    /// The commune a person of `operatorID` lives in: a name that several départements share
    /// (« Craon », « Baugy ») is the one inside the operator's territories when only one is.
    public func resolveCommune(_ reference: String, of operatorID: OperatorID) async throws -> TerritoryID {
        try await resolveTerritory(reference, kinds: [.commune], field: "commune", within: operatorID)
    }

    /// Which of `communes` (codes) lie inside `operatorID`'s territories.
    public func communesWithin(_ operatorID: OperatorID, codes communes: [String]) async throws -> Set<String> {
        Set(try await rows(
            """
            SELECT t.code FROM territory AS t
            WHERE t.code = ANY (\(communes)::text[])
              AND EXISTS (SELECT FROM territory_ancestor AS a JOIN operator_territory AS ot ON ot.territory_id = a.ancestor_id
                          WHERE a.territory_id = t.id AND ot.operator_id = \(operatorID.rawValue))
            """
        ).map { try $0.decode(String.self) })
    }

    /// A territory by code, former code, id or name, a name looked up among `kinds` (all when empty).
    public func resolveTerritory(
        _ reference: String, kinds: [TerritoryKind] = [], field: String? = nil, within operatorID: OperatorID? = nil
    ) async throws -> TerritoryID {
        let reference = reference.trimmed
        let byCode = try await rows(
            """
            SELECT id FROM territory WHERE code = \(reference) OR code = upper(\(reference))
            UNION ALL
            SELECT commune_id FROM territory_former_code WHERE code = upper(\(reference))
            LIMIT 1
            """
        ).map { try $0.decode(Int64.self) }
        if let only = byCode.first { return TerritoryID(only) }
        if let id = Int64(reference), try await !rows("SELECT id FROM territory WHERE id = \(id)").isEmpty {
            return TerritoryID(id)
        }
        let named = try await rows(
            "SELECT id, name, code, department FROM parcours_places(\([reference])::text[], \(kinds.map(\.rawValue))::text[]) WHERE NOT by_code"
        ).map { try $0.decode((Int64, String, String, String?).self) }
            .sorted { ($0.1 == reference ? 0 : 1, $0.2) < ($1.1 == reference ? 0 : 1, $1.2) }
        // An exact spelling shared by no other wins over its look-alikes.
        let exact = named.filter { $0.1 == reference }
        if exact.count == 1 || named.count == 1 { return TerritoryID((exact.first ?? named[0]).0) }
        // Shared by several: the one in the operator's territories, when only one is.
        if named.count > 1, let operatorID {
            let inside = try await communesWithin(operatorID, codes: named.map(\.2))
            let kept = named.filter { inside.contains($0.2) }
            if kept.count == 1 { return TerritoryID(kept[0].0) }
        }
        if named.count > 1 {
            let candidates = named.prefix(10).map { id, name, code, department in
                "\(name) (\(department.map { "\($0), " } ?? "")\(code))"
            }
            throw StoreError.invalid(Refusal(.ambiguousPlace, field: field, [
                "record": kinds == [.commune] ? "commune" : "territory", "value": reference,
                "count": named.count > 10 ? "10+" : "\(named.count)", "candidates": candidates.joined(separator: ", "),
            ]))
        }
        // Five digits that are no commune's INSEE code: most likely its postcode (« 53000 » for Laval, 53130).
        if kinds == [.commune], reference.count == 5, reference.allSatisfy(\.isNumber) {
            throw StoreError.notFound(Refusal(.postcodeNotCommune, field: field, ["value": reference]))
        }
        throw StoreError.notFound(Refusal(.unknownName, field: field, [
            "record": kinds == [.commune] ? "commune" : "territory", "value": reference]))
    }

    // MARK: Staff

    public func addStaff(
        email: String, displayName: String, role: StaffRole, operatorID: OperatorID?, funderID: FunderID? = nil
    ) async throws -> StaffID {
        let email = email.trimmed
        guard isPlausibleEmail(email) else {
            throw StoreError.invalid(Refusal(.notAnEmail, field: "email", ["value": email]))
        }
        if role.isOperatorBound, operatorID == nil {
            throw StoreError.invalid(Refusal(.staffNeedsOperator, field: "operator", ["role": role.rawValue]))
        }
        if (role == .funder) != (funderID != nil) {
            throw StoreError.invalid(Refusal(role == .funder ? .staffNeedsFunder : .staffFunderOnly, field: "funder"))
        }
        let id = try await rows(
            """
            INSERT INTO staff (email, display_name, role, operator_id, funder_id)
            VALUES (\(email), \(displayName), \(role.rawValue), \(operatorID?.rawValue), \(funderID?.rawValue))
            RETURNING id
            """
        ).first!.decode(Int64.self)
        return StaffID(id)
    }

    public func staffMembers(operatorID: OperatorID? = nil) async throws -> [StaffListing] {
        try await rows(
            """
            SELECT s.id, s.email, s.display_name, s.operator_id, s.role, s.active, o.name
            FROM staff AS s LEFT JOIN operator AS o ON o.id = s.operator_id
            WHERE \(operatorID?.rawValue)::bigint IS NULL OR s.operator_id = \(operatorID?.rawValue)
            ORDER BY o.name NULLS FIRST, s.email
            """
        ).map { row in
            let (id, email, name, operatorID, role, active, operatorName) = try row.decode((Int64, String, String, Int64?, String, Bool, String?).self)
            return StaffListing(
                staff: Staff(id: StaffID(id), email: email, displayName: name, operatorID: operatorID.map(OperatorID.init), role: StaffRole(rawValue: role) ?? .counsellor),
                operatorName: operatorName, active: active)
        }
    }
}

/// Trims a required text field, or says which one is empty.
func requireText(_ text: String, field: String) throws -> String {
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !trimmed.isEmpty else { throw StoreError.invalid(Refusal(.empty, field: field)) }
    return trimmed
}

import Foundation
