import Foundation
import ParcoursCore

/// How a cell reads in a language: labels for codes, `12,5` and `31/12/2026` in French,
/// `12.5` and `2026-12-31` in English.
public struct CellFormatter: Sendable {
    public var language: Language

    public init(language: Language) { self.language = language }

    public func text(_ value: ReportValue, as kind: ReportColumn.Kind) -> String {
        switch value {
        case .none: ""
        case .text(let text):
            Labels.text(text, as: kind, language)
        case .int(let number): String(number)
        case .decimal(let number): self.number(number, fractionDigits: Self.fractionDigits(kind))
        case .date(let date): self.date(date)
        case .bool(let flag): Labels.flag(flag, language)
        }
    }

    public func date(_ date: LocalDate) -> String {
        switch language {
        case .fr: "\(pad(date.day))/\(pad(date.month))/\(date.year)"
        case .en: date.iso
        }
    }

    /// Rounded to `fractionDigits`, trailing zeros dropped (`12.5`, `3`), decimal comma in French.
    public func number(_ number: Double, fractionDigits: Int) -> String {
        var text = String(format: "%.\(fractionDigits)f", number)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        if text == "-0" { text = "0" }
        return language == .fr ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    static func fractionDigits(_ kind: ReportColumn.Kind) -> Int {
        switch kind {
        case .percent, .days: 1
        default: 2
        }
    }

    private func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
}

/// Text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, carriage return first).
func isFormulaLike(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first else { return false }
    return ["=", "+", "-", "@", "\t", "\r"].contains(first)
}

// MARK: - A report as text, CSV, XLSX or JSON

public struct ReportRenderer: Sendable {
    public var language: Language

    public init(language: Language) { self.language = language }

    private var formatter: CellFormatter { CellFormatter(language: language) }

    /// The headers of a table in the reader's language.
    public func headers(_ table: ReportTable) -> [String] {
        table.columns.map { Labels.column($0.key, language) }
    }

    /// Rows then the whole scope's rows, as display text; a total row reads "Total" in its first
    /// breakdown column and an unknown breakdown value "(unknown)" (« Hors Pays » at `level` pays).
    public func displayRows(_ table: ReportTable, dimensions: Int, level: TerritoryLevel? = nil) -> [[String]] {
        func line(_ values: [ReportValue], total: Bool) -> [String] {
            zip(table.columns, values).enumerated().map { index, pair in
                let (column, value) = pair
                if index < dimensions {
                    if total { return index == 0 ? Labels.total(language) : "" }
                    if value == .none { return Labels.absent(column.key, level: level, language) }
                }
                return formatter.text(value, as: column.kind)
            }
        }
        return table.rows.map { line($0, total: false) } + table.totals.map { line($0, total: true) }
    }

    /// Aligned text tables, one per section, then what was left out.
    public func text(_ report: Report) -> String {
        var blocks: [String] = []
        blocks.append("\(Labels.report(report.request.kind, language)) · \(Labels.periodWithDates(report.request.period, language))")
        if let verdict = qualityVerdict(report) { blocks.append(verdict) }
        for section in report.sections {
            var table = TextTable(headers: headers(section))
            table.rows = displayRows(section, dimensions: report.request.dimensions.count, level: report.request.territoryLevel)
            let body = table.rows.isEmpty ? (language == .fr ? "(aucune donnée)" : "(no data)") : table.render()
            blocks.append(Labels.section(section.name, language) + "\n" + body)
        }
        if !report.exclusions.isEmpty {
            let heading = language == .fr ? "Non comptés :" : "Left out:"
            blocks.append(
                heading + "\n"
                    + report.exclusions.map { "  \($0.count) \(Labels.exclusion($0.reason, language, count: $0.count))" }.joined(separator: "\n"))
        }
        return blocks.joined(separator: "\n\n")
    }

    /// The quality report's one-line verdict: how far the incomplete share is from the 35 % rule.
    public func qualityVerdict(_ report: Report) -> String? {
        guard report.request.kind == .quality, let summary = report.section("quality"),
            let share = summary.value("incomplete_share_pct")?.decimal, let level = summary.value("quality_level")?.text,
            let incomplete = summary.value("incomplete")?.int, let total = summary.value("participants")?.int
        else { return nil }
        let percent = formatter.number(share, fractionDigits: 1)
        let threshold = formatter.number(DataQuality.correctionShare, fractionDigits: 0)
        switch (language, DataQuality.Level(rawValue: level) ?? .ok) {
        case (.fr, .ok):
            return "Conforme : \(incomplete) participant(s) sur \(total) aux données incomplètes (\(percent) %), loin du seuil de \(threshold) %."
        case (.fr, .warning):
            return "ATTENTION : \(incomplete) participant(s) sur \(total) ont des données incomplètes (\(percent) %). Au-delà de \(threshold) %, le contrôle de service fait applique une correction financière : complétez-les avant le contrôle."
        case (.fr, .critical):
            return "ALERTE : \(incomplete) participant(s) sur \(total) ont des données incomplètes (\(percent) %), au-delà du seuil de \(threshold) % : en l'état, le dossier subira une correction financière."
        case (.en, .ok):
            return "In order: \(incomplete) of \(total) participants with incomplete data (\(percent) %), far from the \(threshold) % threshold."
        case (.en, .warning):
            return "WARNING: \(incomplete) of \(total) participants have incomplete data (\(percent) %). Above \(threshold) %, the audit applies a financial correction: complete them before it."
        case (.en, .critical):
            return "ALERT: \(incomplete) of \(total) participants have incomplete data (\(percent) %), above the \(threshold) % threshold: as it stands, the file will be corrected."
        }
    }

    /// CSV: each section under its title when there are several.
    public func csv(_ report: Report) -> String {
        var writer = CSVWriter(language: language)
        for (index, section) in report.sections.enumerated() {
            if report.sections.count > 1 {
                if index > 0 { writer.blankLine() }
                writer.line([Labels.section(section.name, language)])
            }
            writer.line(headers(section))
            for row in displayRows(section, dimensions: report.request.dimensions.count, level: report.request.territoryLevel) { writer.line(row) }
        }
        return writer.text
    }

    /// The report's JSON contract: codes, numbers, ISO dates, explicit nulls (README).
    public func json(_ report: Report) -> JSONValue {
        let request = report.request
        return .object([
            "report": .string(request.kind.rawValue),
            "period": .object([
                "name": .string(request.period.name), "from": .date(request.period.from), "to": .date(request.period.to),
            ]),
            "scope": .object([
                "operator_id": .id(request.scope.operatorID), "territory_id": .id(request.scope.territoryID),
                "programme_id": .id(request.scope.programmeID), "cohort_id": .id(request.scope.cohortID),
                "funding_id": .id(request.scope.fundingID),
            ]),
            "by": .array(request.dimensions.map { .string($0.rawValue) }),
            "sections": .array(report.sections.map(Self.json)),
            "excluded": Self.json(report.exclusions),
        ])
    }

    /// `[{reason, count}]`: what a report or an export left out.
    static func json(_ exclusions: [Exclusion]) -> JSONValue {
        .array(exclusions.map { .object(["reason": .string($0.reason.rawValue), "count": .int($0.count)]) })
    }

    static func json(_ table: ReportTable) -> JSONValue {
        func object(_ row: [ReportValue]) -> JSONValue {
            .object(Dictionary(uniqueKeysWithValues: zip(table.columns, row).map { ($0.key, json($1)) }))
        }
        return .object([
            "name": .string(table.name),
            "columns": .array(table.columns.map { .string($0.key) }),
            "rows": .array(table.rows.map(object)),
            "totals": .array(table.totals.map(object)),
        ])
    }

    static func json(_ value: ReportValue) -> JSONValue {
        switch value {
        case .text(let text): .string(text)
        case .int(let number): .int(number)
        case .decimal(let number): .double(number)
        case .date(let date): .date(date)
        case .bool(let flag): .bool(flag)
        case .none: .null
        }
    }

    /// One sheet per section under a title block (the report, its period, when it was made), then
    /// what the report could not count on a sheet of its own.
    public func xlsx(_ report: Report, madeOn: LocalDate) throws -> Data {
        let (dimensions, level) = (report.request.dimensions.count, report.request.territoryLevel)
        let period = report.request.period
        let title = [
            Labels.report(report.request.kind, language),
            (language == .fr ? "Période : " : "Period: ") + "\(formatter.date(period.from)) – \(formatter.date(period.to))"
                + (language == .fr ? " · édité le " : " · made on ") + formatter.date(madeOn),
        ] + (qualityVerdict(report).map { [$0] } ?? [])
        let sheets = report.sections.map { section in
            XLSXWriter.Sheet(
                name: Labels.section(section.name, language), title: title + [Labels.section(section.name, language)],
                headers: headers(section),
                rows: section.rows.map { cells(section, $0, dimensions: dimensions, level: level, total: false) }
                    + section.totals.map { cells(section, $0, dimensions: dimensions, level: level, total: true) })
        }
        return try XLSXWriter(language: language).workbook(sheets + [exclusionSheet(report.exclusions, title: title)])
    }

    /// "Non comptés": each reason and how many, or a line saying nothing was left out.
    func exclusionSheet(_ exclusions: [Exclusion], title: [String]) -> XLSXWriter.Sheet {
        let heading = language == .fr ? "Non comptés" : "Left out"
        let rows: [[XLSXWriter.Cell]] = exclusions.isEmpty
            ? [[.text(language == .fr ? "aucune ligne écartée" : "nothing left out"), .number(0)]]
            : exclusions.map { [.text(Labels.exclusion($0.reason, language)), .number(Double($0.count))] }
        return XLSXWriter.Sheet(
            name: heading, title: title + [heading], headers: language == .fr ? ["Motif", "Nombre"] : ["Reason", "Count"], rows: rows)
    }

    private func cells(_ table: ReportTable, _ row: [ReportValue], dimensions: Int, level: TerritoryLevel?, total: Bool) -> [XLSXWriter.Cell] {
        zip(table.columns, row).enumerated().map { index, pair in
            let (column, value) = pair
            if index < dimensions {
                if total { return index == 0 ? .text(Labels.total(language)) : .empty }
                if value == .none { return .text(Labels.absent(column.key, level: level, language)) }
            }
            return XLSXWriter.Cell(value, kind: column.kind, language: language)
        }
    }
}

// MARK: - Exports: a flat table (participants, indicators) for funders

/// A flat export: the cells are the values people see, in the same order in every format, so
/// the JSON, the CSV and the workbook agree cell for cell.
public struct ExportRenderer: Sendable {
    public var language: Language

    public init(language: Language) { self.language = language }

    /// A column's header: its label, and the ESF+ indicators it feeds (`Handicap (EECO12)`).
    public func header(_ column: ReportColumn) -> String {
        let label = Labels.column(column.key, language)
        return column.feeds.isEmpty ? label : "\(label) (\(Self.codeRange(column.feeds)))"
    }

    /// `EECO02–EECO05` for consecutive codes, else the codes listed.
    static func codeRange(_ codes: [String]) -> String {
        let numbers = codes.map { Int($0.suffix(2)) }
        let prefixes = Set(codes.map { $0.dropLast(2) })
        if codes.count > 2, prefixes.count == 1, let first = numbers.first ?? nil,
            numbers.enumerated().allSatisfy({ $0.element == first + $0.offset })
        {
            return "\(codes[0])–\(codes[codes.count - 1])"
        }
        return codes.joined(separator: ", ")
    }

    public func csv(_ table: ReportTable) -> String {
        let formatter = CellFormatter(language: language)
        var writer = CSVWriter(language: language)
        writer.line(table.columns.map(header))
        for row in table.rows {
            writer.line(zip(table.columns, row).map { formatter.text($1, as: $0.kind) })
        }
        return writer.text
    }

    /// The title block of an agreement's document: what it is, the agreement, the funder, the
    /// period, when it was made; the indicator list its codes follow.
    public func title(_ table: ReportTable, of file: ParticipantFile, funding: Funding, madeOn: LocalDate) -> [String] {
        let formatter = CellFormatter(language: language)
        var lines = [
            "\(Labels.section(table.name, language)) — " + (language == .fr ? "convention " : "agreement ") + "\(funding.code) : \(funding.title)",
            (language == .fr ? "Financeur : " : "Funder: ") + funding.funderName
                + (language == .fr ? " · période : " : " · period: ") + "\(formatter.date(file.period.from)) – \(formatter.date(file.period.to))"
                + (language == .fr ? " · édité le " : " · made on ") + formatter.date(madeOn),
        ]
        if table.columns.contains(where: { !$0.feeds.isEmpty }) || table.name == "indicators" {
            lines.append(
                (language == .fr ? "Indicateurs : " : "Indicators: ") + ESFIndicator.reference
                    + (language == .fr ? " · non collecté : " : " · not collected: ") + ESFIndicator.notCollected.joined(separator: ", "))
        }
        return lines
    }

    /// The table under its title block, then what was left out on a sheet of its own.
    public func xlsx(_ table: ReportTable, of file: ParticipantFile, funding: Funding, madeOn: LocalDate) throws -> Data {
        let title = title(table, of: file, funding: funding, madeOn: madeOn)
        return try XLSXWriter(language: language).workbook([
            XLSXWriter.Sheet(
                name: Labels.section(table.name, language), title: title, headers: table.columns.map(header),
                rows: table.rows.map { row in zip(table.columns, row).map { XLSXWriter.Cell($1, kind: $0.kind, language: language) } }),
            ReportRenderer(language: language).exclusionSheet(file.exclusions, title: title),
        ])
    }

    /// An export of an agreement's participants as JSON (`kind`: fse or indicators): the
    /// agreement, the period, what was left out, the columns and the rows.
    public func json(_ table: ReportTable, of file: ParticipantFile, kind: String) -> JSONValue {
        json(table, metadata: [
            "export": .string(kind), "funding": .string(file.fundingCode),
            "period": .object(["from": .date(file.period.from), "to": .date(file.period.to)]),
            "excluded": ReportRenderer.json(file.exclusions),
            "indicator_list": .string(ESFIndicator.reference),
            "not_collected": .array(ESFIndicator.notCollected.map(JSONValue.string)),
        ])
    }

    /// Stable snake_case keys; codes as their label in the chosen language (the values of the
    /// CSV and workbook), numbers as numbers, dates ISO, flags as booleans, empty as null.
    func json(_ table: ReportTable, metadata: [String: JSONValue]) -> JSONValue {
        var object = metadata
        object["columns"] = .array(
            table.columns.map {
                .object([
                    "key": .string($0.key), "label": .string(header($0)),
                    "feeds": .array($0.feeds.map(JSONValue.string)),
                ])
            })
        object["rows"] = .array(
            table.rows.map { row in
                .object(
                    Dictionary(
                        uniqueKeysWithValues: zip(table.columns, row).map { column, value in
                            if case .text(let text) = value {
                                return (column.key, JSONValue.string(Labels.text(text, as: column.kind, language)))
                            }
                            return (column.key, ReportRenderer.json(value))
                        }))
            })
        return .object(object)
    }
}
