import Foundation
import Synchronization
import Testing

@testable import Server

/// `GET /_localvpc/health`'s template: what it writes is the document the general JSON writer would write for the same
/// values (keys sorted at every level, companions in their sorted place, whatever order they report in).
struct HealthDocumentTests {
    private func companion(_ name: String, _ report: [(key: String, value: HealthValue)]) -> CloudCompanion {
        CloudCompanion(name: name, service: nil) { report }
    }

    @Test(arguments: [
        // No companions; one that sorts first, between the server's fields, or last; reports in and out of order, with
        // text that needs escaping.
        [String](), ["dataPlane"], ["aaa", "dataPlane", "zzz"], ["store2", "resources0"],
    ])
    func writesWhatTheGeneralWriterWrites(companionNames: [String]) throws {
        let reports: [[(key: String, value: HealthValue)]] = [
            [("enabled", .flag(true)), ("instances", .integer(3)), ("stateVersion", .integer(UInt64(12)))],
            [("reason", .text("off: \"not\" root/\n")), ("enabled", .flag(false))],
            [],
        ]
        let companions = companionNames.enumerated().map { companion($1, reports[$0 % reports.count]) }
        let document = HealthDocument(version: "1.2.3", store: "sqlite", verifiesSignatures: true, companions: companions)
        let readings = HealthDocument.Readings(uptimeSeconds: 12.625, resources: 101, stateVersion: 7, dataPlaneLeader: false)

        var expected: [String: any Sendable] = [
            "status": "ok", "version": "1.2.3", "uptimeSeconds": 12.625, "resources": 101, "stateVersion": UInt64(7),
            "signatures": ["verified": true] as [String: any Sendable], "store": "sqlite", "dataPlaneLeader": false,
        ]
        for (index, name) in companionNames.enumerated() {
            let report = reports[index % reports.count]
            expected[name] = Dictionary(uniqueKeysWithValues: report.map { ($0.key, untyped($0.value)) }) as [String: any Sendable]
        }
        let written = document.render(readings)
        #expect(String(decoding: written, as: UTF8.self) == String(decoding: try #require(JSONText.encode(expected)), as: UTF8.self))
        // And it is JSON that reads back.
        #expect(try JSONSerialization.jsonObject(with: Data(written)) is NSDictionary)
    }

    @Test func readsCompanionsAndReadingsAnewForEachAnswer() throws {
        let count = Counter()
        let companion = CloudCompanion(name: "dataPlane", service: nil) { [("instances", .integer(count.next()))] }
        let document = HealthDocument(version: "1", store: "memory", verifiesSignatures: false, companions: [companion])
        let first = document.render(.init(uptimeSeconds: 1, resources: 0, stateVersion: 0, dataPlaneLeader: true))
        let second = document.render(.init(uptimeSeconds: 2.5, resources: 4, stateVersion: 9, dataPlaneLeader: false))
        #expect(
            String(decoding: first, as: UTF8.self)
                == #"{"dataPlane":{"instances":1},"dataPlaneLeader":true,"resources":0,"signatures":{"verified":false},"stateVersion":0,"status":"ok","store":"memory","uptimeSeconds":1,"version":"1"}"#
        )
        #expect(
            String(decoding: second, as: UTF8.self)
                == #"{"dataPlane":{"instances":2},"dataPlaneLeader":false,"resources":4,"signatures":{"verified":false},"stateVersion":9,"status":"ok","store":"memory","uptimeSeconds":2.5,"version":"1"}"#
        )
    }

    private func untyped(_ value: HealthValue) -> any Sendable {
        switch value {
        case .flag(let flag): flag
        case .integer(let number): number
        case .text(let text): text
        }
    }
}

private final class Counter: Sendable {
    private let value = Mutex(0)
    func next() -> Int {
        value.withLock {
            $0 += 1; return $0
        }
    }
}
