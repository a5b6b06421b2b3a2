import Foundation
import PackagePlugin

/// Compiles the schema of `sql/` into the store, so that a deployed `parcours` binary alone can
/// migrate a server: `sql/` stays the single, reviewable source of the schema — the numbered
/// migrations (tables, columns, data) and `sql/definitions/` (one current definition per function,
/// view, table's triggers and table's policies).
@main
struct EmbedMigrations: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let sqlDirectory = context.package.directoryURL.appending(path: "sql")
        func files(in directory: URL, extension wanted: String) throws -> [URL] {
            try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == wanted }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
        }
        // Migrations are the numbered files (sql/schema.sql is the snapshot a test compares, not one).
        let migrations = try files(in: sqlDirectory, extension: "sql").filter { $0.lastPathComponent.first?.isNumber == true }
        let definitions = try Self.definitionKinds.flatMap { kind in
            try files(in: sqlDirectory.appending(path: "definitions/\(kind)"), extension: "sql")
        }
        // Reference data the migrations load (France's territories), derived by sql/reference/derive.py.
        let references = try files(in: sqlDirectory.appending(path: "reference"), extension: "tsv")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedMigrations.swift")
        let inputs = migrations + definitions + references
        return [
            .buildCommand(
                displayName: "Embedding \(migrations.count) migrations, \(definitions.count) definitions and \(references.count) reference files from sql/",
                executable: try context.tool(named: "embed-migrations").url,
                arguments: [output.path, sqlDirectory.path] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }

    /// The kinds of definitions, in the order they apply: what a view, a trigger or a policy names
    /// must exist first.
    static let definitionKinds = ["functions", "views", "triggers", "policies"]
}
