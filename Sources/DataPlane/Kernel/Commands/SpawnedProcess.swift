#if os(Linux)
    import Glibc

    /// A program started with `posix_spawn`, its standard output and error on pipes of ours, its standard input a
    /// memory file holding the whole input (or `/dev/null`).
    ///
    /// The input is written before the program starts, so no write of ours can block on it or be killed by `SIGPIPE`
    /// when it exits without reading; a memory file rather than a pipe because `nft -f -` reopens `/dev/stdin`, which
    /// works for a file and not for a socket. The child starts with every signal at its default and none blocked, as a
    /// program run from a shell does.
    struct SpawnedProcess {
        /// What the program printed and how it ended.
        struct Output {
            /// The exit status, or 128 + the signal's number when a signal ended it.
            var status: Int32
            var standardOutput: [UInt8]
            var standardError: [UInt8]
        }

        private let processId: pid_t
        private let standardOutput: Int32
        private let standardError: Int32

        /// Starts `path` with `arguments` (and the server's environment) and `input` as its standard input.
        init(path: String, arguments: [String], input: [UInt8]?) throws {
            var outputPipe: [Int32] = [-1, -1]
            var errorPipe: [Int32] = [-1, -1]
            guard GNUSystemCalls.pipe2(&outputPipe, O_CLOEXEC) == 0 else { throw KernelError.systemCall("pipe2", errorNumber: errno) }
            guard GNUSystemCalls.pipe2(&errorPipe, O_CLOEXEC) == 0 else {
                let number = errno
                _ = (close(outputPipe[0]), close(outputPipe[1]))
                throw KernelError.systemCall("pipe2", errorNumber: number)
            }
            let inputFile = try input.map(Self.memoryFile(holding:))
            defer {
                // The child has its own copies (dup2 clears close-on-exec on them); ours of its ends go now.
                _ = (close(outputPipe[1]), close(errorPipe[1]))
                if let inputFile { _ = close(inputFile) }
            }

            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            if let inputFile {
                posix_spawn_file_actions_adddup2(&actions, inputFile, 0)
            } else {
                posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            }
            posix_spawn_file_actions_adddup2(&actions, outputPipe[1], 1)
            posix_spawn_file_actions_adddup2(&actions, errorPipe[1], 2)

            let argumentVector: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
            defer { argumentVector.forEach { free($0) } }
            var processId = pid_t()
            let result = withSpawnAttributes { attributes in posix_spawn(&processId, path, &actions, &attributes, argumentVector, environ) }
            guard result == 0 else {
                _ = (close(outputPipe[0]), close(errorPipe[0]))
                throw KernelError.systemCall("posix_spawn(\(path))", errorNumber: result)
            }
            self.processId = processId
            standardOutput = outputPipe[0]
            standardError = errorPipe[0]
        }

        /// Reads the program's output until it closes both streams, then waits for it to exit.
        func finish() throws -> Output {
            var output = Output(status: 0, standardOutput: [], standardError: [])
            var open = [standardOutput, standardError]
            var buffer = [UInt8](repeating: 0, count: 16384)
            while !open.isEmpty {
                var entries = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
                guard poll(&entries, nfds_t(entries.count), -1) >= 0 || errno == EINTR else {
                    let number = errno
                    open.forEach { _ = close($0) }
                    throw KernelError.systemCall("poll (program output)", errorNumber: number)
                }
                for entry in entries where entry.revents != 0 {
                    let count = buffer.withUnsafeMutableBytes { read(entry.fd, $0.baseAddress, $0.count) }
                    if count > 0 {
                        if entry.fd == standardOutput {
                            output.standardOutput += buffer[..<count]
                        } else {
                            output.standardError += buffer[..<count]
                        }
                    } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                        _ = close(entry.fd)
                        open.removeAll { $0 == entry.fd }
                    }
                }
            }
            var status: Int32 = 0
            while waitpid(processId, &status, 0) < 0 {
                guard errno == EINTR else { throw KernelError.systemCall("waitpid(\(processId))", errorNumber: errno) }
            }
            // WIFEXITED/WEXITSTATUS/WTERMSIG, which Swift does not import (they are macros).
            let signal = status & 0x7F
            output.status = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
            return output
        }

        /// An anonymous memory file holding `bytes`, positioned at its start.
        private static func memoryFile(holding bytes: [UInt8]) throws -> Int32 {
            let file = GNUSystemCalls.memoryFileCreate("lvpc-input", GNUSystemCalls.memoryFileCloseOnExec)
            guard file >= 0 else { throw KernelError.systemCall("memfd_create", errorNumber: errno) }
            var written = 0
            while written < bytes.count {
                let count = bytes[written...].withUnsafeBytes { write(file, $0.baseAddress, $0.count) }
                if count < 0 {
                    if errno == EINTR { continue }
                    let number = errno
                    _ = close(file)
                    throw KernelError.systemCall("write (program input)", errorNumber: number)
                }
                written += count
            }
            _ = lseek(file, 0, SEEK_SET)
            return file
        }
    }
#endif
