// ec2-codegen --model PATH(.json|.json.gz) --operations operations.txt --output DIR [--botocore-version VERSION]
//
// Writes EC2Protocol's Generated/ sources and removes stale .swift files from DIR. Tools/ec2-codegen/regenerate.sh
// runs it with botocore's installed model.

import EC2Codegen
import Foundation

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("ec2-codegen: \(message)\n".utf8))
    exit(1)
}

var options: [String: String] = [:]
var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
    guard ["--model", "--operations", "--output", "--botocore-version"].contains(flag), let value = arguments.popFirst() else {
        fail("usage: ec2-codegen --model PATH --operations PATH --output DIR [--botocore-version VERSION]")
    }
    options[flag] = value
}
guard let modelPath = options["--model"], let operationsPath = options["--operations"], let outputPath = options["--output"] else {
    fail("--model, --operations and --output are required")
}

do {
    guard let list = try? String(contentsOfFile: operationsPath, encoding: .utf8) else { fail("cannot read \(operationsPath)") }
    let files = try EC2Codegen.generate(
        model: EC2Codegen.loadModel(at: modelPath),
        operations: EC2Codegen.operationNames(inList: list),
        botocoreVersion: options["--botocore-version"]
    )
    let output = URL(fileURLWithPath: outputPath, isDirectory: true)
    try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
    for existing in try FileManager.default.contentsOfDirectory(atPath: output.path) where existing.hasSuffix(".swift") && files[existing] == nil {
        try FileManager.default.removeItem(at: output.appendingPathComponent(existing))
    }
    for (name, contents) in files.sorted(by: { $0.key < $1.key }) {
        try Data(contents.utf8).write(to: output.appendingPathComponent(name))
    }
    print("ec2-codegen: wrote \(files.count) files to \(outputPath)")
} catch {
    fail("\(error)")
}
