import Logging
import ParcoursCore
import Synchronization

/// What every log line of one request carries: its id, and the staff member it acts as once the
/// database has established them — never a name or any other personal data.
public final class LogContext: Sendable {
    /// The request being served by this task, if any.
    @TaskLocal public static var current: LogContext?

    private let fields: Mutex<Logger.Metadata>

    public init(requestID: String) {
        fields = Mutex(["request": .string(requestID)])
    }

    /// The staff member the request acts as (set when the identity is established).
    public func setStaff(_ id: StaffID) {
        fields.withLock { $0["staff"] = .stringConvertible(id.rawValue) }
    }

    public var metadata: Logger.Metadata { fields.withLock { $0 } }

    /// Adds the current request's fields to every log line, wherever it is logged from.
    public static let metadataProvider = Logger.MetadataProvider { current?.metadata ?? [:] }
}
