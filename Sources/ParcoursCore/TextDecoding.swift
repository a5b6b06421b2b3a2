/// The encodings spreadsheets save text in: French Excel's "CSV (séparateur: point-virgule)" is
/// Windows-1252 without a BOM, "CSV UTF-8" has a BOM, "Texte Unicode" is UTF-16 with tabs.
public enum TextEncoding: String, CaseIterable, Sendable {
    case utf8 = "utf-8", windows1252 = "windows-1252", latin1 = "latin-1", utf16 = "utf-16"

    /// `utf8`, `UTF-8`, `cp1252`, `iso-8859-1`, `ansi`…
    public init?(name: String) {
        let key = name.lowercased().filter { $0.isLetter || $0.isNumber }
        switch key {
        case "utf8": self = .utf8
        case "windows1252", "cp1252", "win1252", "ansi": self = .windows1252
        case "latin1", "iso88591", "iso885915", "latin9": self = .latin1
        case "utf16", "utf16le", "utf16be", "unicode": self = .utf16
        default: return nil
        }
    }

    /// The text of `bytes`: in `encoding` when given, else detected (a BOM; valid UTF-8; UTF-16
    /// without a BOM by its zero bytes; Windows-1252 otherwise). Nil when `encoding` cannot read it.
    public static func decode(_ bytes: [UInt8], as encoding: TextEncoding? = nil) -> (text: String, encoding: TextEncoding)? {
        let utf8BOM: [UInt8] = [0xEF, 0xBB, 0xBF]
        if encoding == nil || encoding == .utf8, bytes.starts(with: utf8BOM) {
            return utf8(Array(bytes.dropFirst(3))).map { ($0, .utf8) }
        }
        if encoding == nil || encoding == .utf16 {
            if bytes.starts(with: [0xFF, 0xFE]) { return (utf16(Array(bytes.dropFirst(2)), bigEndian: false), .utf16) }
            if bytes.starts(with: [0xFE, 0xFF]) { return (utf16(Array(bytes.dropFirst(2)), bigEndian: true), .utf16) }
            // No BOM: ASCII text in UTF-16 has a zero byte in every pair.
            let pairs = bytes.count / 2
            if encoding == .utf16 || (pairs > 0 && bytes.count % 2 == 0) {
                let evenZeros = stride(from: 0, to: bytes.count, by: 2).filter { bytes[$0] == 0 }.count
                let oddZeros = stride(from: 1, to: bytes.count, by: 2).filter { bytes[$0] == 0 }.count
                if oddZeros * 2 > pairs || encoding == .utf16 && oddZeros >= evenZeros { return (utf16(bytes, bigEndian: false), .utf16) }
                if evenZeros * 2 > pairs || encoding == .utf16 { return (utf16(bytes, bigEndian: true), .utf16) }
            }
        }
        switch encoding {
        case .utf8: return utf8(bytes).map { ($0, .utf8) }
        case .windows1252: return (windows1252(bytes), .windows1252)
        case .latin1: return (String(decoding: bytes.map { UInt16($0) }, as: UTF16.self), .latin1)
        case .utf16: return nil
        case nil: return utf8(bytes).map { ($0, .utf8) } ?? (windows1252(bytes), .windows1252)
        }
    }

    /// A piece of a file made of whole lines (never cut inside a character) as UTF-8 bytes, read in
    /// `encoding`; nil when it is not UTF-8 and said to be. UTF-16 is read whole, never in pieces.
    public static func utf8Bytes(of piece: ArraySlice<UInt8>, in encoding: TextEncoding) -> [UInt8]? {
        switch encoding {
        case .utf8: return String(validating: piece, as: UTF8.self) == nil ? nil : Array(piece)
        // ASCII is the same in all three: only a piece with other bytes is converted.
        case .windows1252: return piece.allSatisfy { $0 < 0x80 } ? Array(piece) : Array(windows1252(Array(piece)).utf8)
        case .latin1: return piece.allSatisfy { $0 < 0x80 } ? Array(piece) : Array(String(decoding: piece.map { UInt16($0) }, as: UTF16.self).utf8)
        case .utf16: return nil
        }
    }

    /// The line (1-based) where `bytes` stop being UTF-8, if they do: where a person looks.
    public static func lineOfFirstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        var decoder = UTF8()
        var iterator = body.makeIterator()
        var line = 1
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): if scalar == "\n" { line += 1 }
            case .emptyInput: return nil
            case .error: return line
            }
        }
    }

    private static func utf8(_ bytes: [UInt8]) -> String? {
        var text = ""
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): text.unicodeScalars.append(scalar)
            case .emptyInput: return text
            case .error: return nil
            }
        }
    }

    private static func utf16(_ bytes: [UInt8], bigEndian: Bool) -> String {
        let units = stride(from: 0, to: bytes.count - 1, by: 2).map { (i: Int) -> UInt16 in
            let (high, low) = bigEndian ? (bytes[i], bytes[i + 1]) : (bytes[i + 1], bytes[i])
            return UInt16(high) << 8 | UInt16(low)
        }
        return String(decoding: units, as: UTF16.self)
    }

    /// Windows-1252: Latin-1 but for 0x80–0x9F, where it puts €, ‚, „, …, ’, “, ”, œ, Œ, Ÿ…
    private static let high: [UInt16] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]

    private static func windows1252(_ bytes: [UInt8]) -> String {
        String(decoding: bytes.map { (0x80...0x9F).contains($0) ? high[Int($0) - 0x80] : UInt16($0) }, as: UTF16.self)
    }
}
