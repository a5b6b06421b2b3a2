import ArgumentParser
import Foundation
import ParcoursApp
import ParcoursCore
import ParcoursStore

// zoning import: the dated rural and priority classifications (FRR, FRR+, ZRR, QPV).

struct ZoningCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "zoning", abstract: t("help.zoning"), subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.zoning.import"), discussion: t("help.zoning.import.discussion"))
        @Argument(help: help("zoning.import.file")) var file: String
        @Option(help: help("zoning.import.kind"), completion: choices(ZoningKind.self)) var kind: String
        @Option(help: help("zoning.import.from")) var from: String
        @Option(help: help("zoning.import.to")) var to: String?
        @Flag(help: help("zoning.import.dry-run")) var dryRun = false
        @OptionGroup var sheet: SheetOptions
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            let kind = try Input.choice(kind, as: ZoningKind.self, field: "kind")
            let from = try Input.date(from, field: "from")
            let to = try to.map { text throws(Refusal) in try Input.date(text, field: "to") }
            let rows = try ZoningImport.rows(from: try sheet.table(file), kind: kind, ignoring: sheet.ignoredColumns)
            let source = URL(fileURLWithPath: file).lastPathComponent
            let recorded: Int
            do {
                recorded = try await inTransaction(acting) { tx in
                    let count = try await tx.importZoning(rows, kind: kind, from: from, to: to, source: source)
                    // A dry run checks every line against the database too, then rolls back.
                    if dryRun { throw DryRunDone() }
                    return count
                }
            } catch is DryRunDone {
                return print(t("import.checked", ["count": "\(rows.count)"]))
            }
            print(t("zoning.imported", ["count": "\(recorded)", "kind": kind.word(CLI.language), "from": Text.date(from),
                                        "to": to.map(Text.date) ?? t("zoning.open")]))
        }
    }
}

/// Thrown to roll back a dry run's transaction once everything was checked.
struct DryRunDone: Error {}
