/// One line of a territory-tree CSV: `code;name;kind;parent_code;rural` (French headers accepted:
/// `code;nom;type;code_parent;rural`).
public struct TerritoryRow: Hashable, Sendable {
    public var line: Int
    public var code: String
    public var name: String
    public var kind: TerritoryKind
    public var parentCode: String?
    public var rural: Bool

    public init(line: Int, code: String, name: String, kind: TerritoryKind, parentCode: String?, rural: Bool) {
        self.line = line
        self.code = code
        self.name = name
        self.kind = kind
        self.parentCode = parentCode
        self.rural = rural
    }
}

public enum TerritoryImport {
    public static let columns = ImportColumns([
        .init("code", ["code", "insee", "code_insee", "insee_code", "siren"], required: true),
        .init("name", ["nom", "name", "libelle", "libellé"], required: true),
        .init("kind", ["type", "kind", "niveau", "level"], required: true),
        .init("parent", ["code_parent", "parent", "parent_code"]),
        .init("rural", ["rural"]),
    ])

    /// The parent codes a file refers to: those not defined in the file must already be stored.
    public static func referencedParentCodes(in table: CSVTable) -> [String] {
        guard let column = table.column(columns.columns.first { $0.key == "parent" }!.headers) else { return [] }
        return Array(Set(table.rows.compactMap { column < $0.fields.count ? $0.fields[column].trimmed : nil }
            .filter { !$0.isEmpty })).sorted()
    }

    /// Validates every line; returns the rows parents first, or every problem found (each naming
    /// the file's own column).
    ///
    /// - Parameter existingKinds: kinds of territories already stored, by code, for parents
    ///   that the file does not define itself.
    public static func rows(
        from table: CSVTable, existingKinds: [String: TerritoryKind], ignoring: [String] = []
    ) throws(Refusal) -> [TerritoryRow] {
        let index = try columns.map(table.header, ignoring: ignoring)
        func header(_ key: String) -> String { Refusal.column(index[key].map { table.header[$0] } ?? key) }
        var problems: [Refusal.Problem] = []
        var rows: [TerritoryRow] = []
        var firstLineOfCode: [String: Int] = [:]
        for (line, fields) in table.rows {
            func cell(_ key: String) -> String {
                guard let i = index[key], i < fields.count else { return "" }
                return fields[i].trimmed
            }
            var found: [Refusal] = []
            if fields.count > table.header.count, fields[table.header.count...].contains(where: { !$0.trimmed.isEmpty }) {
                found.append(Refusal(.tooManyCells, ["count": "\(fields.count)", "header": "\(table.header.count)"]))
            }
            let code = cell("code"), name = cell("name"), kindText = cell("kind"), parent = cell("parent"), ruralText = cell("rural")
            if !isValidCode(code) { found.append(Refusal(.notACode, field: header("code"), ["value": code])) }
            if name.isEmpty { found.append(Refusal(.required, field: header("name"))) }
            let kind = TerritoryKind(name: kindText)
            if kind == nil {
                found.append(Refusal(.unknownChoice, field: header("kind"), [
                    "value": kindText, "expected": TerritoryKind.allCases.map(\.rawValue).joined(separator: ", "), "vocabulary": "territory_kind",
                ]))
            }
            let rural = parseYesNo(ruralText)
            if rural == nil { found.append(Refusal(.notYesOrNo, field: header("rural"), ["value": ruralText])) }
            if let first = firstLineOfCode[code], !code.isEmpty {
                found.append(Refusal(.refListedTwice, field: header("code"), ["value": code, "line": "\(first)"]))
            }
            if parent == code, !code.isEmpty { found.append(Refusal(.territoryOwnParent, field: header("parent"))) }
            firstLineOfCode[code] = firstLineOfCode[code] ?? line
            if let kind, let rural, found.isEmpty {
                rows.append(TerritoryRow(line: line, code: code, name: name, kind: kind, parentCode: parent.isEmpty ? nil : parent, rural: rural))
            } else {
                problems += found.map { Refusal.Problem(line: line, $0) }
            }
        }

        // Parents: defined in the file or already stored, and of a kind the child may nest under
        // (or group it: a commune or an EPCI under a Pays, a Parc).
        let fileKinds = Dictionary(rows.map { ($0.code, $0.kind) }, uniquingKeysWith: { first, _ in first })
        for row in rows {
            guard let parentCode = row.parentCode else { continue }
            guard let parentKind = fileKinds[parentCode] ?? existingKinds[parentCode] else {
                problems.append(.init(line: row.line, Refusal(.territoryParentUnknown, field: header("parent"), ["value": parentCode])))
                continue
            }
            let grouped = [.commune, .epci].contains(row.kind) && [.pays, .park].contains(parentKind)
            if !row.kind.mayNest(under: parentKind) && !grouped {
                problems.append(.init(line: row.line, Refusal(.territoryParentKind, field: header("parent"), [
                    "kind": row.kind.rawValue, "parent": parentKind.rawValue,
                ])))
            }
        }
        guard problems.isEmpty else { throw Refusal.nothingDone(problems.sorted { ($0.line ?? 0) < ($1.line ?? 0) }) }
        // Parents first: a child's kind always sits deeper than its parent's.
        return rows.sorted { ($0.kind.depth, $0.line) < ($1.kind.depth, $1.line) }
    }

    /// Letters, digits, `-`, `_`, `.`, starting with a letter or digit (mirrors the SQL check).
    public static func isValidCode(_ code: String) -> Bool {
        func isAlphanumeric(_ c: Unicode.Scalar) -> Bool {
            ("0"..."9").contains(c) || ("A"..."Z").contains(c) || ("a"..."z").contains(c)
        }
        guard let first = code.unicodeScalars.first, isAlphanumeric(first) else { return false }
        return code.unicodeScalars.allSatisfy { isAlphanumeric($0) || "_.-".unicodeScalars.contains($0) }
    }
}

extension TerritoryKind {
    /// Region 0, department 1, EPCI / Pays / Parc 2, commune 3 (mirrors `parcours_territory_depth`).
    public var depth: Int {
        switch self {
        case .region: 0
        case .department: 1
        case .epci, .pays, .park: 2
        case .commune: 3
        }
    }
}

import Foundation
