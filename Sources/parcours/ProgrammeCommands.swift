import ArgumentParser
import ParcoursCore
import ParcoursReports
import ParcoursServer
import ParcoursStore

// programme add|list, cohort add|list

struct ProgrammeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "programme", abstract: "An operator's pathway offers (May'IdESS, Outille ton projet…).",
        subcommands: [Add.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a programme and the phases it uses.")
        @Argument(help: "Its name.") var name: String
        @Option(name: .customLong("operator"), help: "The operator running it (id or exact name).") var operatorReference: String
        @Option(help: "Its phases in order, comma-separated: idea,workshops,modules,incubation,pitch,orientation.")
        var phases: String
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let programme = try await inTransaction(acting) { tx in
                try await tx.addProgramme(
                    name: name, operatorID: try await tx.resolveOperator(operatorReference),
                    phases: phases.split(separator: ",", omittingEmptySubsequences: false).map(String.init))
            }
            if output.json { try printJSON(.of(programme)) } else { print(programme.id) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the programmes you may see.")
        @Option(name: .customLong("operator"), help: "Only this operator's programmes.") var operatorReference: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let (programmes, operators) = try await inTransaction(acting) { tx in
                let operatorID = try await operatorReference.asyncMap { try await tx.resolveOperator($0) }
                return (try await tx.programmes(operatorID: operatorID), try await tx.operators())
            }
            if output.json { return try printJSON(.array(programmes.map(JSONValue.of))) }
            let names = Dictionary(uniqueKeysWithValues: operators.map { ($0.op.id, $0.op.name) })
            var table = TextTable("ID", "PROGRAMME", "OPERATOR", "PHASES")
            for programme in programmes {
                table.add(programme.id.description, programme.name, names[programme.operatorID] ?? "—",
                          programme.phases.map(\.rawValue).joined(separator: " → "))
            }
            table.print()
        }
    }
}

struct CohortCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cohort", abstract: "Carriers who start a programme together (a call for applications).",
        subcommands: [Add.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a cohort to a programme.")
        @Argument(help: "Its name (e.g. \"Promotion 2026\").") var name: String
        @Option(help: "The programme (id or exact name).") var programme: String
        @Option(help: "When it starts (YYYY-MM-DD).") var startsOn: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let startsOn = try parseDate(startsOn, field: "--starts-on")
            let listing = try await inTransaction(acting) { tx in
                let programme = try await tx.resolveProgramme(programme)
                let id = try await tx.addCohort(name: name, programme: programme, startsOn: startsOn)
                return try await tx.cohorts(programme: programme.id).first { $0.cohort.id == id }!
            }
            if output.json { try printJSON(.of(listing)) } else { print(listing.cohort.id) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List cohorts.")
        @Option(help: "Only this programme's cohorts.") var programme: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let cohorts = try await inTransaction(acting) { tx in
                try await tx.cohorts(programme: try await programme.asyncMap { try await tx.resolveProgramme($0).id })
            }
            if output.json { return try printJSON(.array(cohorts.map(JSONValue.of))) }
            var table = TextTable("ID", "COHORT", "PROGRAMME", "STARTS")
            for listing in cohorts {
                table.add(listing.cohort.id.description, listing.cohort.name, listing.programmeName, listing.cohort.startsOn?.iso ?? "")
            }
            table.print()
        }
    }
}
