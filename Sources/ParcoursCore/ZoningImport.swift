/// What an official zoning list classifies.
public enum ZoningKind: String, CaseIterable, Sendable, Codable {
    /// France Ruralités Revitalisation, by commune (or EPCI), from 1 July 2024.
    case frr
    /// FRR+, from 1 January 2025.
    case frrPlus = "frr-plus"
    /// Zones de revitalisation rurale, until 30 June 2024.
    case zrr
    /// Quartiers prioritaires de la politique de la ville (QPV 2024: codes QN…), by neighbourhood.
    case qpv
}

/// One line of a zoning list: a commune or EPCI code (or a QPV code, its name and commune).
public struct ZoningRow: Hashable, Sendable {
    public var line: Int
    public var code: String
    public var name: String?
    public var communeCode: String?

    public init(line: Int, code: String, name: String?, communeCode: String?) {
        self.line = line
        self.code = code
        self.name = name
        self.communeCode = communeCode
    }
}

/// Reads the CSV lists the State publishes (FRR, FRR+, ZRR by commune; QPV 2024 by code).
public enum ZoningImport {
    public static func columns(for kind: ZoningKind) -> ImportColumns {
        switch kind {
        case .qpv:
            ImportColumns([
                .init("code", ["code_qpv", "code_qp", "qpv", "code", "cod_qp"], required: true),
                .init("name", ["nom_qpv", "lib_qp", "nom_qp", "nom", "libelle", "name"]),
                .init("commune", ["code_commune", "insee_com", "commune", "codgeo", "code_insee", "insee"]),
                .init("commune_name", ["nom_commune", "lib_com", "libgeo"]),
            ])
        case .frr, .frrPlus, .zrr:
            ImportColumns([
                .init("code", ["code_commune", "codgeo", "code_insee", "insee", "insee_com", "commune", "code", "siren", "siren_epci", "code_epci"],
                      required: true),
                .init("name", ["nom_commune", "libgeo", "lib_com", "nom", "libelle", "name", "nom_epci"]),
                .init("classification", ["classement", "zonage", "classification", "statut", "frr", "frr_plus", "zrr"]),
                .init("department", ["departement", "dep", "code_departement"]),
                .init("region", ["region", "reg"]),
            ])
        }
    }

    /// Values of a classification column that say "not classified": the line is skipped.
    static let notClassified: Set<String> = ["", "non", "no", "0", "false", "nc", "non classee", "non classe", "hors zonage", "-"]

    /// The classified lines, or every problem found (by line, quoting the user's header).
    public static func rows(from table: CSVTable, kind: ZoningKind, ignoring: [String] = []) throws(Refusal) -> [ZoningRow] {
        let found = try columns(for: kind).map(table.header, ignoring: ignoring)
        var problems: [Refusal.Problem] = []
        var rows: [ZoningRow] = []
        var firstLine: [String: Int] = [:]
        for (line, fields) in table.rows {
            func cell(_ key: String) -> String {
                guard let index = found[key], index < fields.count else { return "" }
                return fields[index].trimmed
            }
            if fields.allSatisfy({ $0.trimmed.isEmpty }) { continue }
            if found["classification"] != nil,
               notClassified.contains(cell("classification").lowercased().folding(options: .diacriticInsensitive, locale: nil)) {
                continue
            }
            let header = Refusal.column(table.header[found["code"]!])
            let code = cell("code").uppercased()
            let valid = kind == .qpv
                ? code.range(of: "^Q[NP][0-9A-Z]{5,8}$", options: .regularExpression) != nil
                : code.range(of: "^([0-9][0-9AB][0-9]{3}|[0-9]{9})$", options: .regularExpression) != nil
            guard valid else {
                problems.append(.init(line: line, Refusal(kind == .qpv ? .notAQPVCode : .notACommuneCode, field: header, ["value": cell("code")])))
                continue
            }
            if let first = firstLine[code] {
                problems.append(.init(line: line, Refusal(.duplicateInFile, field: header, ["line": "\(first)"])))
                continue
            }
            firstLine[code] = line
            let name = cell("name")
            if kind == .qpv, name.isEmpty {
                problems.append(.init(line: line, Refusal(.required, field: Refusal.column(table.header[found["name"] ?? found["code"]!]))))
                continue
            }
            rows.append(ZoningRow(line: line, code: code, name: name.isEmpty ? nil : name, communeCode: cell("commune").isEmpty ? nil : cell("commune")))
        }
        guard problems.isEmpty else { throw Refusal.nothingDone(problems) }
        return rows
    }
}

import Foundation
