import Foundation

/// Runs the installed botocore (through python3) for tests that check our wire format against the real client.
///
/// CI always has python3 and botocore; elsewhere these tests fail with ``Botocore/Unavailable`` saying what to install.
enum Botocore {
    /// Why botocore could not be used.
    struct Unavailable: Error, CustomStringConvertible {
        let description: String
    }

    /// Where the installed botocore keeps the EC2 model, and botocore's version.
    struct Installation {
        let modelPath: String
        let version: String
    }

    /// Locates botocore's EC2 service model.
    static func installation() throws -> Installation {
        let output = try python(
            """
            import os, botocore
            print(os.path.join(os.path.dirname(botocore.__file__), "data", "ec2", "2016-11-15", "service-2.json.gz"))
            print(botocore.__version__)
            """
        )
        let lines = output.split(separator: "\n").map(String.init)
        guard lines.count == 2 else { throw Unavailable(description: "Unexpected output locating botocore: \(output)") }
        return Installation(modelPath: lines[0], version: lines[1])
    }

    /// The EC2 service model as JSON objects, decompressed with gzip (independently of ec2-codegen).
    static func modelShapes() throws -> [String: [String: Any]] {
        let path = try installation().modelPath
        let json = try run("/usr/bin/env", ["gzip", "-dc", path], input: Data())
        guard let root = try JSONSerialization.jsonObject(with: json) as? [String: Any],
            let shapes = root["shapes"] as? [String: [String: Any]]
        else { throw Unavailable(description: "\(path) has no shapes") }
        return shapes
    }

    /// Runs `script` with python3, `input` on its standard input; returns standard output.
    static func python(_ script: String, input: String = "") throws -> String {
        let output = try run("/usr/bin/env", ["python3", "-c", script], input: Data(input.utf8))
        return String(decoding: output, as: UTF8.self)
    }

    private static func run(_ executable: String, _ arguments: [String], input: Data) throws -> Data {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ec2protocol-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let inputURL = directory.appendingPathComponent("stdin")
        let outputURL = directory.appendingPathComponent("stdout")
        let errorURL = directory.appendingPathComponent("stderr")
        try input.write(to: inputURL)
        try Data().write(to: outputURL)
        try Data().write(to: errorURL)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = try FileHandle(forReadingFrom: inputURL)
        process.standardOutput = try FileHandle(forWritingTo: outputURL)
        process.standardError = try FileHandle(forWritingTo: errorURL)
        do {
            try process.run()
        } catch {
            throw Unavailable(description: "Cannot run \(arguments.first ?? executable): \(error). These tests need python3 with botocore.")
        }
        process.waitUntilExit()
        let output = try Data(contentsOf: outputURL)
        guard process.terminationStatus == 0 else {
            let message = (try? String(contentsOf: errorURL, encoding: .utf8)) ?? ""
            throw Unavailable(
                description: """
                    \(arguments.prefix(2).joined(separator: " ")) failed (status \(process.terminationStatus)); \
                    these tests need python3 with botocore (pip install botocore):
                    \(message)
                    """
            )
        }
        return output
    }
}
