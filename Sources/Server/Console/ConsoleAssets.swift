import Foundation

/// The console's files, shipped in the repository (`Console/Assets`) and read once at start: no build step, no
/// registry, nothing fetched at run time.
struct ConsoleAssets: Sendable {
    struct File: Sendable {
        let contents: [UInt8]
        let contentType: String
    }

    private let files: [String: File]

    /// Reads every file of the resource folder; a missing folder gives a console that answers 404 (logged by the caller).
    init(directory: URL? = Bundle.module.url(forResource: "Assets", withExtension: nil)) {
        var files: [String: File] = [:]
        if let directory, let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) {
            for name in names {
                guard let type = Self.contentTypes[(name as NSString).pathExtension],
                    let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path)
                else { continue }
                files[name] = File(contents: [UInt8](data), contentType: type)
            }
        }
        self.files = files
    }

    var isEmpty: Bool { files.isEmpty }

    /// The file called `name` (a plain name: the folder is flat, so nothing outside it can be named).
    func file(named name: String) -> File? { files[name] }

    static let contentTypes = [
        "html": "text/html; charset=utf-8", "js": "text/javascript; charset=utf-8", "css": "text/css; charset=utf-8",
        "svg": "image/svg+xml", "png": "image/png", "ico": "image/x-icon",
    ]
}
