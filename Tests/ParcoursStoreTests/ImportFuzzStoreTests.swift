import ParcoursCore
import ParcoursStore
import ParcoursTestSupport
import Testing

/// What the importer's validation accepts, PostgreSQL stores: no mutated file that passed the core
/// ends in a database error, and a refused file writes nothing.
@Suite("Carrier import under fuzzing, into PostgreSQL")
struct ImportFuzzStoreTests {
    struct Discard: Error {}

    @Test("400 mutated files: accepted ones import without a database error, refused ones write nothing")
    func fuzzIntoDatabase() async throws {
        try await TestDatabase.withStore { store in
            let network = try await SmallNetwork.seed(store)
            // Laval (53130) is in France's tree, loaded with every database.
            var random = SeededRandom(seed: 42)
            var imported = 0
            for _ in 0..<400 {
                var fields = CarrierFileSample.line.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
                for _ in 0..<Int.random(in: 1...2, using: &random) {
                    fields[Int.random(in: 0..<fields.count, using: &random)] = random.nastyText()
                }
                let text = CarrierFileSample.header + "\n" + fields.joined(separator: ";")
                guard let table = try? CSVTable(parsing: text),
                    let rows = try? CarrierImport.rows(from: table, today: store.today, knownCommunes: ["53130"])
                else { continue }
                do {
                    try await store.transaction(as: SmallNetwork.apessCounsellor) { tx in
                        _ = try await tx.importCarriers(rows, operatorID: network.apess)
                        throw Discard()
                    }
                } catch is Discard {
                    imported += 1
                } catch {
                    Issue.record("the core accepted, the database refused: \(error) — \(text.prefix(300))")
                }
            }
            #expect(imported > 20, "\(imported) files imported")
            let left = try await store.transaction(as: .administrator) { try await $0.count("SELECT count(*)::int FROM carrier") }
            #expect(left == 0)
        }
    }
}
