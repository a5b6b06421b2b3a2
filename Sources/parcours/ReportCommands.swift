import ArgumentParser
import Foundation
import ParcoursCore
import ParcoursReports
import ParcoursStore

// report NAME, export fse|indicators

extension ReportKind: CommandLineChoice {
    static var noun: String { "report" }
    init?(name: String) { self.init(rawValue: name.lowercased()) }
}
extension ReportDimension: CommandLineChoice {
    static var noun: String { "breakdown" }
    init?(name: String) { self.init(rawValue: name.lowercased().trimmingCharacters(in: .whitespaces)) }
}
extension TerritoryLevel: CommandLineChoice {
    static var noun: String { "level" }
    init?(name: String) { self.init(rawValue: name.lowercased()) }
}
extension Language: CommandLineChoice {
    static var noun: String { "locale" }
    init?(name: String) { self.init(rawValue: String(name.lowercased().prefix(2))) }
}

/// The language of documents: `--locale`, else PARCOURS_LOCALE, else French.
struct LocaleOptions: ParsableArguments {
    @Option(help: "fr or en: words, dates and decimal separator (default fr, or PARCOURS_LOCALE).") var locale: String?

    func language() throws -> Language {
        guard let text = locale ?? ProcessInfo.processInfo.environment["PARCOURS_LOCALE"].flatMap({ $0.isEmpty ? nil : $0 }) else {
            return .fr
        }
        return try parseChoice(text, field: "--locale", as: Language.self)
    }
}

/// Which journeys a report counts.
struct ScopeOptions: ParsableArguments {
    @Option(name: .customLong("operator"), help: "Only this operator (id or exact name).") var operatorReference: String?
    @Option(help: "Only carriers living in this territory or under it (code or name).") var territory: String?
    @Option(help: "Only this programme (id or exact name).") var programme: String?
    @Option(help: "Only this cohort (id or exact name).") var cohort: String?
    @Option(help: "Only the journeys this funding agreement covers (its code).") var funding: String?

    func resolve(in tx: Transaction) async throws -> ReportScope {
        let operatorID = try await operatorReference.asyncMap { try await tx.resolveOperator($0) }
        let programme = try await programme.asyncMap { try await tx.resolveProgramme($0, operatorID: operatorID) }
        let cohortID = try await cohort.asyncMap { reference in
            if let programme { try await tx.resolveCohort(reference, programme: programme) } else { try await tx.resolveCohort(reference) }
        }
        return ReportScope(
            operatorID: operatorID, territoryID: try await territory.asyncMap { try await tx.resolveTerritory($0) },
            programmeID: programme?.id, cohortID: cohortID, fundingID: try await funding.asyncMap { try await tx.resolveFunding($0).id })
    }
}

enum DocumentFormat: String, CaseIterable, CommandLineChoice {
    case text, json, csv, xlsx
    static var noun: String { "format" }
    init?(name: String) { self.init(rawValue: name.lowercased()) }
}

/// Writes a document to `--out` (atomically) or to standard output.
func deliver(_ data: Data, to path: String?, binary: Bool = false) throws {
    guard let path else {
        if binary, isatty(STDOUT_FILENO) == 1 {
            throw InputError("--out: a workbook is not for the terminal; name a file (--out report.xlsx) or pipe it")
        }
        FileHandle.standardOutput.write(data)
        return
    }
    do {
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
        throw InputError("--out: cannot write \(path): \(error.localizedDescription)")
    }
}

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Outcomes of the accompaniment, computed from the journeys' history.",
        discussion: """
            NAME is activity, funnel, outcomes, durations, referrals or profile. A person counts once per row and \
            once in the total, however many journeys they had; what a report could not count is listed under it.
            PERIOD is 2026, 2026-Q3, 2026-09 or 2026-01-01..2026-06-30.
            """)

    @Argument(help: "activity, funnel, outcomes, durations, referrals or profile.") var name: String
    @Option(help: "2026, 2026-Q3, 2026-09 or FROM..TO.") var period: String
    @OptionGroup var scope: ScopeOptions
    @Option(help: "Break down by, comma-separated: operator, territory, gender, age, labour, education.") var by: String?
    @Option(help: "Where --by territory groups: region, department, epci or commune (default: below --territory, else department).")
    var level: String?
    @Flag(help: "Print the JSON contract (see README).") var json = false
    @Flag(help: "Print CSV.") var csv = false
    @Option(help: "text, json, csv or xlsx (xlsx needs --out or a pipe).") var format: String?
    @Option(help: "Write to this file instead of standard output.") var out: String?
    @OptionGroup var locale: LocaleOptions
    @OptionGroup var acting: ActingOptions

    func run() async throws {
        let kind = try parseChoice(name, field: "NAME", as: ReportKind.self)
        let period: ReportPeriod
        do { period = try ReportPeriod(parsing: self.period) } catch { throw InputError("--period: \(error)") }
        var dimensions: [ReportDimension] = []
        for part in (by ?? "").split(separator: ",") {
            let dimension = try parseChoice(String(part), field: "--by", as: ReportDimension.self)
            if !dimensions.contains(dimension) { dimensions.append(dimension) }
        }
        let level = try level.map { try parseChoice($0, field: "--level", as: TerritoryLevel.self) }
        let format = try format.map { try parseChoice($0, field: "--format", as: DocumentFormat.self) }
            ?? (json ? .json : csv ? .csv : .text)
        let renderer = ReportRenderer(language: try locale.language())
        let report = try await inTransaction(acting) { tx in
            try await tx.report(
                ReportRequest(kind: kind, period: period, scope: try await scope.resolve(in: tx), dimensions: dimensions, territoryLevel: level))
        }
        switch format {
        case .text: try deliver(Data((renderer.text(report) + "\n").utf8), to: out)
        case .json: try deliver(Data((try renderer.json(report).encoded() + "\n").utf8), to: out)
        case .csv: try deliver(Data(renderer.csv(report).utf8), to: out)
        case .xlsx: try deliver(try renderer.xlsx(report), to: out, binary: true)
        }
    }
}

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Files for funders: the ESF+ participant file and indicator tables.",
        subcommands: [FSE.self, Indicators.self])

    struct ExportOptions: ParsableArguments {
        @Option(help: "The funding agreement's code.") var funding: String
        @Option(help: "Only this part of the agreement (default: its whole period).") var period: String?
        @Option(help: "csv (default), xlsx or json.") var format: String = "csv"
        @Option(help: "Write to this file instead of standard output.") var out: String?
        @OptionGroup var locale: LocaleOptions

        func documentFormat() throws -> DocumentFormat {
            let format = try parseChoice(format, field: "--format", as: DocumentFormat.self)
            guard format != .text else { throw InputError("--format: csv, xlsx or json") }
            return format
        }

        func reportPeriod() throws -> ReportPeriod? {
            do { return try period.map(ReportPeriod.init(parsing:)) } catch { throw InputError("--period: \(error)") }
        }

        /// Reads the agreement's participants, then writes `table` of them in the chosen format.
        func export(
            _ acting: ActingOptions, kind: String, named: Bool = false,
            table: @Sendable @escaping (ParticipantFile, Funding) -> ReportTable
        ) async throws {
            let format = try documentFormat()
            let period = try reportPeriod()
            let language = try locale.language()
            let (file, funding) = try await inTransaction(acting) { tx in
                let funding = try await tx.resolveFunding(self.funding)
                if named { try tx.requireNames(in: funding) }
                if let period, period.to < funding.startsOn || period.from > funding.endsOn {
                    throw InputError("--period: \(period) is outside the agreement's dates (\(funding.startsOn) – \(funding.endsOn))")
                }
                return (try await tx.participants(of: funding, period: period), funding)
            }
            let rendered = table(file, funding)
            let renderer = ExportRenderer(language: language)
            switch format {
            case .csv, .text: try deliver(Data(renderer.csv(rendered).utf8), to: out)
            case .xlsx: try deliver(try renderer.xlsx(rendered), to: out, binary: true)
            case .json:
                try deliver(Data((try renderer.json(rendered, of: file, kind: kind).encoded() + "\n").utf8), to: out)
            }
            // On standard error: standard output may be the file itself.
            var summary = "\(file.participants.count) participants (\(funding.code), \(file.period.from) – \(file.period.to))"
            for exclusion in file.exclusions {
                summary += "; left out: \(exclusion.count) \(Labels.exclusion(exclusion.reason, .en))"
            }
            printError(summary + (out.map { " → \($0)" } ?? ""))
        }
    }

    struct FSE: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fse",
            abstract: "The ESF+ participant file of an agreement: one line per person accompanied more than one day.",
            discussion: """
                Entry indicators, exit date and situation, situation at the 6-month follow-up. Participants are \
                pseudonymous (an id stable within the agreement) unless --named or the agreement requires names.
                """)
        @OptionGroup var options: ExportOptions
        @Flag(help: "Include names, birth date and contact.") var named = false
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            let named = self.named
            try await options.export(acting, kind: "fse", named: named) { file, funding in file.table(named: named || funding.namesRequired) }
        }
    }

    struct Indicators: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The indicator table of an agreement's participants, counted by gender.")
        @OptionGroup var options: ExportOptions
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            try await options.export(acting, kind: "indicators") { file, _ in file.indicators() }
        }
    }
}
