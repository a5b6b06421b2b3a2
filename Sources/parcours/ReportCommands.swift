import ArgumentParser
import ParcoursApp
import Foundation
import ParcoursCore
import ParcoursReports
import ParcoursStore

// report NAME, export fse|indicators

extension Language: Choice {
    public var code: String { rawValue }
    public static var vocabulary: String { "language" }
}

/// Which journeys a report counts.
struct ScopeOptions: ParsableArguments {
    @Option(name: .customLong("operator"), help: help("scope-options.operator-reference")) var operatorReference: String?
    @Option(help: help("scope-options.territory")) var territory: String?
    @Option(help: help("scope-options.programme")) var programme: String?
    @Option(help: help("scope-options.cohort")) var cohort: String?
    @Option(help: help("scope-options.funding")) var funding: String?

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

enum DocumentFormat: String, CaseIterable, Choice {
    case text, json, csv, xlsx
    var code: String { rawValue }
    static var vocabulary: String { "format" }
}

/// Writes a document to `--out` (atomically) or to standard output.
func deliver(_ data: Data, to path: String?, binary: Bool = false) throws {
    guard let path else {
        if binary, Terminal.output {
            throw Refusal(.workbookToTerminal, field: "out")
        }
        // A CSV read on a terminal shows its cells, never runs an escape sequence they hold.
        if Terminal.output, let text = String(data: data, encoding: .utf8) {
            FileHandle.standardOutput.write(Data(TextTable.printableLines(text).utf8))
        } else {
            FileHandle.standardOutput.write(data)
        }
        return
    }
    do {
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
        throw Refusal(.cannotWrite, field: "out", ["path": path, "detail": error.localizedDescription])
    }
}

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: t("help.report"),
        discussion: t("help.report.discussion"))

    @Argument(help: help("report.name"), completion: choices(ReportKind.self)) var name: String
    @Option(help: help("report.period")) var period: String?
    @OptionGroup var scope: ScopeOptions
    @Option(help: help("report.by")) var by: String?
    @Option(help: help("report.level"), completion: choices(TerritoryLevel.self))
    var level: String?
    @Flag(help: help("report.json")) var json = false
    @Flag(help: help("report.csv")) var csv = false
    @Option(help: help("report.format"), completion: choices(DocumentFormat.self)) var format: String?
    @Option(help: help("report.out")) var out: String?
    @OptionGroup var acting: ActingOptions
    @OptionGroup var replica: ReplicaOptions

    func run() async throws {
        let kind = try parseChoice(name, field: "NAME", as: ReportKind.self)
        let given = try self.period.map { try parsePeriod($0) }
        let dimensions = try Input.choices(by ?? "", as: ReportDimension.self, field: "by")
        let level = try level.map { try parseChoice($0, field: "--level", as: TerritoryLevel.self) }
        let format = try format.map { try parseChoice($0, field: "--format", as: DocumentFormat.self) }
            ?? (json ? .json : csv ? .csv : .text)
        let renderer = ReportRenderer(language: CLI.language)
        let (report, today) = try await inReadTransaction(acting, replica) { tx in
            let scope = try await scope.resolve(in: tx)
            return (try await tx.report(kind, period: given, scope: scope, dimensions: dimensions, territoryLevel: level), tx.today)
        }
        switch format {
        case .text: try deliver(Data((renderer.text(report) + "\n").utf8), to: out)
        case .json: try deliver(Data((try renderer.json(report).encoded() + "\n").utf8), to: out)
        case .csv: try deliver(Data(renderer.csv(report).utf8), to: out)
        case .xlsx: try deliver(try renderer.xlsx(report, madeOn: today), to: out, binary: true)
        }
    }
}

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: t("help.export"),
        subcommands: [FSE.self, Indicators.self, AuditPackCommand.self])

    struct ExportOptions: ParsableArguments {
        @Option(help: help("export.export-options.funding")) var funding: String
        @Option(help: help("export.export-options.period")) var period: String?
        @Option(help: help("export.export-options.format"), completion: choices(DocumentFormat.self)) var format: String = "csv"
        @Option(help: help("export.export-options.out")) var out: String?
        @OptionGroup var replica: ReplicaOptions

        func documentFormat() throws -> DocumentFormat {
            let format = try parseChoice(format, field: "--format", as: DocumentFormat.self)
            guard format != .text else { throw Refusal(.unknownFormat, field: "format", ["value": "text", "expected": "csv, xlsx, json"]) }
            return format
        }

        func reportPeriod() throws -> ReportPeriod? {
            try period.map { try parsePeriod($0) }
        }

        /// Reads the agreement's participants, then writes `table` of them in the chosen format.
        func export(
            _ acting: ActingOptions, kind: String, named: Bool = false,
            table: @Sendable @escaping (ParticipantFile, Funding) -> ReportTable
        ) async throws {
            let format = try documentFormat()
            let period = try reportPeriod()
            let language = CLI.language
            let (file, funding, today) = try await inReadTransaction(acting, replica) { tx in
                let funding = try await tx.resolveFunding(self.funding)
                if named { try tx.requireNames(in: funding) }
                if let period, period.to < funding.startsOn || period.from > funding.endsOn {
                    throw Refusal(.periodOutsideAgreement, field: "period", ["period": period.name, "from": funding.startsOn.iso, "to": funding.endsOn.iso])
                }
                return (try await tx.participants(of: funding, period: period), funding, tx.today)
            }
            let rendered = table(file, funding)
            let renderer = ExportRenderer(language: language)
            switch format {
            case .csv, .text: try deliver(Data(renderer.csv(rendered).utf8), to: out)
            case .xlsx: try deliver(try renderer.xlsx(rendered, of: file, funding: funding, madeOn: today), to: out, binary: true)
            case .json:
                try deliver(Data((try renderer.json(rendered, of: file, kind: kind).encoded() + "\n").utf8), to: out)
            }
            // On standard error: standard output may be the file itself.
            var summary = t("export.summary", [
                "count": "\(file.participants.count)", "funding": funding.code, "from": Text.date(file.period.from), "to": Text.date(file.period.to),
            ])
            for exclusion in file.exclusions {
                summary += t("export.left_out", ["count": "\(exclusion.count)", "reason": Labels.exclusion(exclusion.reason, CLI.language, count: exclusion.count)])
            }
            printError(summary + (out.map { " → \($0)" } ?? ""))
        }
    }

    struct FSE: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fse",
            abstract: t("help.export.fse"),
            discussion: t("help.export.fse.discussion"))
        @OptionGroup var options: ExportOptions
        @Flag(help: help("export.fse.named")) var named = false
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            let named = self.named
            try await options.export(acting, kind: "fse", named: named) { file, funding in file.table(named: named || funding.namesRequired) }
        }
    }

    struct Indicators: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: t("help.export.indicators"))
        @OptionGroup var options: ExportOptions
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            try await options.export(acting, kind: "indicators") { file, _ in file.indicators() }
        }
    }
}

extension ExportCommand {
    /// `export audit-pack --funding CODE --out pack.zip [--named]`: what the auditor is handed.
    struct AuditPackCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "audit-pack", abstract: t("help.export.audit-pack"), discussion: t("help.export.audit-pack.discussion"))
        @Option(help: help("export.audit-pack.funding")) var funding: String
        @Option(help: help("export.audit-pack.out")) var out: String
        @Flag(help: help("export.fse.named")) var named = false
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            let language = CLI.language
            let named = self.named
            let pack = try await inTransaction(acting) { tx in
                let funding = try await tx.resolveFunding(self.funding)
                if named { try tx.requireNames(in: funding) }
                return try await AuditPack.make(in: tx, funding: funding, named: named || funding.namesRequired, language: language)
            }
            try deliver(try pack.zip(), to: out, binary: true)
            printError(t("export.audit-pack.made", ["funding": funding, "count": "\(pack.files.count + 1)", "path": out]))
        }
    }
}
