/// CreateKeyPair, ImportKeyPair and DeleteKeyPair: the rules about names; the key material comes from the edge.
extension Transaction {
    /// Stores a key pair made or read by the caller (CreateKeyPair and ImportKeyPair alike): AWS refuses a name
    /// already used in the region, and a name longer than 255 ASCII characters.
    public mutating func addKeyPair(
        name: String, keyType: KeyPair.KeyType, fingerprint: String, publicKey: String, tagSpecifications: [TagSpecification] = []
    ) throws(EC2Error) -> KeyPair {
        try Self.validateKeyName(name)
        let tags = try TagSet.creating(KeyPair.resourceType, from: tagSpecifications)
        guard keyPair(named: name) == nil else { throw .keyPairDuplicate(name) }
        let keyPair = KeyPair(
            id: newId(.keyPair), scope: scope, name: name, keyType: keyType, fingerprint: fingerprint, publicKey: publicKey, tags: tags,
            createdAt: now)
        put(keyPair)
        return keyPair
    }

    /// Refuses what CreateKeyPair and ImportKeyPair refuse as a name, before any key material is made for it.
    public static func validateKeyName(_ name: String) throws(EC2Error) {
        guard !name.isEmpty else { throw .missingParameter("KeyName") }
        guard name.utf8.count <= 255, name.unicodeScalars.allSatisfy(\.isASCII) else { throw .invalidKeyName(name) }
    }

    /// Deletes a key pair by name or by id. A name that does not exist is not an error (AWS answers `true`), so
    /// teardown scripts can run twice; an unknown id is. Returns the id deleted, if any.
    public mutating func deleteKeyPair(name: String?, id: String?) throws(EC2Error) -> String? {
        let keyPair: KeyPair?
        switch (name, id) {
        case (let name?, nil): keyPair = self.keyPair(named: name)
        case (nil, let id?): keyPair = try require(KeyPair.self, id)
        case (let name?, let id?):
            let byId = try require(KeyPair.self, id)
            guard byId.name == name else { throw .keyPairNotFound(name) }
            keyPair = byId
        case (nil, nil): throw .missingParameter("KeyName or KeyPairId")
        }
        guard let keyPair else { return nil }
        delete(keyPair)
        return keyPair.id
    }

    /// The key pair `name` in the caller's region, for RunInstances' `KeyName`.
    public func requireKeyPair(named name: String) throws(EC2Error) -> KeyPair {
        guard let keyPair = keyPair(named: name) else { throw .keyPairNotFound(name) }
        return keyPair
    }

    /// Key pairs are few per region (AWS allows 5,000), so a scan by name costs nothing worth an index.
    func keyPair(named name: String) -> KeyPair? {
        all(KeyPair.self).first { $0.name == name }
    }
}
