import Foundation
import ParcoursStore
import ParcoursTestSupport
import Testing

/// A row's cells read by hand, as Foundation's JSONSerialization read them.
@Suite("A row's JSON cells")
struct JSONCellsTests {
    @Test("2,000 seeded rows of nasty texts and nulls: the same cells as JSONSerialization")
    func sameAsFoundation() throws {
        var random = SeededRandom(seed: 20261207)
        for _ in 0..<2_000 {
            let cells: [Any] = (0..<Int.random(in: 0...8, using: &random)).map { _ -> Any in
                if Int.random(in: 0..<5, using: &random) == 0 { return NSNull() }
                return random.nastyText() + "\u{1}\u{1F}\u{7F}/\\\"é😀"
            }
            let json = String(decoding: try JSONSerialization.data(withJSONObject: cells), as: UTF8.self)
            let expected = (try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [Any]).map { $0 as? String }
            #expect(try JSONCells.parse(json) == expected, "\(json.prefix(200))")
        }
    }

    @Test("PostgreSQL's spelling: spaces after commas, \\u escapes for control characters; other values are nil cells; malformed rows refused")
    func postgresSpelling() throws {
        #expect(try JSONCells.parse(#"["a", null, "b\"c\\d\/e", "\u0001\u00e9\ud83d\ude00", "", "\n\t\r\b\f"]"#)
            == ["a", nil, "b\"c\\d/e", "\u{1}é😀", "", "\n\t\r\u{8}\u{C}"])
        #expect(try JSONCells.parse(#" [ 1, true, {"a": "]"}, ["x"], "y" ] "#) == [nil, nil, nil, nil, "y"])
        #expect(try JSONCells.parse("[]") == [])
        for malformed in ["", "[", #"["a""#, #"["a",]"#, #"["a"] x"#, #"["\x"]"#, #"["\u12"]"#, "{}"] {
            #expect(throws: JSONCells.Malformed.self) { try JSONCells.parse(malformed) }
        }
    }
}
