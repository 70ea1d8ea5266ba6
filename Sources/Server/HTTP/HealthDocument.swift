/// `GET /_localvpc/health`'s JSON, as a template made when the server starts: the fields in the order they are
/// written (sorted by key, as all the admin routes' JSON is), with the bytes between the values that change already
/// written out (keys, quotes, commas, and the values fixed for the server's life: version, store, signatures).
/// Answering one writes those pieces and the live values between them.
///
/// Probes ask for it thousands of times a second, and `bench/http.py` sets it against nginx serving the same bytes. A
/// profile at 8 connections put building the document field by field (`JSONText.encode(fields:)`: the fields made,
/// copied, checked for order and sorted per request) at 14% of the server's CPU.
struct HealthDocument: Sendable {
    /// What the server reads for each answer.
    struct Readings {
        var uptimeSeconds: Double
        var resources: Int
        var stateVersion: UInt64
        var dataPlaneLeader: Bool
    }

    private enum Live: Sendable {
        case uptimeSeconds, resources, stateVersion, dataPlaneLeader
        /// A companion's report (its fields, as it gives them now), by its place in `companions`.
        case companion(Int)
    }

    private enum Piece: Sendable {
        case bytes([UInt8])
        case live(Live)
    }

    private let pieces: [Piece]
    private let companions: [CloudCompanion]
    private let size: Int

    init(version: String, store: String, verifiesSignatures: Bool, companions: [CloudCompanion]) {
        var fields: [(key: String, value: Piece)] = [
            ("status", .bytes(Self.written(.string("ok")))), ("version", .bytes(Self.written(.string(version)))),
            ("uptimeSeconds", .live(.uptimeSeconds)), ("resources", .live(.resources)),
            // Companions that follow the change feed report the version they have caught up with beside it.
            ("stateVersion", .live(.stateVersion)),
            ("signatures", .bytes(Self.written(.object([("verified", .flag(verifiesSignatures))])))),
            ("store", .bytes(Self.written(.string(store)))), ("dataPlaneLeader", .live(.dataPlaneLeader)),
        ]
        for (index, companion) in companions.enumerated() { fields.append((companion.name, .live(.companion(index)))) }
        fields.sort { JSONText.precedes($0.key, $1.key) }

        var pieces: [Piece] = []
        var pending: [UInt8] = [UInt8(ascii: "{")]
        for (index, field) in fields.enumerated() {
            if index > 0 { pending.append(UInt8(ascii: ",")) }
            JSONText.write(string: field.key, into: &pending)
            pending.append(UInt8(ascii: ":"))
            switch field.value {
            case .bytes(let value): pending += value
            case .live:
                pieces.append(.bytes(pending))
                pieces.append(field.value)
                pending = []
            }
        }
        pending.append(UInt8(ascii: "}"))
        pieces.append(.bytes(pending))
        self.pieces = pieces
        self.companions = companions
        self.size = pieces.reduce(0) { if case .bytes(let bytes) = $1 { $0 + bytes.count } else { $0 } }
    }

    /// The document with these readings and each companion's report now.
    func render(_ readings: Readings) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(size + 256)
        for piece in pieces {
            switch piece {
            case .bytes(let fixed): bytes += fixed
            case .live(.uptimeSeconds):
                // Finite, as a clock's reading is; `null` rather than a broken document if it ever were not.
                if !JSONText.write(number: readings.uptimeSeconds, into: &bytes) { bytes += "null".utf8 }
            case .live(.resources): JSONText.write(integer: readings.resources, into: &bytes)
            case .live(.stateVersion): JSONText.write(integer: readings.stateVersion, into: &bytes)
            case .live(.dataPlaneLeader): bytes += (readings.dataPlaneLeader ? "true" : "false").utf8
            case .live(.companion(let index)): Self.write(report: companions[index].health(), into: &bytes)
            }
        }
        return bytes
    }

    /// A companion's report as an object, its keys sorted as `JSONText` sorts an object's (left as given when they
    /// already are).
    private static func write(report: [(key: String, value: HealthValue)], into bytes: inout [UInt8]) {
        _ = JSONText.write(field: .object(report.map { ($0.key, $0.value.field) }), into: &bytes)  // no numbers: always written
    }

    private static func written(_ value: JSONText.Field) -> [UInt8] {
        var bytes: [UInt8] = []
        _ = JSONText.write(field: value, into: &bytes)
        return bytes
    }
}
