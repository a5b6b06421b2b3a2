import ArgumentParser
import ParcoursCore
import ParcoursReports
import ParcoursServer
import ParcoursStore

// funder add|list, funding add|list|show

extension FunderKind: CommandLineChoice { static var noun: String { "funder kind" } }

struct FunderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "funder", abstract: "Who pays for the accompaniment (FSE+, LEADER/FEADER, Région, État/ANCT…).",
        subcommands: [Add.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a funder.")
        @Argument(help: "Its name (FSE+ Pays de la Loire, Région Auvergne-Rhône-Alpes…).") var name: String
        @Option(help: "esf-plus, leader-feader, region, state, department, intercommunality, foundation or other.")
        var kind: String = "other"
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let kind = try parseChoice(kind, field: "--kind", as: FunderKind.self)
            let funder = try await inTransaction(acting) { try await $0.addFunder(name: name, kind: kind) }
            if output.json { try printJSON(.of(funder)) } else { print(funder.id) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List funders.")
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let funders = try await inTransaction(acting) { try await $0.funders() }
            if output.json { return try printJSON(.array(funders.map(JSONValue.of))) }
            var table = TextTable("ID", "FUNDER", "KIND")
            for funder in funders { table.add(funder.id.description, funder.name, funder.kind.flagName) }
            table.print()
        }
    }
}

struct FundingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "funding", abstract: "Funding agreements (conventions) and the journeys they cover.",
        subcommands: [Add.self, List.self, Show.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a funding agreement.",
            discussion: """
                It covers the operator's journeys that overlap its dates, in one of its programmes or cohorts \
                (when any is named) and of carriers living in one of its territories (when any is named).
                """)
        @Option(help: "The funder (id or exact name).") var funder: String
        @Option(help: "The agreement's code (e.g. 202003945).") var code: String
        @Option(help: "Its title.") var title: String
        @Option(help: "First day covered (YYYY-MM-DD).") var from: String
        @Option(help: "Last day covered (YYYY-MM-DD).") var to: String
        @Option(help: "Total budget in euros.") var budget: Double?
        @Option(help: "The funder's share of the budget, in percent.") var share: Double?
        @Option(name: .customLong("operator"), help: "The operator it funds (default: yours).") var operatorReference: String?
        @Option(name: .customLong("programme"), help: "A programme it covers; repeatable.") var programmes: [String] = []
        @Option(name: .customLong("cohort"), help: "A cohort it covers; repeatable.") var cohorts: [String] = []
        @Option(name: .customLong("territory"), help: "A territory (and its subtree) it covers; repeatable.") var territories: [String] = []
        @Flag(help: "The agreement requires participants' names in its exports.") var namesRequired = false
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            guard let startsOn = try parseDate(from, field: "--from"), let endsOn = try parseDate(to, field: "--to") else { return }
            let funding = try await inTransaction(acting) { tx in
                let operatorID: OperatorID
                if let operatorReference {
                    operatorID = try await tx.resolveOperator(operatorReference)
                } else if let own = tx.acting.operatorID {
                    operatorID = own
                } else {
                    throw InputError("--operator: name the operator the agreement funds")
                }
                var programmeIDs: [ProgrammeID] = []
                for reference in programmes { programmeIDs.append(try await tx.resolveProgramme(reference, operatorID: operatorID).id) }
                var cohortIDs: [CohortID] = []
                for reference in cohorts { cohortIDs.append(try await tx.resolveCohort(reference)) }
                var territoryIDs: [TerritoryID] = []
                for reference in territories { territoryIDs.append(try await tx.resolveTerritory(reference)) }
                return try await tx.addFunding(
                    FundingDraft(
                        operatorID: operatorID, funderID: try await tx.resolveFunder(funder), code: code, title: title,
                        startsOn: startsOn, endsOn: endsOn, budget: budget, sharePercent: share, namesRequired: namesRequired,
                        programmes: programmeIDs, cohorts: cohortIDs, territories: territoryIDs))
            }
            if output.json { try printJSON(.of(funding)) } else { print(funding.code) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the funding agreements you may see.")
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let fundings = try await inTransaction(acting) { try await $0.fundings() }
            if output.json { return try printJSON(.array(fundings.map(JSONValue.of))) }
            var table = TextTable("CODE", "TITLE", "FUNDER", "FROM", "TO", "COVERS")
            for f in fundings {
                table.add(f.code, f.title, f.funderName, f.startsOn.iso, f.endsOn.iso, f.coverage)
            }
            table.print()
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a funding agreement.")
        @Argument(help: "Its code.") var code: String
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let f = try await inTransaction(acting) { try await $0.resolveFunding(code) }
            if output.json { return try printJSON(.of(f)) }
            print("\(f.code) — \(f.title)")
            print("funder       \(f.funderName)")
            print("period       \(f.startsOn) → \(f.endsOn)")
            if let budget = f.budget { print("budget       \(budget) €" + (f.sharePercent.map { ", funder's share \($0) %" } ?? "")) }
            print("covers       \(f.coverage)")
            print("names        \(f.namesRequired ? "required in exports" : "pseudonymous exports")")
        }
    }
}

extension Funding {
    /// "programmes: A, B · territories: Mayenne".
    var coverage: String {
        [("programmes", programmes), ("cohorts", cohorts), ("territories", territories)]
            .filter { !$0.1.isEmpty }
            .map { "\($0.0): \($0.1.joined(separator: ", "))" }
            .joined(separator: " · ")
    }
}

extension JSONValue {
    static func of(_ funder: Funder) -> JSONValue {
        .object(["id": .id(funder.id), "name": .string(funder.name), "kind": .string(funder.kind.rawValue)])
    }

    static func of(_ funding: Funding) -> JSONValue {
        .object([
            "id": .id(funding.id), "operator_id": .id(funding.operatorID), "funder": .string(funding.funderName),
            "code": .string(funding.code), "title": .string(funding.title), "from": .date(funding.startsOn),
            "to": .date(funding.endsOn), "budget": funding.budget.map(JSONValue.double) ?? .null,
            "share_percent": funding.sharePercent.map(JSONValue.double) ?? .null,
            "names_required": .bool(funding.namesRequired),
            "programmes": .array(funding.programmes.map(JSONValue.string)), "cohorts": .array(funding.cohorts.map(JSONValue.string)),
            "territories": .array(funding.territories.map(JSONValue.string)),
        ])
    }
}
