import Foundation
import PackagePlugin

/// Compiles the migrations of `sql/` into the store, so that a deployed `parcours` binary alone
/// can migrate a server: `sql/` stays the single, reviewable source of the schema.
@main
struct EmbedMigrations: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let sqlDirectory = context.package.directoryURL.appending(path: "sql")
        let files = try FileManager.default.contentsOfDirectory(at: sqlDirectory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "sql" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        // Reference data the migrations load (France's territories), derived by sql/reference/derive.py.
        let referenceDirectory = sqlDirectory.appending(path: "reference")
        let references = try FileManager.default.contentsOfDirectory(at: referenceDirectory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "tsv" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedMigrations.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) migrations and \(references.count) reference files from sql/",
                executable: try context.tool(named: "embed-migrations").url,
                arguments: [output.path] + (files + references).map(\.path),
                inputFiles: files + references,
                outputFiles: [output]
            )
        ]
    }
}
