public import Foundation

/// An SSH key pair: the public half, its fingerprint, and the name instances are launched with.
///
/// The private key is never stored: AWS hands it out once, in the CreateKeyPair answer, and cannot show it again.
/// The key material itself is made and read at the edge (Server's `KeyMaterial`); the model only keeps what
/// DescribeKeyPairs shows.
public struct KeyPair: IdentifiedResource {
    public static let idKind = ResourceIdKind.keyPair
    public static var table: WritableKeyPath<RegionState, PersistentDictionary<String, KeyPair>> { \.keyPairs }
    public static let resourceType = "key-pair"
    public var resource: Resource { .keyPair(self) }
    public static func unwrap(_ resource: Resource) -> Self? {
        if case .keyPair(let value) = resource { value } else { nil }
    }

    /// The key algorithms EC2 key pairs use, in AWS's `KeyType` spelling.
    public enum KeyType: String, Sendable, Hashable, Codable, CaseIterable {
        case rsa
        case ed25519
    }

    public let id: String
    public let scope: AccountRegion
    /// The name, unique in the account and region; `RunInstances` refers to a key pair by it.
    public let name: String
    public let keyType: KeyType
    /// As AWS computes it, which differs between created and imported RSA keys (see `KeyMaterial`).
    public let fingerprint: String
    /// The public key in OpenSSH format (`ssh-ed25519 AAAA… name`), as DescribeKeyPairs `IncludePublicKey` shows it.
    public let publicKey: String
    public var tags: TagSet
    public var createdAt: Date

    public var vpcId: String? { nil }

    public init(
        id: String, scope: AccountRegion, name: String, keyType: KeyType, fingerprint: String, publicKey: String, tags: TagSet = [:],
        createdAt: Date
    ) {
        self.id = id
        self.scope = scope
        self.name = name
        self.keyType = keyType
        self.fingerprint = fingerprint
        self.publicKey = publicKey
        self.tags = tags
        self.createdAt = createdAt
    }
}
