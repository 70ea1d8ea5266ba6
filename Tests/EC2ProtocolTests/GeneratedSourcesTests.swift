import EC2Codegen
import EC2Protocol
import Foundation
import Testing

/// The committed `Generated/` sources are what ec2-codegen makes from the installed botocore model today.
///
/// This is the test that fails when an encoder's element names or a decoder's keys stop matching the model.
struct GeneratedSourcesTests {
    @Test func generatedSourcesMatchTheInstalledBotocoreModel() throws {
        let botocore = try Botocore.installation()
        let operations = EC2Codegen.operationNames(inList: try RepositoryFiles.read("Tools/ec2-codegen/operations.txt"))
        let expected = try EC2Codegen.generate(
            model: EC2Codegen.loadModel(at: botocore.modelPath),
            operations: operations,
            botocoreVersion: botocore.version
        )
        let committed = try RepositoryFiles.swiftFiles(in: "Sources/EC2Protocol/Generated")
        let advice = "Sources/EC2Protocol/Generated is stale for botocore \(botocore.version): run Tools/ec2-codegen/regenerate.sh"

        #expect(committed.keys.sorted() == expected.keys.sorted(), "\(advice) (the set of files differs)")
        for (name, contents) in expected.sorted(by: { $0.key < $1.key }) {
            guard let actual = committed[name] else { continue }
            let difference = firstDifference(actual, contents)
            #expect(difference == nil, "\(advice) (\(name) differs)")
        }
    }

    @Test func servedActionsAreTheOperationsList() throws {
        let operations = EC2Codegen.operationNames(inList: try RepositoryFiles.read("Tools/ec2-codegen/operations.txt"))
        #expect(operations.count == Set(operations).count, "operations.txt lists an operation twice")
        #expect(EC2Action.allCases.map(\.rawValue) == operations, "run Tools/ec2-codegen/regenerate.sh")
    }

    /// Where `actual` first departs from `expected`, or nil if they are equal.
    private func firstDifference(_ actual: String, _ expected: String) -> String? {
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(actualLines.count, expectedLines.count) {
            let committedLine = index < actualLines.count ? String(actualLines[index]) : "(end of file)"
            let expectedLine = index < expectedLines.count ? String(expectedLines[index]) : "(end of file)"
            if committedLine != expectedLine {
                return "line \(index + 1): committed `\(committedLine)`, expected `\(expectedLine)`"
            }
        }
        return nil
    }
}
