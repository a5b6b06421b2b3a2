import Foundation
import ParcoursCore

/// A CSV file read a chunk at a time, so that an import's memory does not grow with the file: once
/// when opened (its encoding, header, row count, every CSV error, and the distinct cells of the
/// columns an import looks up first, such as communes), then once more to import it.
public struct CSVFile: SheetRows {
    public enum OpenError: Error, Sendable {
        case unreadable
        /// Not in the encoding it was said to be in; the line where it stops being so, if known.
        case notInEncoding(TextEncoding, line: Int?)
        case csv(CSVError)
        /// UTF-16 (a BOM or zero bytes): read whole, by `TextEncoding.decode`.
        case notStreamable
    }

    public let path: String
    public let encoding: TextEncoding
    public let header: [String]
    public let rowCount: Int
    /// The distinct non-empty cells (trimmed) of each column `collect` named.
    public let collected: [Int: Set<String>]
    private let chunkSize: Int

    /// Reads `path` once. Without `encoding`: UTF-8 if it all is (or has a BOM), Windows-1252
    /// otherwise, as `TextEncoding.decode` detects. `collect` names, from the header, the columns
    /// whose cells to gather.
    public static func open(
        _ path: String, encoding wanted: TextEncoding?, chunkSize: Int = 1 << 16, collect: @escaping ([String]) -> [Int] = { _ in [] }
    ) async throws(OpenError) -> CSVFile {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .unreadable }
        let start = [UInt8]((try? handle.read(upToCount: 4)) ?? Data())
        try? handle.close()
        if wanted == .utf16 || start.starts(with: [0xFF, 0xFE]) || start.starts(with: [0xFE, 0xFF]) { throw .notStreamable }
        if wanted == nil, start.contains(0) { throw .notStreamable }
        let detecting = wanted == nil && !start.starts(with: [0xEF, 0xBB, 0xBF])
        var encoding = wanted ?? .utf8
        while true {
            var parser = CSVParser()
            var columns: [Int]?
            var collected: [Int: Set<String>] = [:]
            var rows: [[String]] = []
            // After each piece, once the parser is done with it (it holds the header).
            func gather() {
                if columns == nil, let header = parser.header { columns = collect(header) }
                for fields in rows {
                    for i in columns ?? [] where i < fields.count {
                        let cell = fields[i].trimmed
                        if !cell.isEmpty { collected[i, default: []].insert(cell) }
                    }
                }
                rows.removeAll(keepingCapacity: true)
            }
            do {
                try await pieces(of: path, chunkSize: chunkSize, in: encoding) { piece in
                    try parser.feed(piece) { rows.append($1) }
                    gather()
                }
                try parser.finish { rows.append($1) }
                gather()
                if let short = parser.shortLines { throw short }
            } catch let error as NotInEncoding {
                if detecting && encoding == .utf8 {
                    encoding = .windows1252
                    continue
                }
                throw .notInEncoding(encoding, line: error.line)
            } catch let error as CSVError {
                throw .csv(error)
            } catch {
                throw .unreadable
            }
            guard let header = parser.header else { throw .csv(.empty) }
            return CSVFile(path: path, encoding: encoding, header: header, rowCount: parser.rowCount, collected: collected, chunkSize: chunkSize)
        }
    }

    public func forEachBatch(_ body: ([(line: Int, fields: [String])]) async throws -> Void) async throws {
        var parser = CSVParser()
        var batch: [(line: Int, fields: [String])] = []
        try await Self.pieces(of: path, chunkSize: chunkSize, in: encoding) { piece in
            try parser.feed(piece) { batch.append(($0, $1)) }
            if batch.count >= 500 {
                try await body(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        try parser.finish { batch.append(($0, $1)) }
        if !batch.isEmpty { try await body(batch) }
    }

    /// A piece not in the file's encoding, and the line where it stops being so.
    private struct NotInEncoding: Error {
        var line: Int?
    }

    /// The file as UTF-8 pieces of whole lines, in order: cut after a line feed, never inside a
    /// character (a file whose lines end with a carriage return alone, as old Mac spreadsheets
    /// wrote them, is one piece).
    private static func pieces(of path: String, chunkSize: Int, in encoding: TextEncoding, _ body: ([UInt8]) async throws -> Void) async throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw OpenError.unreadable }
        defer { try? handle.close() }
        var pending: [UInt8] = []
        var linesBefore = 0
        while true {
            let data = try handle.read(upToCount: chunkSize) ?? Data()
            pending += data
            let end = data.isEmpty ? pending.endIndex : (pending.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0)
            if end > 0 {
                let piece = pending[..<end]
                guard let utf8 = TextEncoding.utf8Bytes(of: piece, in: encoding) else {
                    throw NotInEncoding(line: TextEncoding.lineOfFirstInvalidUTF8(Array(piece)).map { $0 + linesBefore })
                }
                linesBefore += piece.lazy.filter { $0 == UInt8(ascii: "\n") }.count
                try await body(utf8)
                pending.removeFirst(end)
            }
            if data.isEmpty { return }
        }
    }
}
