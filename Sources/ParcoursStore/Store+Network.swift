import ParcoursCore
import PostgresNIO

/// An operator with the territories it covers, as listed.
public struct OperatorListing: Sendable, Hashable {
    public var op: Operator
    public var territoryNames: [String]
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

    /// Operators visible to the acting staff member (their own, or all for network and admin).
    public func operators(id: OperatorID? = nil) async throws -> [OperatorListing] {
        try await rows(
            """
            SELECT o.id, o.name,
                   coalesce(array_agg(t.id ORDER BY t.name) FILTER (WHERE t.id IS NOT NULL), '{}'),
                   coalesce(array_agg(t.name ORDER BY t.name) FILTER (WHERE t.id IS NOT NULL), '{}')
            FROM operator AS o
            LEFT JOIN operator_territory AS ot ON ot.operator_id = o.id
            LEFT JOIN territory AS t ON t.id = ot.territory_id
            WHERE (\(id?.rawValue)::bigint IS NULL OR o.id = \(id?.rawValue))
            GROUP BY o.id, o.name
            ORDER BY o.name
            """
        ).map { row in
            let (id, name, territoryIDs, territoryNames) = try row.decode((Int64, String, [Int64], [String]).self)
            return OperatorListing(op: Operator(id: OperatorID(id), name: name, territoryIDs: territoryIDs.map(TerritoryID.init)), territoryNames: territoryNames)
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

    /// Imports (or updates, by code) a whole tree from rows already validated by `TerritoryImport`.
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
            RETURNING (xmax = 0)
            """
        ).map { try $0.decode(Bool.self) }
        try await query(
            """
            UPDATE territory AS t
            SET parent_id = parent.id
            FROM unnest(\(rows.map(\.code))::text[], \(rows.map { $0.parentCode ?? "" })::text[]) AS r (code, parent_code)
            LEFT JOIN territory AS parent ON parent.code = nullif(r.parent_code, '')
            WHERE t.code = r.code AND t.parent_id IS DISTINCT FROM parent.id
            """)
        let created = result.filter { $0 }.count
        return (created, result.count - created)
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

    /// The territories, or the subtree under `root` (root included), parents before children.
    public func territories(under root: TerritoryID? = nil) async throws -> [(territory: Territory, depth: Int)] {
        try await rows(
            """
            WITH RECURSIVE tree AS (
                SELECT id, code, name, kind, parent_id, rural, 0 AS depth, ARRAY[name] AS path
                FROM territory
                WHERE (\(root?.rawValue)::bigint IS NULL AND parent_id IS NULL) OR id = \(root?.rawValue)
              UNION ALL
                SELECT t.id, t.code, t.name, t.kind, t.parent_id, t.rural, tree.depth + 1, tree.path || t.name
                FROM territory AS t JOIN tree ON t.parent_id = tree.id
            )
            SELECT id, code, name, kind, parent_id, rural, depth FROM tree ORDER BY path
            """
        ).map { row in
            let (id, code, name, kind, parentID, rural, depth) = try row.decode((Int64, String, String, String, Int64?, Bool, Int).self)
            return (Territory(id: TerritoryID(id), code: code, name: name, kind: TerritoryKind(rawValue: kind) ?? .commune, parentID: parentID.map(TerritoryID.init), rural: rural), depth)
        }
    }

    public func territory(_ id: TerritoryID) async throws -> Territory {
        guard let found = try await territories(under: id).first?.territory else {
            throw StoreError.notFound("territory", id)
        }
        return found
    }

    /// A territory by id, code (INSEE…) or exact name; a name shared by several is ambiguous.
    public func resolveTerritory(_ reference: String) async throws -> TerritoryID {
        let found = try await rows(
            """
            SELECT id FROM territory WHERE code = \(reference)
            UNION
            SELECT id FROM territory WHERE name = \(reference) AND NOT EXISTS (SELECT FROM territory WHERE code = \(reference))
            """
        ).map { try $0.decode(Int64.self) }
        if found.count > 1 {
            throw StoreError.invalid(Refusal(.ambiguous, ["record": "territory", "value": reference, "count": "\(found.count)"]))
        }
        if let only = found.first { return TerritoryID(only) }
        if let id = Int64(reference), try await !rows("SELECT id FROM territory WHERE id = \(id)").isEmpty {
            return TerritoryID(id)
        }
        throw StoreError.notFound(Refusal(.unknownName, ["record": "territory", "value": reference]))
    }

    // MARK: Staff

    public func addStaff(
        email: String, displayName: String, role: StaffRole, operatorID: OperatorID?, funderID: FunderID? = nil
    ) async throws -> StaffID {
        let email = email.trimmingCharacters(in: .whitespaces)
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
