/// The public images of every region, read once from the generated table (ImageTable.swift).
///
/// The table is AWS's data as moto captured it: the Amazon Linux images of each region with their real regional ids
/// (Tools/images/generate.py says which fields it derives and how). A region the capture does not cover has no images.
public enum ImageCatalog {
    /// The alias AWS gives the accounts that publish Amazon's images.
    public static let ownerAlias = "amazon"

    /// Every region's images, by region name, in the table's order (by name).
    private static let byRegion: [String: [Image]] = parse()

    /// The images of `region`.
    public static func images(inRegion region: String) -> [Image] { byRegion[region] ?? [] }

    /// The image `id` in `region`, or nil when the region has no such image.
    public static func image(_ id: String, inRegion region: String) -> Image? {
        images(inRegion: region).first { $0.id == id }
    }

    private static func parse() -> [String: [Image]] {
        let lines = descriptions.split(separator: "\n").map { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
        var result: [String: [Image]] = [:]
        for line in regions.split(separator: "\n") {
            let words = line.split(separator: " ").map(String.init)
            guard words.count >= 2 else { continue }
            let region = words[0]
            let owner = words[1]
            result[region] = words.dropFirst(2).compactMap { entry in
                let parts = entry.split(separator: ":", maxSplits: 1)
                guard parts.count == 2, let index = Int(parts[0]), lines.indices.contains(index) else { return nil }
                return image(id: String(parts[1]), region: region, owner: owner, cells: lines[index])
            }
        }
        return result
    }

    /// One image from a description line; the cells follow the generator's COLUMNS.
    private static func image(id: String, region: String, owner: String, cells: [String]) -> Image? {
        guard cells.count == 11, let size = Int(cells[6]) else { return nil }
        func optional(_ cell: String) -> String? { cell.isEmpty ? nil : cell }
        return Image(
            id: id, region: region, name: cells[0], description: cells[1], architecture: cells[2], virtualizationType: cells[3],
            rootDeviceName: cells[4],
            rootVolume: Image.RootVolume(size: size, volumeType: cells[5], deleteOnTermination: true, encrypted: false),
            creationDate: cells[7], imdsSupport: optional(cells[8]), bootMode: optional(cells[9]), enaSupport: cells[10] == "1", ownerId: owner)
    }
}
