#if os(Linux)
    import DataPlane
    import Foundation
    import Glibc
    import Testing

    struct FileDescriptorWaiterTests {
        @Test func wakeEndsALongWaitAtOnce() throws {
            let waiter = try FileDescriptorWaiter()
            let (reader, writer) = try Self.pipe()
            defer { _ = (close(reader), close(writer)) }
            Thread {
                Thread.sleep(forTimeInterval: 0.1)
                waiter.wake()
            }.start()
            let clock = ContinuousClock()
            let start = clock.now
            let ready = try waiter.wait(on: [reader], timeoutMilliseconds: 30_000)
            #expect(ready.isEmpty)
            #expect(clock.now - start < .seconds(10))
        }

        @Test func wakeBeforeWaitIsNotLost() throws {
            let waiter = try FileDescriptorWaiter()
            waiter.wake()
            waiter.wake()
            #expect(try waiter.wait(on: [], timeoutMilliseconds: 30_000).isEmpty)
            // Both rings were consumed by that wait: the next one times out.
            let clock = ContinuousClock()
            let start = clock.now
            #expect(try waiter.wait(on: [], timeoutMilliseconds: 50).isEmpty)
            #expect(clock.now - start >= .milliseconds(40))
        }

        @Test func reportsTheReadableDescriptorsOnly() throws {
            let waiter = try FileDescriptorWaiter()
            let (quietReader, quietWriter) = try Self.pipe()
            let (busyReader, busyWriter) = try Self.pipe()
            defer { _ = (close(quietReader), close(quietWriter), close(busyReader), close(busyWriter)) }
            #expect(try waiter.wait(on: [quietReader, busyReader], timeoutMilliseconds: 20).isEmpty)
            var byte: UInt8 = 1
            #expect(write(busyWriter, &byte, 1) == 1)
            #expect(try waiter.wait(on: [quietReader, busyReader], timeoutMilliseconds: 5000) == [busyReader])
        }

        private static func pipe() throws -> (Int32, Int32) {
            var ends: [Int32] = [-1, -1]
            guard Glibc.pipe(&ends) == 0 else { throw KernelError(code: .systemCall, message: "pipe", errorNumber: errno) }
            return (ends[0], ends[1])
        }
    }
#endif
