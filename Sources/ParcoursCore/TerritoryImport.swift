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
    static let parentHeaders = ["parent", "parent_code", "code_parent"]

    /// The parent codes a file refers to: those not defined in the file must already be stored.
    public static func referencedParentCodes(in table: CSVTable) -> [String] {
        guard let column = table.column(parentHeaders) else { return [] }
        return Array(Set(table.rows.compactMap { column < $0.fields.count ? $0.fields[column].trimmingCharacters(in: .whitespaces) : nil }
            .filter { !$0.isEmpty })).sorted()
    }

    /// Validates every line; returns the rows parents first, or every problem found.
    ///
    /// - Parameter existingKinds: kinds of territories already stored, by code, for parents
    ///   that the file does not define itself.
    public static func rows(
        from table: CSVTable, existingKinds: [String: TerritoryKind]
    ) throws(ImportProblems) -> [TerritoryRow] {
        var problems: [ImportProblems.Problem] = []
        let codeColumn = table.column(["code", "insee", "code_insee", "insee_code"])
        let nameColumn = table.column(["name", "nom", "libelle"])
        let kindColumn = table.column(["kind", "type", "niveau", "level"])
        let parentColumn = table.column(parentHeaders)
        let ruralColumn = table.column(["rural", "zrr"])
        for (column, name) in [(codeColumn, "code"), (nameColumn, "name"), (kindColumn, "kind")] where column == nil {
            problems.append(.init(line: 1, message: "missing column '\(name)' (header: \(table.header.joined(separator: ", ")))"))
        }
        guard problems.isEmpty, let codeColumn, let nameColumn, let kindColumn else { throw ImportProblems(problems) }

        var rows: [TerritoryRow] = []
        var firstLineOfCode: [String: Int] = [:]
        for (line, fields) in table.rows {
            func cell(_ index: Int?) -> String {
                guard let index, index < fields.count else { return "" }
                return fields[index].trimmingCharacters(in: .whitespaces)
            }
            guard fields.count <= table.header.count else {
                problems.append(.init(line: line, message: "\(fields.count) fields, but the header has \(table.header.count)"))
                continue
            }
            let code = cell(codeColumn), name = cell(nameColumn), kindText = cell(kindColumn)
            let parent = cell(parentColumn), ruralText = cell(ruralColumn)
            var lineProblems: [String] = []
            if !isValidCode(code) { lineProblems.append("code '\(code)' is not a valid code (letters, digits, '-', '_', '.')") }
            if name.isEmpty { lineProblems.append("name is empty") }
            let kind = TerritoryKind(name: kindText)
            if kind == nil {
                lineProblems.append("kind '\(kindText)' is unknown (expected one of: \(TerritoryKind.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            let rural = parseYesNo(ruralText)
            if rural == nil { lineProblems.append("rural '\(ruralText)' is not yes/no (oui/non)") }
            if let first = firstLineOfCode[code], !code.isEmpty {
                lineProblems.append("code '\(code)' already appears on line \(first)")
            }
            if parent == code, !code.isEmpty { lineProblems.append("a territory cannot be its own parent") }
            firstLineOfCode[code] = firstLineOfCode[code] ?? line
            if let kind, let rural, lineProblems.isEmpty {
                rows.append(TerritoryRow(line: line, code: code, name: name, kind: kind, parentCode: parent.isEmpty ? nil : parent, rural: rural))
            } else {
                problems.append(.init(line: line, message: lineProblems.joined(separator: "; ")))
            }
        }

        // Parents: defined in the file or already stored, and of a kind the child may nest under.
        let fileKinds = Dictionary(rows.map { ($0.code, $0.kind) }, uniquingKeysWith: { first, _ in first })
        for row in rows {
            guard let parentCode = row.parentCode else { continue }
            guard let parentKind = fileKinds[parentCode] ?? existingKinds[parentCode] else {
                problems.append(.init(line: row.line, message: "parent '\(parentCode)' is neither in the file nor already stored"))
                continue
            }
            if !row.kind.mayNest(under: parentKind) {
                problems.append(.init(line: row.line, message: "a \(row.kind.rawValue) cannot sit under a \(parentKind.rawValue) ('\(parentCode)')"))
            }
        }
        guard problems.isEmpty else { throw ImportProblems(problems) }
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
