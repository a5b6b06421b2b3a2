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

    @Test("400 mutated files read as a file is (each line checked as it is staged): the core's answer exactly, never a database error")
    func fuzzStreamed() async throws {
        try await TestDatabase.withStore { store in
            let network = try await SmallNetwork.seed(store)
            var random = SeededRandom(seed: 43)
            var refused = 0
            for _ in 0..<400 {
                // Two lines with the same reference, sometimes: a line refused for its cells still counts.
                var lines = [CarrierFileSample.line, "R2" + CarrierFileSample.line.dropFirst(2)]
                for _ in 0..<Int.random(in: 1...2, using: &random) {
                    let index = Int.random(in: 0..<lines.count, using: &random)
                    var fields = lines[index].split(separator: ";", omittingEmptySubsequences: false).map(String.init)
                    fields[Int.random(in: 0..<fields.count, using: &random)] = random.nastyText()
                    lines[index] = fields.joined(separator: ";")
                }
                let text = ([CarrierFileSample.header] + lines).joined(separator: "\n")
                guard let table = try? CSVTable(parsing: text) else { continue }
                let core = Result { () throws(Refusal) in try CarrierImport.rows(from: table, today: store.today, knownCommunes: ["53130"]) }
                do {
                    try await store.transaction(as: SmallNetwork.apessCounsellor) { tx in
                        let checker = try CarrierImport.Checker(
                            header: table.header, today: tx.today, communes: ["53130": .code("53130")])
                        _ = try await tx.importCarriers(table, checker: checker, operatorID: network.apess, allowDuplicates: true)
                        throw Discard()
                    }
                } catch is Discard {
                    if case .failure(let refusal) = core { Issue.record("staged: imported; in memory: \(refusal) — \(text.prefix(300))") }
                } catch let refusal as Refusal {
                    refused += 1
                    if case .failure(let expected) = core {
                        #expect(refusal == expected, "\(text.prefix(300))")
                    } else {
                        Issue.record("staged: \(refusal); in memory: imported — \(text.prefix(300))")
                    }
                } catch {
                    Issue.record("a database error: \(error) — \(text.prefix(300))")
                }
            }
            #expect(refused > 50, "\(refused) files refused")
        }
    }
}
