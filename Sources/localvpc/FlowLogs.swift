import ArgumentParser
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `localvpc flow-logs FLOW_LOG_ID [--follow] [--flush]`: prints a flow log's records, one per line, in its format.
struct FlowLogs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flow-logs",
        abstract: "Print a flow log's records (from the data plane's real traffic), one per line, in the flow log's format.",
        discussion: """
            Records are made per network interface for each aggregation interval (MaxAggregationInterval: 60 or 600 \
            seconds of the server's clock, which POST /_localvpc/clock moves). The records only, without the header \
            line of field names AWS writes at the top of S3 files (those files are under STATE_DIR/flow-logs).

            Examples:
              localvpc flow-logs fl-0123456789abcdef0 --flush
              localvpc flow-logs fl-0123456789abcdef0 --follow
            """)

    @Argument(help: ArgumentHelp("The flow log's id (fl-…).", valueName: "FLOW_LOG_ID"))
    var flowLogId: String

    @Flag(help: "Keep printing new records as their intervals close (Ctrl-C to stop).")
    var follow = false

    @Flag(help: "Close the open aggregation interval first, so what was carried until now is printed.")
    var flush = false

    @OptionGroup var api: APIOptions

    func run() async throws {
        let endpoint = try api.endpoint()
        var next = 0
        var flushing = flush
        repeat {
            let page = try await fetch(endpoint, after: next, flush: flushing)
            flushing = false
            // Written at once, unbuffered, so a pipe sees each interval's records as they come (--follow).
            if !page.records.isEmpty { FileHandle.standardOutput.write(Data(page.records.map { $0 + "\n" }.joined().utf8)) }
            next = page.next
            if follow { try await Task.sleep(for: .seconds(1)) }
        } while follow
    }

    private struct Page: Decodable {
        let records: [String]
        let next: Int
    }

    private struct Failure: Decodable {
        let error: String
    }

    private func fetch(_ endpoint: URL, after: Int, flush: Bool) async throws -> Page {
        var components = URLComponents(url: endpoint, resolvingAgainstBaseURL: false)!
        components.path = "/_localvpc/flow-logs/\(flowLogId)"
        components.queryItems = [URLQueryItem(name: "after", value: String(after))] + (flush ? [URLQueryItem(name: "flush", value: "1")] : [])
        let (data, response): (Data, URLResponse)
        do {
            (data, response) = try await URLSession.shared.data(from: components.url!)
        } catch {
            throw ExecFailure("could not reach LocalVPC at \(endpoint): \(error.localizedDescription)")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard status == 200 else {
            let message = (try? JSONDecoder().decode(Failure.self, from: data))?.error ?? String(decoding: data, as: UTF8.self)
            throw ExecFailure("\(flowLogId): \(message) (HTTP \(status))")
        }
        return try JSONDecoder().decode(Page.self, from: data)
    }
}
