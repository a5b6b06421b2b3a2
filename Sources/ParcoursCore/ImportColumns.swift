/// The columns an import understands, each with the headers people write for it (French or
/// English, any case, accents, spaces or hyphens): every column of a file's header is either
/// understood or named in the refusal, unless the user accepts losing it.
public struct ImportColumns: Sendable {
    public struct Column: Sendable {
        public var key: String
        public var headers: [String]
        public var required: Bool

        public init(_ key: String, _ headers: [String], required: Bool = false) {
            self.key = key
            self.headers = headers
            self.required = required
        }
    }

    public var columns: [Column]

    public init(_ columns: [Column]) { self.columns = columns }

    /// Each understood key's column index in `header`.
    ///
    /// - Parameter ignoring: headers the user accepts to lose (`--ignore-column`), as written.
    /// - Throws: `.unknownColumns` naming the user's own headers and what is expected, or
    ///   `.missingColumn`; both on line 1.
    public func map(_ header: [String], ignoring: [String] = []) throws(Refusal) -> [String: Int] {
        let ignored = Set(ignoring.map(CSVTable.fold))
        var found: [String: Int] = [:]
        var unknown: [String] = []
        for (index, name) in header.enumerated() {
            let folded = CSVTable.fold(name.trimmed)
            if folded.isEmpty || ignored.contains(folded) { continue }
            guard let column = columns.first(where: { $0.headers.map(CSVTable.fold).contains(folded) }) else {
                unknown.append(name)
                continue
            }
            // The first of two columns for the same thing is read; the second is not silently lost.
            if found[column.key] != nil { unknown.append(name) } else { found[column.key] = index }
        }
        if !unknown.isEmpty {
            throw Refusal.nothingDone([.init(line: 1, Refusal(.unknownColumns, [
                "columns": unknown.joined(separator: ", "), "expected": columns.map(\.headers[0]).joined(separator: ", "),
            ]))])
        }
        if let missing = columns.first(where: { $0.required && found[$0.key] == nil }) {
            throw Refusal.nothingDone([.init(line: 1, Refusal(.missingColumn, [
                "column": missing.headers[0], "header": header.joined(separator: ", "),
            ]))])
        }
        return found
    }
}

extension Refusal {
    /// A column of the user's file as a refusal's field: quoted, in the user's own spelling.
    public static func column(_ header: String) -> String { "\"\(header.trimmed)\"" }
}
