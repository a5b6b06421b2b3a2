import Foundation
import ParcoursCore

/// What the service refuses in any text it is sent, before decoding: a NUL byte or another control
/// character (PostgreSQL stores no NUL; a terminal would run the others), or a text longer than
/// any field of the API takes. Field-specific limits are the core's and the schema's.
enum JSONInput {
    struct Unacceptable: Equatable {
        var path: String
        var problem: RefusalCode
        var values: [String: String] = [:]
    }

    /// The first string (or key) of a JSON document that no field accepts; nil when all are fine
    /// or the document is not JSON (the decoder then says why).
    static func firstUnacceptableString(in data: Data) -> Unacceptable? {
        guard let document = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { return nil }
        return walk(document, path: "body")
    }

    private static func walk(_ value: Any, path: String) -> Unacceptable? {
        switch value {
        case let text as String:
            return FieldLimit.refusal(with: text, maximum: FieldLimit.longText, field: path).map { Unacceptable(path: path, problem: $0.code, values: $0.values) }
        case let object as [String: Any]:
            for key in object.keys.sorted() {
                if let refusal = FieldLimit.refusal(with: key, maximum: FieldLimit.longText, field: path) {
                    return Unacceptable(path: path, problem: refusal.code, values: refusal.values)
                }
                if let found = walk(object[key]!, path: path == "body" ? key : "\(path).\(key)") { return found }
            }
            return nil
        case let array as [Any]:
            for (index, element) in array.enumerated() {
                if let found = walk(element, path: "\(path)[\(index)]") { return found }
            }
            return nil
        default:
            return nil
        }
    }
}
