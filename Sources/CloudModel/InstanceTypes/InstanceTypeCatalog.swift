/// Every instance type LocalVPC describes and offers, read once from the generated table (InstanceTypeTable.swift).
///
/// The table is AWS's data as moto captured it, kept to the types botocore's model lists (the ones RunInstances
/// accepts). It is text parsed on first use rather than a Swift array literal, which would take minutes to
/// type-check. Offerings are stored per zone id only; zone-name and region offerings follow from `RegionCatalog`.
public enum InstanceTypeCatalog {
    /// Every instance type, by name order.
    public static let all: [InstanceTypeInfo] = parse()

    private static let byName: [String: InstanceTypeInfo] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// The bit of each zone id in a type's offering mask.
    static let zoneBit: [String: Int] = Dictionary(
        uniqueKeysWithValues: zoneIdColumns.split(separator: " ").enumerated().map { (String($1), $0) })

    /// The instance type called `name`, or nil when AWS has none by that name.
    public static func type(named name: String) -> InstanceTypeInfo? { byName[name] }

    private static func parse() -> [InstanceTypeInfo] {
        var columns: [(column: InstanceTypeInfo.Column?, values: [String], width: Int)] = []
        for line in dictionaries.split(separator: "\n") {
            let parts = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            let values = Array(parts.dropFirst())
            columns.append((InstanceTypeInfo.Column(rawValue: parts[0]), values, values.count <= 36 ? 1 : 2))
        }
        let offeredColumn = columns.firstIndex { $0.column == nil }
        return rows.split(separator: "\n").map { row in
            let name: Substring = row.prefix { $0 != " " }
            var digits = row.dropFirst(name.count + 1).makeIterator()
            var cells = [String](repeating: "", count: InstanceTypeInfo.Column.allCases.count)
            var offered: [UInt64] = []
            for (position, entry) in columns.enumerated() {
                var index = 0
                for _ in 0..<entry.width { index = index * 36 + digit(digits.next()) }
                let value = entry.values[index]
                if let column = entry.column {
                    cells[column.index] = value
                } else if position == offeredColumn {
                    offered = bitSet(hex: value)
                }
            }
            return InstanceTypeInfo(name: String(name), cells: cells, offeredZoneBits: offered)
        }
    }

    /// The value of one base-36 digit (`0`-`9`, `a`-`z`).
    private static func digit(_ character: Character?) -> Int {
        guard let ascii = character?.asciiValue else { return 0 }
        return ascii <= UInt8(ascii: "9") ? Int(ascii - UInt8(ascii: "0")) : Int(ascii - UInt8(ascii: "a")) + 10
    }

    /// The words of a bit set written in hexadecimal, least significant word first.
    private static func bitSet(hex: String) -> [UInt64] {
        var words = [UInt64](repeating: 0, count: (zoneBit.count + 63) / 64)
        for (position, character) in hex.reversed().enumerated() {
            let nibble = UInt64(character.hexDigitValue ?? 0)
            let bit = position * 4
            words[bit / 64] |= nibble << UInt64(bit % 64)
        }
        return words
    }
}
