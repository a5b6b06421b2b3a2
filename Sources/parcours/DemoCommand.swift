import ArgumentParser
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create the demo network (idempotent) and print a summary.")
    func run() async throws {}
}
