import ArgumentParser
import ParcoursApp
import ParcoursCore
import ParcoursReports
import ParcoursServer
import ParcoursStore

// programme add|list, cohort add|list

struct ProgrammeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "programme", abstract: t("help.programme"),
        subcommands: [Add.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.programme.add"))
        @Argument(help: help("programme.add.name")) var name: String
        @Option(name: .customLong("operator"), help: help("programme.add.operator-reference")) var operatorReference: String?
        @Option(help: help("programme.add.phases")) var phases: String
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let programme = try await perform(
                AddProgramme.self, Fields(texts: ["name": name, "operator": operatorReference, "phases": phases]), as: acting)
            if output.json { try printJSON(.of(programme)) } else { printCreated(programme.id, "created.programme", ["name": programme.name]) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.programme.list"))
        @Option(name: .customLong("operator"), help: help("programme.list.operator-reference")) var operatorReference: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let (programmes, operators) = try await inTransaction(acting) { tx in
                let operatorID = try await operatorReference.asyncMap { try await tx.resolveOperator($0) }
                return (try await tx.programmes(operatorID: operatorID), try await tx.operators())
            }
            if output.json { return try printJSON(.array(programmes.map(JSONValue.of))) }
            let names = Dictionary(uniqueKeysWithValues: operators.map { ($0.op.id, $0.op.name) })
            var table = TextTable(headers: ["id", "programme", "operator", "phases"].map { t("programme.column." + $0) })
            for programme in programmes {
                table.add(programme.id.description, programme.name, names[programme.operatorID] ?? "—",
                          programme.phases.map { $0.word(CLI.language) }.joined(separator: " → "))
            }
            table.print(empty: t("cli.none"))
        }
    }
}

struct CohortCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cohort", abstract: t("help.cohort"),
        subcommands: [Add.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.cohort.add"))
        @Argument(help: help("cohort.add.name")) var name: String
        @Option(help: help("cohort.add.programme")) var programme: String
        @Option(help: help("cohort.add.starts-on")) var startsOn: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let listing = try await perform(AddCohort.self, Fields(texts: ["name": name, "programme": programme, "starts_on": startsOn]), as: acting)
            if output.json { try printJSON(.of(listing)) } else { printCreated(listing.cohort.id, "created.cohort", ["name": listing.cohort.name]) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.cohort.list"))
        @Option(help: help("cohort.list.programme")) var programme: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let cohorts = try await inTransaction(acting) { tx in
                try await tx.cohorts(programme: try await programme.asyncMap { try await tx.resolveProgramme($0).id })
            }
            if output.json { return try printJSON(.array(cohorts.map(JSONValue.of))) }
            var table = TextTable(headers: ["id", "cohort", "programme", "starts"].map { t("programme.column." + $0) })
            for listing in cohorts {
                table.add(listing.cohort.id.description, listing.cohort.name, listing.programmeName, Text.date(listing.cohort.startsOn))
            }
            table.print(empty: t("cli.none"))
        }
    }
}
