#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failure of the kernel layer: a system call, a netlink request, or a program such as `nft` or `ip`.
///
/// Callers match on ``code`` (and on ``errorNumber`` when a system call or netlink said why, e.g. `ENOENT` for a
/// conntrack entry that expired meanwhile); ``message`` is for people and the log.
public struct KernelError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: String {
            case notSupported = "NotSupported"
            case invalidName = "InvalidName"
            case programMissing = "ProgramMissing"
            case programFailed = "ProgramFailed"
            case systemCall = "SystemCall"
            case netlink = "Netlink"
            case closed = "Closed"
        }

        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The data plane needs Linux (network namespaces, netfilter); this build is for another system.
        public static let notSupported = Self(.notSupported)
        /// A namespace name that is not ours (`lvpc-…`) or not a plain file name.
        public static let invalidName = Self(.invalidName)
        /// A program (`ip`, `nft`, `conntrack`…) is not installed.
        public static let programMissing = Self(.programMissing)
        /// A program ran and exited with a failure status (its standard error is in the message).
        public static let programFailed = Self(.programFailed)
        /// A system call failed; ``KernelError/errorNumber`` holds its `errno`.
        public static let systemCall = Self(.systemCall)
        /// The kernel refused a netlink request or answered with something unexpected.
        public static let netlink = Self(.netlink)
        /// A ``NetfilterQueue`` used after ``NetfilterQueue/close()``.
        public static let closed = Self(.closed)

        public var description: String { value.rawValue }
    }

    /// What kind of failure this is.
    public let code: Code
    /// What happened, for people and the log.
    public let message: String
    /// The `errno` of a failed system call, or the error a netlink answer carried (positive, e.g. `ENOENT`).
    public let errorNumber: Int32?
    /// A failed program's exit status (128 + the signal's number when a signal ended it).
    public let exitStatus: Int32?
    /// What a failed program wrote to its standard error.
    public let standardError: String?

    /// An error with every field given.
    public init(code: Code, message: String, errorNumber: Int32? = nil, exitStatus: Int32? = nil, standardError: String? = nil) {
        self.code = code
        self.message = message
        self.errorNumber = errorNumber
        self.exitStatus = exitStatus
        self.standardError = standardError
    }

    public var description: String { "\(code): \(message)" }

    /// The data plane's kernel layer exists only on Linux.
    static func notSupported(_ what: String) -> Self {
        Self(code: .notSupported, message: "\(what) needs Linux (network namespaces and netfilter); this system has neither")
    }

    /// A namespace name the data plane may not create, enter or delete.
    static func invalidName(_ name: String, _ why: String) -> Self {
        Self(code: .invalidName, message: "\(name.debugDescription) \(why)")
    }

    /// A program found neither on PATH nor in the usual system folders.
    static func programMissing(_ program: String, package: String?) -> Self {
        let install = package.map { "; install it with `apt-get install \($0)`" } ?? ""
        return Self(code: .programMissing, message: "\(program) is not installed (not on PATH, /usr/sbin, /sbin or /usr/bin)\(install)")
    }

    /// A program that ran and failed.
    static func programFailed(_ commandLine: String, exitStatus: Int32, standardError: String) -> Self {
        let detail = standardError.trimmingTrailingNewlines.isEmpty ? "" : ": \(standardError.trimmingTrailingNewlines)"
        return Self(
            code: .programFailed, message: "`\(commandLine)` exited with status \(exitStatus)\(detail)", exitStatus: exitStatus,
            standardError: standardError)
    }

    /// A failed system call, with the text of its `errno`.
    static func systemCall(_ call: String, errorNumber: Int32, _ context: String = "") -> Self {
        let suffix = context.isEmpty ? "" : " (\(context))"
        return Self(
            code: .systemCall, message: "\(call) failed: \(KernelError.errorText(errorNumber))\(suffix)", errorNumber: errorNumber)
    }

    /// The kernel's answer to a netlink request was an error.
    static func netlink(_ request: String, errorNumber: Int32) -> Self {
        Self(code: .netlink, message: "\(request): the kernel answered \(KernelError.errorText(errorNumber))", errorNumber: errorNumber)
    }

    /// A queue used after it was closed.
    static func closed(_ what: String) -> Self {
        Self(code: .closed, message: "\(what) is closed")
    }

    /// A netlink answer that could not be read.
    static func malformedNetlink(_ what: String) -> Self {
        Self(code: .netlink, message: "malformed netlink answer: \(what)")
    }
}

extension KernelError {
    /// `strerror`'s text for an `errno`, with the number (which is what people search for).
    static func errorText(_ number: Int32) -> String {
        guard let text = strerror(number) else { return "errno \(number)" }
        return "\(String(cString: text)) (errno \(number))"
    }
}

extension String {
    fileprivate var trimmingTrailingNewlines: Substring {
        var text = self[...]
        while let last = text.last, last.isNewline { text = text.dropLast() }
        return text
    }
}
