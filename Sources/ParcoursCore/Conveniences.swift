import Foundation

extension Optional {
    /// `map` with an async transform (resolving an optional reference inside a transaction).
    public func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}

extension Data {
    /// Base64 with the URL-safe alphabet and no padding (tokens, cursors).
    public var base64URLEncoded: String {
        base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    public init?(base64URLEncoded text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        self.init(base64Encoded: base64)
    }
}

extension LocalDate {
    /// `2026-12-10T14:00` read as Paris wall-clock time (sessions are typed as people see them).
    public static func parisInstant(_ text: String) -> Date? {
        let parts = text.split(separator: "T")
        guard parts.count == 2, let day = LocalDate(iso: parts[0]) else { return nil }
        let clock = parts[1].split(separator: ":").compactMap { Int($0) }
        guard clock.count == 2, (0..<24).contains(clock[0]), (0..<60).contains(clock[1]) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .paris
        return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: clock[0], minute: clock[1]))
    }
}

extension StringProtocol {
    /// Without the spaces and tabs at either end: what `trimmingCharacters(in: .whitespaces)` gives
    /// (Unicode's space separators, the tab and the zero-width space), without going through
    /// `NSString`, which took a third of an import's own time.
    public var trimmed: String {
        let text = String(self)
        let scalars = text.unicodeScalars
        func isBlank(_ scalar: Unicode.Scalar) -> Bool {
            // Foundation's set also holds the zero-width space (a space separator in older Unicode).
            scalar == " " || scalar == "\t"
                || (scalar.value > 0x7F && (scalar.properties.generalCategory == .spaceSeparator || scalar == "\u{200B}"))
        }
        guard let first = scalars.firstIndex(where: { !isBlank($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isBlank($0) })!
        if first == scalars.startIndex && scalars.index(after: last) == scalars.endIndex { return text }
        return String(scalars[first...last])
    }
}
