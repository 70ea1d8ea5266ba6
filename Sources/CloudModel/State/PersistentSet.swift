import HashTreeCollections

/// A set whose copies share their storage, as `PersistentDictionary` is a dictionary: the id sets of the region's
/// indexes. A VPC's set holds every resource in it (a launch's instances, interfaces and volumes, and those terminated
/// in the last hour), and with Swift's `Set` each write to the VPC copied all of it: under a background of launches of
/// 1,000 instances, copying and freeing those sets was two fifths of the server's CPU (`perf`).
public struct PersistentSet<Element: Hashable>: Sequence {
    private var storage: TreeSet<Element>

    public init() { storage = [] }

    public init(_ elements: some Sequence<Element>) { storage = TreeSet(elements) }

    public var count: Int { storage.count }
    public var isEmpty: Bool { storage.isEmpty }

    public func contains(_ element: Element) -> Bool { storage.contains(element) }

    @discardableResult
    public mutating func insert(_ element: Element) -> Bool { storage.insert(element).inserted }

    @discardableResult
    public mutating func remove(_ element: Element) -> Element? { storage.remove(element) }

    public mutating func formUnion(_ other: Self) { storage.formUnion(other.storage) }

    public func makeIterator() -> some IteratorProtocol<Element> { storage.makeIterator() }

    public var underestimatedCount: Int { storage.count }
}

extension PersistentSet: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: Element...) { self.init(elements) }
}

extension PersistentSet: Equatable {
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.storage == rhs.storage }
}

extension PersistentSet: Hashable {
    public func hash(into hasher: inout Hasher) { hasher.combine(storage) }
}

extension PersistentSet: Sendable where Element: Sendable {}
