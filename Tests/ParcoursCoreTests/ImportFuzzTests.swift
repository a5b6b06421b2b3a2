import ParcoursCore
import ParcoursTestSupport
import Testing

/// A seeded fuzz of the carrier importer's validation: thousands of mutated files, each either
/// accepted as rows the schema's limits accept, or refused with problems that name a line.
@Suite("Carrier import under fuzzing")
struct ImportFuzzTests {

    @Test("4,000 mutated files: rows within every declared limit, or problems with a line number")
    func fuzz() throws {
        var random = SeededRandom(seed: 20261201)
        let today = LocalDate(year: 2026, month: 12, day: 1)!
        var accepted = 0, refused = 0
        for _ in 0..<4_000 {
            var lines = [CarrierFileSample.header] + (1...Int.random(in: 1...4, using: &random)).map { "R\($0)" + CarrierFileSample.line.dropFirst(2) }
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let index = Int.random(in: 0..<lines.count, using: &random)
                var fields = lines[index].split(separator: ";", omittingEmptySubsequences: false).map(String.init)
                fields[Int.random(in: 0..<fields.count, using: &random)] = random.nastyText()
                lines[index] = fields.joined(separator: ";")
            }
            let text = lines.joined(separator: Bool.random(using: &random) ? "\r\n" : "\n")
            do {
                let table = try CSVTable(parsing: text)
                let rows = try CarrierImport.rows(from: table, today: today, knownCommunes: ["53130"])
                accepted += 1
                for row in rows {
                    for (value, maximum) in [(row.firstName, FieldLimit.personName), (row.lastName, FieldLimit.personName),
                                             (row.ref ?? "", FieldLimit.reference), (row.email ?? "", FieldLimit.email),
                                             (row.phone ?? "", FieldLimit.phone)] {
                        #expect(FieldLimit.problem(with: value, maximum: maximum) == nil, "accepted '\(value.prefix(40))' from \(text.prefix(200))")
                    }
                    if let birth = row.birthDate { #expect(FieldLimit.problem(with: birth, notAfter: today) == nil) }
                }
            } catch let refusal as Refusal {
                refused += 1
                #expect(!refusal.problems.isEmpty)
                #expect(refusal.problems.allSatisfy { ($0.line ?? 0) >= 1 && $0.refusal.code != .nothingDone })
            } catch is CSVError {
                refused += 1
            }
        }
        #expect(accepted > 100 && refused > 1_000, "accepted \(accepted), refused \(refused)")
    }
}
