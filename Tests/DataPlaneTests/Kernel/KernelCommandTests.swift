import Testing

@testable import DataPlane

#if os(Linux)
    struct KernelCommandTests {
        @Test func returnsStandardOutput() throws {
            #expect(try KernelCommand.run("sh", ["-c", "echo out; echo err >&2"]) == "out\n")
        }

        @Test func failureCarriesStatusAndStandardError() {
            let error = #expect(throws: KernelError.self) { try KernelCommand.run("sh", ["-c", "echo partial; echo oops >&2; exit 3"]) }
            #expect(error?.code == .programFailed)
            #expect(error?.exitStatus == 3)
            #expect(error?.standardError == "oops\n")
            #expect(error?.message.contains("oops") == true)
        }

        @Test func signalIsStatusAbove128() {
            let error = #expect(throws: KernelError.self) { try KernelCommand.run("sh", ["-c", "kill -TERM $$"]) }
            #expect(error?.exitStatus == 143)  // 128 + SIGTERM
        }

        @Test func inputReachesStandardInput() throws {
            #expect(try KernelCommand.run("cat", [], input: "hello") == "hello")
            // `nft -f -` and `ip -batch -` reopen /dev/stdin: the input is a file they can reopen.
            #expect(try KernelCommand.run("sh", ["-c", "cat /dev/stdin"], input: "again\n") == "again\n")
            #expect(try KernelCommand.run("cat", []).isEmpty)  // no input: /dev/null
        }

        @Test func largeOutputOnBothStreamsDoesNotStall() throws {
            // 1 MiB in, the same out, and 1 MiB to standard error: more than a pipe holds, on both streams at once.
            let input = String(repeating: "0123456789abcdef", count: 65536)
            let output = try KernelCommand.run("sh", ["-c", "tee /dev/stderr"], input: input)
            #expect(output == input)
        }

        @Test func missingProgramIsNamed() {
            let error = #expect(throws: KernelError.self) { try KernelCommand.run("lvpc-no-such-program", []) }
            #expect(error?.code == .programMissing)
            #expect(error?.message.contains("lvpc-no-such-program") == true)
            let absolute = #expect(throws: KernelError.self) { try KernelCommand.run("/nonexistent/ip", []) }
            #expect(absolute?.code == .programMissing)
        }

        @Test func missingProgramNamesItsPackage() {
            #expect(KernelError.programMissing("conntrack", package: "conntrack").message.contains("apt-get install conntrack"))
        }

        @Test(.enabled(if: KernelTestEnvironment.isRootOnLinux))
        func runsInsideTheNamespace() throws {
            let name = "\(KernelTestEnvironment.uniquePrefix())-cmd"
            try NetworkNamespace.create(name)
            defer { try? NetworkNamespace.delete(name) }
            let inside = try KernelCommand.run("readlink", ["/proc/self/ns/net"], namespace: name)
            #expect(inside == "net:[\(try NetworkNamespace.identifier(of: name))]\n")
            let outside = try KernelCommand.run("readlink", ["/proc/self/ns/net"])
            #expect(outside == "net:[\(try NetworkNamespace.currentIdentifier())]\n")
        }
    }
#endif
