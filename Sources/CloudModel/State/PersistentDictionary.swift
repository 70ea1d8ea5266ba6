import HashTreeCollections

/// A dictionary whose copies share their storage: changing one entry of a copy costs a path of small nodes, not the
/// whole table. The state's tables and indexes are this.
///
/// Every write of the cloud changes a copy of the state while readers still hold the one before (a snapshot per
/// request, the published state). With Swift's `Dictionary`, the first change to a shared table copies all of it: a tag
/// on one VPC of an account with 10,000 copied the 10,000 VPCs and the tag index, about 2 ms a write, so every write
/// grew with the region. Here it copies a path of the hash tree (`TreeDictionary`, a hash-array mapped prefix tree):
/// a handful of nodes of at most 32 entries.
///
/// The API is `Dictionary`'s, as far as the state uses it (iteration in no particular order, as `Dictionary`'s), so
/// that nothing above needs to know the type underneath.
public struct PersistentDictionary<Key: Hashable, Value>: Sequence {
    public typealias Element = (key: Key, value: Value)

    private var storage: TreeDictionary<Key, Value>

    public init() { storage = [:] }

    public init(uniqueKeysWithValues pairs: some Sequence<(Key, Value)>) {
        storage = TreeDictionary(uniqueKeysWithValues: pairs)
    }

    public subscript(key: Key) -> Value? {
        get { storage[key] }
        set { storage[key] = newValue }
    }

    public subscript(key: Key, default defaultValue: @autoclosure () -> Value) -> Value {
        get { storage[key] ?? defaultValue() }
        set { storage[key] = newValue }
    }

    @discardableResult
    public mutating func updateValue(_ value: Value, forKey key: Key) -> Value? {
        storage.updateValue(value, forKey: key)
    }

    @discardableResult
    public mutating func removeValue(forKey key: Key) -> Value? {
        storage.removeValue(forKey: key)
    }

    public mutating func removeAll() { storage = [:] }

    public var count: Int { storage.count }
    public var isEmpty: Bool { storage.isEmpty }
    public var keys: some Collection<Key> { storage.keys }
    public var values: some Collection<Value> { storage.values }

    /// The entries that satisfy `isIncluded`, as a dictionary of the same kind.
    public func filter(_ isIncluded: (Element) throws -> Bool) rethrows -> Self {
        var result = self
        result.storage = try storage.filter(isIncluded)
        return result
    }

    public func mapValues<T>(_ transform: (Value) throws -> T) rethrows -> PersistentDictionary<Key, T> {
        var result = PersistentDictionary<Key, T>()
        result.storage = try storage.mapValues(transform)
        return result
    }

    public func makeIterator() -> some IteratorProtocol<Element> { storage.makeIterator() }

    public var underestimatedCount: Int { storage.count }
}

extension PersistentDictionary: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (Key, Value)...) {
        self.init(uniqueKeysWithValues: elements)
    }
}

extension PersistentDictionary: Equatable where Value: Equatable {
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.storage == rhs.storage }
}

extension PersistentDictionary: Hashable where Value: Hashable {
    public func hash(into hasher: inout Hasher) { hasher.combine(storage) }
}

extension PersistentDictionary: Sendable where Key: Sendable, Value: Sendable {}
