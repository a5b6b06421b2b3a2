import ArgumentParser
import ParcoursCore
import ParcoursReports
import ParcoursServer
import ParcoursStore
import Foundation

// operator add|list, territory add|import|list, staff add|list

struct OperatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "operator", abstract: "Support organisations (ESS networks, BGE, CAE, nature parks…).",
        subcommands: [Add.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an operator.")
        @Argument(help: "The operator's name.") var name: String
        @Option(name: .customLong("territory"), help: "A territory it covers (id, code or exact name); repeatable.")
        var territories: [String] = []
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let listing = try await inTransaction(acting) { tx in
                var ids: [TerritoryID] = []
                for reference in territories { ids.append(try await tx.resolveTerritory(reference)) }
                let id = try await tx.addOperator(name: name, territories: ids)
                return try await tx.operators(id: id)[0]
            }
            if output.json { try printJSON(.of(listing)) } else { print(listing.op.id) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the operators you may see.")
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let operators = try await inTransaction(acting) { try await $0.operators() }
            if output.json { return try printJSON(.array(operators.map(JSONValue.of))) }
            var table = TextTable("ID", "OPERATOR", "TERRITORIES")
            for listing in operators {
                table.add(listing.op.id.description, listing.op.name, listing.territoryNames.joined(separator: ", "))
            }
            table.print()
        }
    }
}

struct TerritoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "territory", abstract: "The territory tree: région → département → EPCI / Pays / Parc → commune.",
        subcommands: [Add.self, Import.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a territory.")
        @Argument(help: "Its name.") var name: String
        @Option(help: "INSEE code (commune, département, région), SIREN (EPCI) or a local code.") var code: String
        @Option(help: "region, department, epci, pays, park or commune.") var kind: String
        @Option(help: "The parent territory (id, code or exact name).") var parent: String?
        @Flag(help: "A rural territory.") var rural = false
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let kind = try parseChoice(kind, field: "--kind", as: TerritoryKind.self)
            let territory = try await inTransaction(acting) { tx in
                let parentID = try await parent.asyncMap { try await tx.resolveTerritory($0) }
                let id = try await tx.addTerritory(code: code, name: name, kind: kind, parent: parentID, rural: rural)
                return try await tx.territory(id)
            }
            if output.json { try printJSON(.of(territory, depth: 0)) } else { print(territory.id) }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a tree from CSV (code;name;kind;parent_code;rural — French headers accepted).",
            discussion: "Every line is checked first; any bad line and nothing is imported. Existing codes are updated.")
        @Argument(help: "The CSV file.") var file: String
        @Flag(help: "Check the file and report, without importing.") var dryRun = false
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            let table = try readCSV(file)
            let counts = try await inTransaction(acting) { tx in
                let existing = try await tx.territoryKinds(codes: TerritoryImport.referencedParentCodes(in: table))
                let rows: [TerritoryRow]
                do { rows = try TerritoryImport.rows(from: table, existingKinds: existing) } catch {
                    throw StoreError.invalid("\(file): \(error)")
                }
                if dryRun { return (rows.count, 0, 0) }
                let (created, updated) = try await tx.importTerritories(rows)
                return (rows.count, created, updated)
            }
            print(dryRun
                ? "\(counts.0) territories checked, no problem found (dry run: nothing imported)"
                : "\(counts.0) territories imported: \(counts.1) created, \(counts.2) updated")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the tree, or the subtree under a territory.")
        @Option(help: "Only this territory and what it contains (id, code or exact name).") var under: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let tree = try await inTransaction(acting) { tx in
                try await tx.territories(under: try await under.asyncMap { try await tx.resolveTerritory($0) })
            }
            if output.json { return try printJSON(.array(tree.map { JSONValue.of($0.territory, depth: $0.depth) })) }
            var table = TextTable("ID", "CODE", "KIND", "RURAL", "NAME")
            for (territory, depth) in tree {
                table.add(territory.id.description, territory.code, territory.kind.rawValue, territory.rural ? "yes" : "",
                          String(repeating: "  ", count: depth) + territory.name)
            }
            table.print()
        }
    }
}

struct StaffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff", abstract: "Staff members and their roles.", subcommands: [Add.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a staff member.")
        @Argument(help: "Their e-mail (what --as names).") var email: String
        @Option(help: "counsellor, coordinator, network, funder or admin.") var role: String
        @Option(name: .customLong("operator"), help: "Their operator (id or exact name); required for counsellors and coordinators.")
var operatorReference: String?
        @Option(help: "Their funder (id or exact name); required for the funder role.") var funder: String?
        @Option(help: "Their display name.") var name: String = ""
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let role = try parseChoice(role, field: "--role", as: StaffRole.self)
            let listing = try await inTransaction(acting) { tx in
                let operatorID = try await operatorReference.asyncMap { try await tx.resolveOperator($0) }
                let funderID = try await funder.asyncMap { try await tx.resolveFunder($0) }
                let id = try await tx.addStaff(email: email, displayName: name, role: role, operatorID: operatorID, funderID: funderID)
                return try await tx.staffMembers().first { $0.staff.id == id }!
            }
            if output.json { try printJSON(.of(listing)) } else { print(listing.staff.id) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the staff you may see.")
        @Option(name: .customLong("operator"), help: "Only this operator's staff.") var operatorReference: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let staff = try await inTransaction(acting) { tx in
                try await tx.staffMembers(operatorID: try await operatorReference.asyncMap { try await tx.resolveOperator($0) })
            }
            if output.json { return try printJSON(.array(staff.map(JSONValue.of))) }
            var table = TextTable("ID", "EMAIL", "ROLE", "OPERATOR", "NAME")
            for listing in staff {
                table.add(listing.staff.id.description, listing.staff.email, listing.staff.role.rawValue,
                          listing.operatorName ?? "—", listing.staff.displayName)
            }
            table.print()
        }
    }
}

