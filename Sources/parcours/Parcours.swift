import ArgumentParser
@main struct Parcours: AsyncParsableCommand { func run() async throws {} }
