import ParcoursCore
import ParcoursTestSupport
import Testing

/// A file is read a piece at a time (imports never hold it whole): wherever the pieces end — inside
/// a quoted field, between a CR and its LF, inside a multi-byte character — the rows, their lines
/// and the refusals are those of the whole text read at once.
@Suite("CSV read in pieces")
struct CSVStreamTests {
    @Test("3,000 seeded texts, each cut at random places, read as the reference reader reads them whole")
    func piecesReadAsWhole() {
        var random = SeededRandom(seed: 20261206)
        let alphabet = ["a", "é", "🧑‍🌾", " ", ";", ";", ",", "\t", "\"", "\"\"", "\n", "\n", "\r\n", "\r", "x;y", "\u{FEFF}"]
        for _ in 0..<3_000 {
            let text = (0..<Int.random(in: 0...60, using: &random)).map { _ in alphabet.randomElement(using: &random)! }.joined()
            let bytes = Array(text.utf8)
            var parser = CSVParser()
            var rows: [Reference.Record] = []
            var error: CSVError?
            do throws(CSVError) {
                var start = 0
                while start < bytes.count {
                    let end = min(bytes.count, start + Int.random(in: 1...8, using: &random))
                    try parser.feed(Array(bytes[start..<end])) { rows.append(Reference.Record(line: $0, fields: $1)) }
                    start = end
                }
                try parser.finish { rows.append(Reference.Record(line: $0, fields: $1)) }
                if let short = parser.shortLines { throw short }
            } catch let failure { error = failure }
            switch Reference.table(text) {
            case .success(let (header, expected)):
                #expect(error == nil, "\(String(reflecting: text)): \(String(describing: error))")
                #expect(parser.header == header, "\(String(reflecting: text))")
                #expect(rows == expected, "\(String(reflecting: text))")
                #expect(parser.rowCount == expected.count)
            case .failure(let expected):
                #expect(error == expected, "\(String(reflecting: text))")
            }
        }
    }

    @Test("a whole table parses as before: CRLF, quoted line breaks, a BOM, blank and short lines")
    func wholeTable() throws {
        let table = try CSVTable(parsing: "\u{FEFF}nom;prénom\r\n\"Le \"\"Grand\"\"\";\"Anne\r\nMarie\"\r\n;;\r\nMartin;Paul")
        #expect(table.header == ["nom", "prénom"])
        #expect(table.rows.map(\.line) == [2, 5])
        #expect(table.rows.map(\.fields) == [["Le \"Grand\"", "Anne\r\nMarie"], ["Martin", "Paul"]])
        #expect(throws: CSVError.shortLines([(line: 3, cells: 1)], header: 2)) { try CSVTable(parsing: "a;b\n1;2\nseul\n") }
        #expect(throws: CSVError.unterminatedQuote(line: 2)) { try CSVTable(parsing: "a;b\n\"1;2\n") }
        #expect(throws: CSVError.strayQuote(line: 2)) { try CSVTable(parsing: "a;b\n1\";2\n") }
        #expect(throws: CSVError.empty) { try CSVTable(parsing: "\u{FEFF}") }
    }
}

/// The reader as it was before it read in pieces, Character by Character over the whole text: the
/// oracle. One change on purpose: the first line, where the separator is counted, ends at a lone CR
/// too, as every other line does (it ran to the end of a file with CR line ends).
private enum Reference {
    struct Record: Equatable {
        var line: Int
        var fields: [String]
    }

    static func table(_ text: String) -> Result<([String], [Record]), CSVError> {
        var input = Substring(text)
        if input.hasPrefix("\u{FEFF}") { input = input.dropFirst() }
        let firstLine = input.prefix { $0 != "\n" && $0 != "\r\n" && $0 != "\r" }
        let counts = [";", ",", "\t"].map { separator in (separator, firstLine.filter { String($0) == separator }.count) }
        let separator = Character(counts.max { $0.1 < $1.1 }.map { $0.1 > 0 ? $0.0 : "," } ?? ",")
        var records: [Record]
        do { records = try self.records(in: input, separator: separator) } catch let error as CSVError { return .failure(error) } catch { fatalError() }
        guard !records.isEmpty else { return .failure(.empty) }
        let header = records.removeFirst().fields.map(\.trimmed)
        let rows = records.filter { !$0.fields.allSatisfy { $0.trimmed.isEmpty } }
        let short = rows.filter { $0.fields.count < header.count }.prefix(200).map { (line: $0.line, cells: $0.fields.count) }
        if !short.isEmpty { return .failure(.shortLines(Array(short), header: header.count)) }
        return .success((header, rows))
    }

    static func records(in input: Substring, separator: Character) throws -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var quoteOpenedOn = 0
        var index = input.startIndex
        while index < input.endIndex {
            let c = input[index]
            index = input.index(after: index)
            if inQuotes {
                if c == "\"" {
                    if index < input.endIndex, input[index] == "\"" {
                        field.append("\"")
                        index = input.index(after: index)
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" || c == "\r\n" { line += 1 }
                    field.append(c)
                }
            } else if c == "\"" && field.isEmpty {
                inQuotes = true
                quoteOpenedOn = line
            } else if c == "\"" {
                throw CSVError.strayQuote(line: line)
            } else if c == separator {
                fields.append(field)
                field = ""
            } else if c == "\n" || c == "\r\n" || c == "\r" {
                fields.append(field)
                records.append(Record(line: recordLine, fields: fields))
                fields = []
                field = ""
                line += 1
                recordLine = line
            } else {
                field.append(c)
            }
        }
        if inQuotes { throw CSVError.unterminatedQuote(line: quoteOpenedOn) }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(field)
            records.append(Record(line: recordLine, fields: fields))
        }
        return records
    }
}
