/// Tags to put on a resource as it is created: the `TagSpecifications` of every `Create…` call.
public struct TagSpecification: Sendable, Hashable {
    /// The resource type these tags are for (`vpc`, `subnet`, …); must name what the call creates.
    public var resourceType: String?
    public var tags: [Tag]

    public init(resourceType: String?, tags: [Tag]) {
        self.resourceType = resourceType
        self.tags = tags
    }
}

/// One tag as a client sent it; a missing value means the empty string.
public struct Tag: Sendable, Hashable {
    public var key: String
    public var value: String

    public init(key: String, value: String?) {
        self.key = key
        self.value = value ?? ""
    }
}

extension TagSet {
    /// The most tags one resource may carry, besides AWS's own (`aws:…`).
    public static let limit = 50

    /// Whether `key` is one AWS reserves for the tags it sets itself (`aws:…`, in any case).
    public static func isSystemKey(_ key: String) -> Bool { key.lowercased().hasPrefix("aws:") }

    /// The tags AWS set itself.
    public var systemTags: TagSet { TagSet(values.filter { Self.isSystemKey($0.key) }) }

    /// Sets a tag AWS sets itself (an `aws:` key), which clients may neither set nor remove.
    mutating func setSystemTag(_ key: String, _ value: String) {
        precondition(Self.isSystemKey(key), "\(key) is not a system tag key")
        self[key] = value
    }

    /// Adds `tags`, refusing what AWS refuses: empty or over-long keys and values, `aws:` keys, more than 50 tags.
    /// CreateTags names a reserved key in its refusal; a create call's tag specifications do not, as on AWS.
    public mutating func add(_ tags: [Tag], namingReservedKeys: Bool = false) throws(EC2Error) {
        var result = self
        for tag in tags {
            try Self.validate(tag, namingReservedKeys: namingReservedKeys)
            result[tag.key] = tag.value
        }
        guard result.count - result.systemTags.count <= Self.limit else {
            throw EC2Error(code: "TagLimitExceeded", message: "The maximum number of Tags for a resource has been reached.")
        }
        self = result
    }

    static func validate(_ tag: Tag, namingReservedKeys: Bool = false) throws(EC2Error) {
        guard !tag.key.isEmpty else { throw .emptyTagKey }
        guard tag.key.count <= 128 else {
            throw .invalidParameterValue("Tag key exceeds the maximum length of 128 characters")
        }
        guard tag.value.count <= 256 else {
            throw .invalidParameterValue("Tag value exceeds the maximum length of 256 characters")
        }
        guard !isSystemKey(tag.key) else { throw namingReservedKeys ? .reservedTagKey(tag.key) : .reservedTagKey }
    }

    /// The tags `specifications` give a new resource of `resourceType`, refusing specifications for other types.
    /// A type may have one specification, and a key one tag in it: AWS refuses repeats rather than keep the last.
    public static func creating(_ resourceType: String, from specifications: [TagSpecification]) throws(EC2Error) -> TagSet {
        var tags = TagSet()
        for (index, specification) in specifications.enumerated() {
            guard let type = specification.resourceType else { throw .missingParameter("TagSpecification.N.ResourceType") }
            guard type == resourceType else {
                throw .invalidParameterValue("'\(type)' is not a valid taggable resource type for this operation.")
            }
            guard index == 0 else { throw .resourceTypeTaggedTwice }
            var keys = Set<String>()
            if let repeated = specification.tags.first(where: { !keys.insert($0.key).inserted }) { throw .duplicateTagKey(repeated.key) }
            try tags.add(specification.tags)
        }
        return tags
    }
}
