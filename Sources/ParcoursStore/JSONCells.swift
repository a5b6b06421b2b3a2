/// A report's or a participant file's row as PostgreSQL sends it — a JSON array of texts and
/// nulls (`json_build_array(c0::text, …)`) — read into its cells without Foundation's
/// JSONSerialization, which built an NSArray of NSStrings for each row (≈ 30 µs a participant
/// line, a third of `todo` for a national network's 200,000 participants). Any other JSON value
/// (a number, a boolean, an object) is a nil cell, as `as? String` made it.
package enum JSONCells {
    package struct Malformed: Error {}

    package static func parse(_ json: String) throws(Malformed) -> [String?] {
        var json = json
        // withUTF8's closure rethrows untyped: the result carries the error out.
        let result = json.withUTF8 { bytes in
            var reader = Reader(bytes: bytes)
            return Result { () throws(Malformed) in try reader.array() }
        }
        return try result.get()
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var i = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

        mutating func skipSpace() {
            while i < bytes.count, Self.isSpace(bytes[i]) { i += 1 }
        }

        mutating func expect(_ byte: UInt8) throws(Malformed) {
            skipSpace()
            guard i < bytes.count, bytes[i] == byte else { throw Malformed() }
            i += 1
        }

        mutating func array() throws(Malformed) -> [String?] {
            try expect(UInt8(ascii: "["))
            var cells: [String?] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
                i += 1
            } else {
                while true {
                    cells.append(try value())
                    skipSpace()
                    guard i < bytes.count else { throw Malformed() }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    if bytes[i] == UInt8(ascii: "]") { i += 1; break }
                    throw Malformed()
                }
            }
            skipSpace()
            guard i == bytes.count else { throw Malformed() }
            return cells
        }

        /// A string's text; nil for null and for any other value (skipped whole).
        mutating func value() throws(Malformed) -> String? {
            skipSpace()
            guard i < bytes.count else { throw Malformed() }
            switch bytes[i] {
            case UInt8(ascii: "\""): return try string()
            case UInt8(ascii: "["), UInt8(ascii: "{"): try skipNested()
            default:
                // null, true, false or a number: up to the next separator
                let start = i
                while i < bytes.count, bytes[i] != UInt8(ascii: ","), bytes[i] != UInt8(ascii: "]"), !Self.isSpace(bytes[i]) { i += 1 }
                guard i > start else { throw Malformed() }
            }
            return nil
        }

        mutating func string() throws(Malformed) -> String {
            i += 1  // the opening quote
            let start = i
            // Most cells have no escape: their bytes are the text.
            while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\") { i += 1 }
            guard i < bytes.count else { throw Malformed() }
            if bytes[i] == UInt8(ascii: "\"") {
                defer { i += 1 }
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
            }
            var text = Array(bytes[start..<i])
            while i < bytes.count {
                let byte = bytes[i]
                i += 1
                if byte == UInt8(ascii: "\"") { return String(decoding: text, as: UTF8.self) }
                guard byte == UInt8(ascii: "\\") else { text.append(byte); continue }
                guard i < bytes.count else { throw Malformed() }
                let escape = bytes[i]
                i += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(escape)
                case UInt8(ascii: "b"): text.append(0x08)
                case UInt8(ascii: "f"): text.append(0x0C)
                case UInt8(ascii: "n"): text.append(0x0A)
                case UInt8(ascii: "r"): text.append(0x0D)
                case UInt8(ascii: "t"): text.append(0x09)
                case UInt8(ascii: "u"):
                    var unit = try hex4()
                    var scalar: Unicode.Scalar?
                    if (0xD800...0xDBFF).contains(unit), i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
                        i += 2
                        let low = try hex4()
                        if (0xDC00...0xDFFF).contains(low) {
                            scalar = Unicode.Scalar(0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00))
                        } else {
                            text.append(contentsOf: String(Unicode.Scalar(0xFFFD)!).utf8)
                            unit = low
                        }
                    }
                    text.append(contentsOf: String(scalar ?? Unicode.Scalar(UInt32(unit)) ?? Unicode.Scalar(0xFFFD)!).utf8)
                default: throw Malformed()
                }
            }
            throw Malformed()
        }

        mutating func hex4() throws(Malformed) -> UInt16 {
            guard i + 4 <= bytes.count else { throw Malformed() }
            var value: UInt16 = 0
            for _ in 0..<4 {
                let byte = bytes[i]
                i += 1
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: throw Malformed()
                }
                value = value << 4 | UInt16(digit)
            }
            return value
        }

        /// An array or an object, skipped (strings inside may hold brackets).
        mutating func skipNested() throws(Malformed) {
            var depth = 0
            repeat {
                guard i < bytes.count else { throw Malformed() }
                switch bytes[i] {
                case UInt8(ascii: "\""): _ = try string(); continue
                case UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
                case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
                default: break
                }
                i += 1
            } while depth > 0
        }
    }
}
