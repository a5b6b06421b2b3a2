import ParcoursCore
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs a program to completion with `posix_spawn` and `waitpid`.
///
/// NB: not `Foundation.Process`: from an async context its `waitUntilExit()` was seen never to
/// return (the child stayed a zombie). Here the wait is a plain blocking `waitpid`.
package enum ChildProcess {
    package struct Result: Sendable {
        package var status: Int32
        /// Standard output (and standard error, merged, unless captured apart).
        package var output: String
        package var errorOutput: String = ""
    }

    /// - Parameters:
    ///   - captureOutput: collect stdout and stderr; otherwise both go to /dev/null
    ///     (for launchers of daemons, which must not keep a pipe of ours open).
    ///   - separateErrors: collect stderr apart from stdout (through a temporary file).
    ///   - environment: the child's environment (default: ours).
    ///   - input: the child's standard input (through a temporary file), else /dev/null.
    package static func run(
        _ executable: String, _ arguments: [String], captureOutput: Bool, separateErrors: Bool = false,
        environment: [String: String]? = nil, input: Data? = nil
    ) throws -> Result {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let inputFile = FileManager.default.temporaryDirectory.appending(path: "parcours-stdin-\(UUID().uuidString)")
        if let input {
            guard FileManager.default.createFile(atPath: inputFile.path, contents: input, attributes: [.posixPermissions: 0o600]) else {
                throw StoreError.unavailable(Refusal(.cannotRun, ["program": executable, "detail": inputFile.path]))
            }
        }
        defer { if input != nil { try? FileManager.default.removeItem(at: inputFile) } }
        posix_spawn_file_actions_addopen(&actions, 0, input == nil ? "/dev/null" : inputFile.path, O_RDONLY, 0)

        let errorFile = FileManager.default.temporaryDirectory.appending(path: "parcours-stderr-\(UUID().uuidString)")
        defer { if separateErrors { try? FileManager.default.removeItem(at: errorFile) } }
        var pipeFDs: [Int32] = [-1, -1]
        if captureOutput {
            // NB: close-on-exec, so that a child spawned meanwhile by another thread (which may start
            // a postmaster that lives on) never inherits this pipe and keeps our read from its end.
            // (pipe2 is not imported from Glibc: the flag is set just after.)
            guard pipe(&pipeFDs) == 0 else { throw StoreError.unavailable(Refusal(.cannotRun, ["program": executable, "detail": "pipe"])) }
            for fd in pipeFDs { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], 1)
            if separateErrors {
                posix_spawn_file_actions_addopen(&actions, 2, errorFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            } else {
                posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], 2)
            }
            posix_spawn_file_actions_addclose(&actions, pipeFDs[0])
            posix_spawn_file_actions_addclose(&actions, pipeFDs[1])
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let envp: [UnsafeMutablePointer<CChar>?]? = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer { envp?.forEach { free($0) } }
        let spawned = envp.map { posix_spawn(&pid, executable, &actions, nil, argv, $0) }
            ?? posix_spawn(&pid, executable, &actions, nil, argv, environ)
        if captureOutput { close(pipeFDs[1]) }
        guard spawned == 0 else {
            if captureOutput { close(pipeFDs[0]) }
            throw StoreError.unavailable(Refusal(.cannotRun, ["program": executable, "detail": String(cString: strerror(spawned))]))
        }

        var output = Data()
        if captureOutput {
            let reader = FileHandle(fileDescriptor: pipeFDs[0], closeOnDealloc: true)
            output = reader.readDataToEndOfFile()
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS, spelled out (the C macros are not imported).
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let errors = separateErrors ? (try? String(contentsOf: errorFile, encoding: .utf8)) ?? "" : ""
        return Result(status: exitStatus, output: String(decoding: output, as: UTF8.self), errorOutput: errors)
    }

    /// `run`, capturing the output, on a thread of its own: a child that takes its time never holds
    /// one of the few threads of the cooperative pool (two on a two-core machine), nor one of
    /// dispatch's global queues, which the pool's threads come from on Linux.
    package static func runOffPool(
        _ executable: String, _ arguments: [String], separateErrors: Bool = false, environment: [String: String]? = nil, input: Data? = nil
    ) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Swift.Result {
                    try run(executable, arguments, captureOutput: true, separateErrors: separateErrors, environment: environment, input: input)
                })
            }
        }
    }

    /// Starts a long-running program (a server) with its output in `logFile`; returns its pid.
    package static func start(_ executable: String, _ arguments: [String], logFile: String, environment: [String: String]) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logFile, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard spawned == 0 else { throw StoreError.unavailable(Refusal(.cannotRun, ["program": executable, "detail": String(cString: strerror(spawned))])) }
        return pid
    }

    /// Sends SIGTERM and waits; returns the exit status (128 + signal when killed by one). With
    /// `killAfter`, a process still there by then gets SIGKILL (status 137): a caller that must
    /// go on (a test suite) never waits for ever on one deaf to SIGTERM.
    package static func stop(_ pid: pid_t, killAfter: Duration? = nil) -> Int32 {
        kill(pid, SIGTERM)
        var status: Int32 = 0
        if let killAfter {
            let deadline = ContinuousClock.now + killAfter
            while true {
                let done = waitpid(pid, &status, WNOHANG)
                if done == pid { return Self.exitStatus(status) }
                if done == -1 && errno != EINTR { return -1 }
                if ContinuousClock.now >= deadline { break }
                usleep(50_000)
            }
            kill(pid, SIGKILL)
        }
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return Self.exitStatus(status)
    }

    private static func exitStatus(_ status: Int32) -> Int32 {
        (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}
