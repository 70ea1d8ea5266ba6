#if os(Linux)
    import DataPlane
    import Foundation
    import Glibc
    import Testing

    /// Figures for the kernel layer's report, not timed tests: run with `LOCALVPC_KERNEL_MEASURE=1` (as root). Each
    /// still checks that what it measured really happened (every packet answered, every ping replied).
    @Suite(.serialized, .enabled(if: KernelTestEnvironment.measures))
    struct NetfilterQueueMeasurements {
        /// How long the first packet of a flow takes, queued and answered, against the packets after it and against the same
        /// path with no queue: `ping -c 10` runs, each a new flow.
        @Test func firstPacketRoundTrip() throws {
            var report: [String] = []
            for queueing in [false, true] {
                let network = try RoutedNamespaces(queueing: queueing)
                defer { network.remove() }
                let queue = queueing ? try NetfilterQueue(queueNumber: 0, namespace: network.r) : nil
                defer { queue?.close() }
                let waiter = try FileDescriptorWaiter()
                var firsts: [Double] = []
                var laters: [Double] = []
                for run in 0..<21 {
                    let ping = BackgroundCommand(
                        "ping", ["-c", "10", "-i", "0.02", "-W", "1", "-e", "\(20000 + run)", RoutedNamespaces.bAddress], namespace: network.a)
                    if let queue {
                        _ = try NetfilterQueueEndToEndTests.answer(queue, waiter, until: ping) { _ in (.repeat, 5) }
                    }
                    let times = try ping.wait().split(separator: "\n").compactMap { line in
                        line.split(separator: " ").first { $0.hasPrefix("time=") }.flatMap { Double($0.dropFirst(5)) }
                    }
                    #expect(times.count == 10)
                    guard run > 0 else { continue }  // the first run also resolves neighbours
                    firsts.append(times[0])
                    laters += times.dropFirst()
                }
                report.append(
                    "\(queueing ? "queued  " : "no queue"): first packet p50 \(Self.percentile(firsts, 50)) ms p90 \(Self.percentile(firsts, 90)) ms; later packets p50 \(Self.percentile(laters, 50)) ms p90 \(Self.percentile(laters, 90)) ms"
                )
            }
            print("MEASURE first-packet round trip (20 flows × 10 pings, a → r → b):\n" + report.joined(separator: "\n"))
        }

        /// How many new flows one thread decides per second: a burst of UDP packets from distinct source ports (each a new
        /// flow), sent by a raw socket in a, every one queued in r and answered `.repeat` with a mark.
        @Test(arguments: [8192, 65536])
        func newFlowsPerSecond(queueLength: Int) throws {
            let flows = 50000
            let network = try RoutedNamespaces()
            defer { network.remove() }
            let queue = try NetfilterQueue(queueNumber: 0, namespace: network.r, maxLength: UInt32(queueLength))
            defer { queue.close() }
            let waiter = try FileDescriptorWaiter()
            let sender = BackgroundCommand(
                "python3",
                [
                    "-c",
                    """
                    import socket, struct, time
                    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_UDP)
                    start = time.perf_counter()
                    for i in range(\(flows)):
                        s.sendto(struct.pack("!HHHH", 10000 + i, 9, 8, 0), ("\(RoutedNamespaces.bAddress)", 0))
                    print(time.perf_counter() - start)
                    """,
                ], namespace: network.a)

            var answered = 0
            var first: ContinuousClock.Instant?
            var last = ContinuousClock.now
            let cpuBefore = Self.threadCPUSeconds()
            var lastPacket = ContinuousClock.now
            while answered < flows && ContinuousClock.now - lastPacket < .seconds(2) {
                _ = try waiter.wait(on: [queue.fileDescriptor], timeoutMilliseconds: 100)
                let packets = try queue.receive()
                if packets.isEmpty { continue }
                first = first ?? .now
                for packet in packets {
                    guard IPPacketHeader(bytes: packet.payload) != nil else { continue }
                    try queue.setVerdict(packet.id, .repeat, mark: 5)
                }
                answered += packets.count
                last = .now
                lastPacket = last
            }
            let cpuAfter = Self.threadCPUSeconds()
            let (user, system) = (cpuAfter.user - cpuBefore.user, cpuAfter.system - cpuBefore.system)
            let sendSeconds = Double(try sender.wait().trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
            let elapsed = first.map { Self.seconds(last - $0) } ?? 0
            let entries = try Conntrack.entries(namespace: network.r).filter { $0.ipProtocol == 17 && $0.mark == 5 }.count
            let kernel = try KernelCommand.run("cat", ["/proc/net/netfilter/nfnetlink_queue"], namespace: network.r)
            print(
                """
                MEASURE new flows (queue length \(queueLength)): sent \(flows) in \(String(format: "%.3f", sendSeconds)) s \
                (\(Int(Double(flows) / sendSeconds))/s); answered \(answered) in \(String(format: "%.3f", elapsed)) s \
                = \(Int(Double(answered) / elapsed))/s, CPU each: \(String(format: "%.2f", user / Double(answered) * 1e6)) µs user \
                + \(String(format: "%.2f", system / Double(answered) * 1e6)) µs kernel (the verdict forwards the packet); \
                conntrack entries marked: \(entries); socket overflows: \(queue.statistics.receiveOverflows); \
                kernel (queue, portid, waiting, mode, range, queue_dropped, user_dropped, last id, 1): \(kernel.trimmingCharacters(in: .whitespacesAndNewlines))
                """)
            #expect(answered > 0)
            #expect(entries == answered)
        }

        static func percentile(_ values: [Double], _ percent: Int) -> String {
            let sorted = values.sorted()
            guard !sorted.isEmpty else { return "-" }
            return String(format: "%.3f", sorted[min(sorted.count - 1, sorted.count * percent / 100)])
        }

        static func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }

        /// The calling thread's CPU time so far, in user space and in the kernel (`getrusage(RUSAGE_THREAD)`).
        static func threadCPUSeconds() -> (user: Double, system: Double) {
            var usage = rusage()
            getrusage(__rusage_who_t(1), &usage)  // RUSAGE_THREAD, a GNU extension Swift does not see
            return (
                Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6,
                Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
            )
        }
    }
#endif
