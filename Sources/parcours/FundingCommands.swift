import Foundation
import ArgumentParser
import ParcoursApp
import ParcoursCore
import ParcoursReports
import ParcoursServer
import ParcoursStore

// funder add|list, funding add|list|show

struct FunderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "funder", abstract: t("help.funder"),
        subcommands: [Add.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.funder.add"))
        @Argument(help: help("funder.add.name")) var name: String
        @Option(help: help("funder.add.kind"), completion: choices(FunderKind.self)) var kind: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let funder = try await perform(AddFunder.self, Fields(texts: ["name": name, "kind": kind]), as: acting)
            if output.json { try printJSON(.of(funder)) } else { printCreated(funder.id, "created.funder", ["name": funder.name]) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.funder.list"))
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let funders = try await inTransaction(acting) { try await $0.funders() }
            if output.json { return try printJSON(.array(funders.map(JSONValue.of))) }
            var table = TextTable(headers: ["id", "funder", "kind"].map { t("funding.column." + $0) })
            for funder in funders { table.add(funder.id.description, funder.name, funder.kind.word(CLI.language)) }
            table.print(empty: t("cli.none"))
        }
    }
}

struct FundingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "funding", abstract: t("help.funding"),
        subcommands: [Add.self, List.self, Show.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: t("help.funding.add"),
            discussion: t("help.funding.add.discussion"))
        @Option(help: help("funding.add.funder")) var funder: String
        @Option(help: help("funding.add.code")) var code: String
        @Option(help: help("funding.add.title")) var title: String
        @Option(help: help("funding.add.from")) var from: String
        @Option(help: help("funding.add.to")) var to: String
        @Option(help: help("funding.add.budget")) var budget: String?
        @Option(help: help("funding.add.share")) var share: String?
        @Option(name: .customLong("operator"), help: help("funding.add.operator-reference")) var operatorReference: String?
        @Option(name: .customLong("programme"), help: help("funding.add.programmes")) var programmes: [String] = []
        @Option(name: .customLong("cohort"), help: help("funding.add.cohorts")) var cohorts: [String] = []
        @Option(name: .customLong("territory"), help: help("funding.add.territories")) var territories: [String] = []
        @Flag(help: help("funding.add.names-required")) var namesRequired = false
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let funding = try await perform(AddFunding.self, Fields(
                texts: [
                    "funder": funder, "code": code, "title": title, "from": from, "to": to, "budget": budget, "share": share,
                    "operator": operatorReference,
                ],
                lists: ["programme": programmes, "cohort": cohorts, "territory": territories], flags: ["names_required": namesRequired]),
                as: acting)
            if output.json { try printJSON(.of(funding)) } else { printCreated(funding.code, "created.funding", ["title": funding.title]) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.funding.list"))
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let fundings = try await inTransaction(acting) { try await $0.fundings() }
            if output.json { return try printJSON(.array(fundings.map(JSONValue.of))) }
            var table = TextTable(headers: ["code", "title", "funder", "from", "to", "covers"].map { t("funding.column." + $0) })
            for f in fundings {
                table.add(f.code, f.title, f.funderName, Text.date(f.startsOn), Text.date(f.endsOn), f.coverage)
            }
            table.print(empty: t("cli.none"))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.funding.show"))
        @Argument(help: help("funding.show.code")) var code: String
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let f = try await inTransaction(acting) { try await $0.resolveFunding(code) }
            if output.json { return try printJSON(.of(f)) }
            print("\(f.code) — \(f.title)")
            print(t("funding.show.funder", ["funder": f.funderName]))
            print(t("funding.show.period", ["from": Text.date(f.startsOn), "to": Text.date(f.endsOn)]))
            if let budget = f.budget {
                print(t("funding.show.budget", ["budget": Text.decimal(budget, CLI.language, digits: 2)])
                    + (f.sharePercent.map { t("funding.show.share", ["share": "\($0)"]) } ?? ""))
            }
            print(t("funding.show.covers", ["covers": f.coverage]))
            print(t(f.namesRequired ? "funding.show.named" : "funding.show.pseudonymous"))
        }
    }
}

extension Funding {
    /// « programmes : A, B · territoires : Mayenne »; the whole operator when it names none.
    var coverage: String {
        let named = [("programmes", programmes), ("cohorts", cohorts), ("territories", territories)]
            .filter { !$0.1.isEmpty }
            .map { t("funding.covers." + $0.0, ["names": $0.1.joined(separator: ", ")]) }
        return named.isEmpty ? t("funding.covers.everything") : named.joined(separator: " · ")
    }
}

