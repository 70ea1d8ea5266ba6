#if os(Linux)
    import Glibc
#endif

/// A named network namespace, as `ip netns` names them: a bind mount of the namespace under `/run/netns/NAME`.
///
/// Namespaces made here are visible to `ip netns exec`, and `ip netns add` namespaces are visible here. Only names
/// starting with ``DataPlaneNames/prefix`` (`lvpc-`) can be created, entered or deleted: the data plane never touches
/// a namespace that is not its own (``names()`` still lists every one, so a restart can find what is left of ours).
public enum NetworkNamespace {
    /// Where `ip netns` keeps its names (iproute2's `NETNS_RUN_DIR`).
    public static let runDirectory = "/run/netns"

    /// Every name under `/run/netns`, ours and others', sorted; empty when the directory does not exist.
    public static func names() -> [String] {
        #if os(Linux)
            guard let directory = opendir(runDirectory) else { return [] }
            defer { closedir(directory) }
            var names: [String] = []
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if name != "." && name != ".." { names.append(name) }
            }
            return names.sorted()
        #else
            return []
        #endif
    }

    /// Creates the namespace `name`, like `ip netns add`: a new, empty network namespace (its `lo` down) pinned by a
    /// bind mount at `/run/netns/NAME`; throws if that name exists.
    public static func create(_ name: String) throws {
        #if os(Linux)
            let path = try path(of: name)
            try makeRunDirectoryShared()
            let file = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0)
            guard file >= 0 else {
                let number = errno
                if number == EEXIST { throw KernelError.systemCall("create namespace \(name)", errorNumber: number, "it already exists") }
                throw KernelError.systemCall("open(\(path), O_CREAT|O_EXCL)", errorNumber: number)
            }
            _ = close(file)
            do {
                // unshare moves only this thread into the new namespace; the bind mount keeps the namespace alive once
                // the thread has gone back to where it was.
                try returningToCurrentNamespace {
                    guard GNUSystemCalls.unshare(GNUSystemCalls.cloneNewNetwork) == 0 else {
                        throw KernelError.systemCall("unshare(CLONE_NEWNET)", errorNumber: errno)
                    }
                    guard mount("/proc/thread-self/ns/net", path, "none", UInt(MS_BIND), nil) == 0 else {
                        throw KernelError.systemCall("mount --bind /proc/thread-self/ns/net \(path)", errorNumber: errno)
                    }
                }
            } catch {
                _ = umount2(path, Int32(MNT_DETACH))
                _ = unlink(path)
                throw error
            }
        #else
            _ = try path(of: name)
            throw KernelError.notSupported("creating network namespace \(name)")
        #endif
    }

    /// Deletes the namespace `name`, like `ip netns del`; nothing happens when there is none.
    ///
    /// The namespace itself goes away when nothing uses it any more: a process still inside or a socket made there
    /// (an open ``NetfilterQueue``) keeps it, and its interfaces, alive.
    public static func delete(_ name: String) throws {
        #if os(Linux)
            let path = try path(of: name)
            // A detached unmount, as iproute2 does: it succeeds even while another mount namespace still sees the file.
            _ = umount2(path, Int32(MNT_DETACH))
            guard unlink(path) == 0 || errno == ENOENT else { throw KernelError.systemCall("unlink(\(path))", errorNumber: errno) }
        #else
            _ = try path(of: name)
            throw KernelError.notSupported("deleting network namespace \(name)")
        #endif
    }

    /// Runs `body` with the calling thread inside the namespace `name` (`setns(CLONE_NEWNET)`), then puts the thread
    /// back in the namespace it was in, even when `body` throws.
    ///
    /// Only this thread moves, which is why `body` must not suspend (an `await` could resume on another thread, and
    /// leave this one's next task in the wrong namespace). Sockets made inside stay bound to the namespace after
    /// the thread leaves, and programs started inside (``KernelCommand``) run there. Calls nest.
    public static func withEntered<T>(_ name: String, _ body: () throws -> T) throws -> T {
        #if os(Linux)
            let path = try path(of: name)
            let target = open(path, O_RDONLY | O_CLOEXEC)
            guard target >= 0 else {
                let number = errno
                if number == ENOENT { throw KernelError.systemCall("enter namespace \(name)", errorNumber: number, "there is no such namespace") }
                throw KernelError.systemCall("open(\(path))", errorNumber: number)
            }
            defer { _ = close(target) }
            return try returningToCurrentNamespace {
                guard GNUSystemCalls.setns(target, GNUSystemCalls.cloneNewNetwork) == 0 else {
                    throw KernelError.systemCall("setns(\(path))", errorNumber: errno)
                }
                return try body()
            }
        #else
            _ = try path(of: name)
            throw KernelError.notSupported("entering network namespace \(name)")
        #endif
    }

    /// The inode number of the calling thread's network namespace: the same number means the same namespace (what
    /// `readlink /proc/thread-self/ns/net` shows as `net:[N]`).
    public static func currentIdentifier() throws -> UInt64 {
        #if os(Linux)
            try inode(of: "/proc/thread-self/ns/net")
        #else
            throw KernelError.notSupported("network namespaces")
        #endif
    }

    /// The inode number of the namespace `name` (see ``currentIdentifier()``).
    public static func identifier(of name: String) throws -> UInt64 {
        #if os(Linux)
            try inode(of: path(of: name))
        #else
            _ = try path(of: name)
            throw KernelError.notSupported("network namespaces")
        #endif
    }

    /// `/run/netns/NAME`, after checking that `name` is ours and a plain file name.
    static func path(of name: String) throws -> String {
        guard name.hasPrefix(DataPlaneNames.prefix) else {
            throw KernelError.invalidName(name, "is not a LocalVPC namespace (its name must start with \(DataPlaneNames.prefix))")
        }
        guard name.utf8.count <= 255, !name.contains("/"), !name.utf8.contains(0), name.allSatisfy({ !$0.isWhitespace }) else {
            throw KernelError.invalidName(name, "is not a valid namespace name (no slash, space or NUL; at most 255 bytes)")
        }
        return "\(runDirectory)/\(name)"
    }

    #if os(Linux)
        /// Runs `body`, which may move the thread to another network namespace, and moves the thread back afterwards.
        ///
        /// Failing to move back would leave a thread of the server's pool inside an instance's namespace, where
        /// whatever runs on it next would open sockets and run programs: that cannot be recovered from, so it stops
        /// the process rather than carry on.
        private static func returningToCurrentNamespace<T>(_ body: () throws -> T) throws -> T {
            let original = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC)
            guard original >= 0 else { throw KernelError.systemCall("open(/proc/thread-self/ns/net)", errorNumber: errno) }
            defer {
                if GNUSystemCalls.setns(original, GNUSystemCalls.cloneNewNetwork) != 0 {
                    fatalError("cannot return the thread to its network namespace: \(KernelError.errorText(errno))")
                }
                _ = close(original)
            }
            return try body()
        }

        /// Makes `/run/netns` a shared mount point, as iproute2 does, so that a namespace's mount, and its unmount,
        /// propagate to every mount namespace (a deleted namespace is then freed sooner).
        private static func makeRunDirectoryShared() throws {
            guard mkdir(runDirectory, 0o755) == 0 || errno == EEXIST else {
                throw KernelError.systemCall("mkdir(\(runDirectory))", errorNumber: errno)
            }
            var madeMountPoint = false
            while mount("", runDirectory, "none", UInt(MS_SHARED | MS_REC), nil) != 0 {
                // EINVAL: not a mount point yet; bind it onto itself once and try again.
                guard errno == EINVAL, !madeMountPoint else {
                    throw KernelError.systemCall("mount --make-shared \(runDirectory)", errorNumber: errno)
                }
                guard mount(runDirectory, runDirectory, "none", UInt(MS_BIND | MS_REC), nil) == 0 else {
                    throw KernelError.systemCall("mount --bind \(runDirectory) \(runDirectory)", errorNumber: errno)
                }
                madeMountPoint = true
            }
        }

        private static func inode(of path: String) throws -> UInt64 {
            var status = stat()
            guard stat(path, &status) == 0 else { throw KernelError.systemCall("stat(\(path))", errorNumber: errno) }
            return UInt64(status.st_ino)
        }
    #endif
}
