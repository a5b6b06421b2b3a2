/// A plain-text table with aligned columns.
public struct TextTable {
    public var headers: [String]
    public var rows: [[String]] = []

    public init(_ headers: String...) { self.headers = headers }
    public init(headers: [String]) { self.headers = headers }

    public mutating func add(_ cells: String...) { rows.append(cells) }

    public func render() -> String {
        let headers = headers.map(Self.printable)
        let rows = rows.map { $0.map(Self.printable) }
        let widths = headers.indices.map { column in
            ([headers[column]] + rows.map { column < $0.count ? $0[column] : "" }).map(\.count).max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        let rule = widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")
        return ([line(headers), rule] + rows.map(line)).joined(separator: "\n")
    }

    /// A cell as a terminal may show it: control characters (ESC of an ANSI sequence, carriage
    /// returns, bells…) and bidirectional overrides from the data become U+FFFD, so that a name
    /// can never rewrite the screen.
    public static func printable(_ cell: String) -> String {
        guard cell.unicodeScalars.contains(where: isUnsafe) else { return cell }
        return String(String.UnicodeScalarView(cell.unicodeScalars.map { isUnsafe($0) ? "\u{FFFD}" : $0 }))
    }

    /// A text of several lines as a terminal may show it: line breaks and tabs stay (a CRLF becomes
    /// a line break), every other control character and bidirectional override becomes U+FFFD.
    public static func printableLines(_ text: String) -> String {
        let text = text.contains("\r\n") ? text.replacingOccurrences(of: "\r\n", with: "\n") : text
        guard text.unicodeScalars.contains(where: { isUnsafe($0) && $0 != "\n" && $0 != "\t" }) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { isUnsafe($0) && $0 != "\n" && $0 != "\t" ? "\u{FFFD}" : $0 }))
    }

    private static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .control || (0x202A...0x202E).contains(scalar.value)
            || (0x2066...0x2069).contains(scalar.value)
    }

    /// Prints the table, or `empty` (the caller's words for "nothing") when it has no row.
    public func print(empty: String = "—") {
        Swift.print(rows.isEmpty ? empty : render())
    }
}
