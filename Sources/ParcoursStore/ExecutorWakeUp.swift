import Foundation

/// Pokes the global executor once a second from a thread of its own.
///
/// NB: seen on two-core Linux machines under load (the test suite, twice in a row in CI): every
/// test suspended, no job running and no worker thread left — only NIO's event loops, dispatch's
/// manager thread and the parked main thread — while nothing was waiting on PostgreSQL or a child
/// process. A job was enqueued on one of dispatch's root queues as its last worker timed out, and
/// nothing woke another (a lost wake-up below Swift's concurrency). Any later enqueue starts a
/// worker, which drains the whole queue, the lost job with it: this thread makes one every second
/// at each priority. It costs four empty tasks a second.
package enum ExecutorWakeUp {
    private static let started: Void = {
        let thread = Thread {
            while true {
                Thread.sleep(forTimeInterval: 1)
                for priority in [TaskPriority.high, .medium, .low, .background] {
                    Task.detached(priority: priority) {}
                }
                DispatchQueue.global().async {}
            }
        }
        thread.name = "parcours-executor-wake-up"
        thread.start()
    }()

    /// Starts the thread, once per process.
    package static func start() { _ = started }
}
