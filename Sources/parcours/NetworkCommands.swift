import ArgumentParser
import ParcoursApp
import ParcoursCore
import ParcoursReports
import ParcoursServer
import ParcoursStore
import Foundation

// operator add|list, territory add|import|list, staff add|list

struct OperatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "operator", abstract: t("help.operator"),
        subcommands: [Add.self, Update.self, List.self])

    /// `operator update OPERATOR --referral-expiry-days N`.
    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.operator.update"))
        @Argument(help: help("operator.update.operator")) var id: String
        @Option(help: help("operator.update.referral-expiry-days")) var referralExpiryDays: String
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let listing = try await perform(UpdateOperator.self, Fields(texts: ["id": id, "referral_expiry_days": referralExpiryDays]), as: acting)
            if output.json { return try printJSON(.of(listing)) }
            print(t("operator.updated", ["name": listing.op.name, "days": "\(listing.referralExpiryDays)"]))
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.operator.add"))
        @Argument(help: help("operator.add.name")) var name: String
        @Option(name: .customLong("territory"), help: help("operator.add.territories")) var territories: [String] = []
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let listing = try await perform(AddOperator.self, Fields(texts: ["name": name], lists: ["territory": territories]), as: acting)
            if output.json { try printJSON(.of(listing)) } else { printCreated(listing.op.id, "created.operator", ["name": listing.op.name]) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.operator.list"))
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let operators = try await inTransaction(acting) { try await $0.operators() }
            if output.json { return try printJSON(.array(operators.map(JSONValue.of))) }
            var table = TextTable(headers: ["id", "operator", "territories"].map { t("network.column." + $0) })
            for listing in operators {
                table.add(listing.op.id.description, listing.op.name, listing.territoryNames.joined(separator: ", "))
            }
            table.print(empty: t("cli.none"))
        }
    }
}

struct TerritoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "territory", abstract: t("help.territory"),
        subcommands: [Add.self, Import.self, LoadFrance.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.territory.add"))
        @Argument(help: help("territory.add.name")) var name: String
        @Option(help: help("territory.add.code")) var code: String
        @Option(help: help("territory.add.kind"), completion: choices(TerritoryKind.self)) var kind: String
        @Option(help: help("territory.add.parent")) var parent: String?
        @Option(help: help("territory.add.member")) var member: [String] = []
        @Flag(help: help("territory.add.rural")) var rural = false
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let territory = try await perform(
                AddTerritory.self, Fields(texts: ["name": name, "code": code, "kind": kind, "parent": parent], lists: ["member": member], flags: ["rural": rural]),
                as: acting)
            if output.json { try printJSON(.of(territory, depth: 0)) } else {
                printCreated(territory.id, "created.territory", ["name": territory.name, "code": territory.code])
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: t("help.territory.import"),
            discussion: t("help.territory.import.discussion"))
        @Argument(help: help("territory.import.file")) var file: String
        @Flag(help: help("territory.import.dry-run")) var dryRun = false
        @OptionGroup var sheet: SheetOptions
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            let table = try sheet.table(file)
            let counts = try await inTransaction(acting) { tx in
                let existing = try await tx.territoryKinds(codes: TerritoryImport.referencedParentCodes(in: table))
                let rows = try TerritoryImport.rows(from: table, existingKinds: existing, ignoring: sheet.ignoredColumns)
                if dryRun { return (rows.count, 0, 0) }
                let (created, updated) = try await tx.importTerritories(rows)
                return (rows.count, created, updated)
            }
            print(dryRun
                ? t("import.checked", ["count": "\(counts.0)"])
                : t("territory.imported", ["count": "\(counts.0)", "created": "\(counts.1)", "updated": "\(counts.2)"]))
        }
    }

    struct LoadFrance: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "load-france", abstract: t("help.territory.load-france"))
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            let (created, updated) = try await inTransaction(acting) { tx in try await tx.loadFrance() }
            print(t("territory.loaded", ["created": "\(created)", "updated": "\(updated)"]))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.territory.list"))
        @Option(help: help("territory.list.under")) var under: String?
        @Option(help: help("territory.list.kind"), completion: choices(TerritoryKind.self)) var kind: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let kind = try kind.map { text throws(Refusal) in try Input.choice(text, as: TerritoryKind.self, field: "kind") }
            let tree = try await inTransaction(acting) { tx in
                try await tx.territories(under: try await under.asyncMap { try await tx.resolveTerritory($0) }, kind: kind)
            }
            if output.json { return try printJSON(.array(tree.map { JSONValue.of($0.territory, depth: $0.depth) })) }
            var table = TextTable(headers: ["id", "code", "kind", "rural", "name"].map { t("network.column." + $0) })
            for (territory, depth) in tree {
                table.add(territory.id.description, territory.code, territory.kind.word(CLI.language), territory.rural ? t("yes") : "",
                          String(repeating: "  ", count: depth) + territory.name)
            }
            table.print(empty: t("cli.none"))
        }
    }
}

struct StaffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff", abstract: t("help.staff"), subcommands: [Add.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.staff.add"))
        @Argument(help: help("staff.add.email")) var email: String
        @Option(help: help("staff.add.role"), completion: choices(StaffRole.self)) var role: String
        @Option(name: .customLong("operator"), help: help("staff.add.operator-reference")) var operatorReference: String?
        @Option(help: help("staff.add.funder")) var funder: String?
        @Option(help: help("staff.add.name")) var name: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let listing = try await perform(AddStaff.self, Fields(texts: [
                "email": email, "role": role, "operator": operatorReference, "funder": funder, "name": name,
            ]), as: acting)
            if output.json { try printJSON(.of(listing)) } else { printCreated(listing.staff.id, "created.staff", ["email": listing.staff.email]) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.staff.list"))
        @Option(name: .customLong("operator"), help: help("staff.list.operator-reference")) var operatorReference: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let staff = try await inTransaction(acting) { tx in
                try await tx.staffMembers(operatorID: try await operatorReference.asyncMap { try await tx.resolveOperator($0) })
            }
            if output.json { return try printJSON(.array(staff.map(JSONValue.of))) }
            var table = TextTable(headers: ["id", "email", "role", "operator", "name"].map { t("network.column." + $0) })
            for listing in staff {
                table.add(listing.staff.id.description, listing.staff.email, listing.staff.role.word(CLI.language),
                          listing.operatorName ?? "—", listing.staff.displayName)
            }
            table.print(empty: t("cli.none"))
        }
    }
}

