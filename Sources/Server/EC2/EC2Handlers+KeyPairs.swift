import CloudModel
import EC2Protocol
import Foundation

/// CreateKeyPair, ImportKeyPair, DescribeKeyPairs and DeleteKeyPair: key material is made and read here
/// (`KeyMaterial`); the model keeps the public half and decides names, duplicates and lookups.
extension EC2Handlers {
    func createKeyPair(_ request: EC2.CreateKeyPairRequest, context: Context) async throws -> EC2.KeyPair {
        let keyType = try Self.keyType(request.keyType)
        let formatName = request.keyFormat ?? "pem"
        guard let format = KeyMaterial.PrivateKeyFormat(rawValue: formatName) else { throw EC2Error.invalidKeyFormat(formatName) }
        try Transaction.validateKeyName(request.keyName)
        // Made only once the request is known to be well-formed; a DryRun or a duplicate name then wastes one key.
        let material = try KeyMaterial.generate(keyType, format: format, name: request.keyName)
        let keyPair = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.addKeyPair(
                name: request.keyName, keyType: keyType, fingerprint: material.fingerprint,
                publicKey: material.openSSHPublicKey(name: request.keyName),
                tagSpecifications: TagSpecification.from(request.tagSpecifications))
        }
        return EC2.KeyPair(
            keyPairId: keyPair.id, tags: keyPair.tags.wire, keyName: keyPair.name, keyFingerprint: keyPair.fingerprint,
            keyMaterial: material.privateKey)
    }

    func importKeyPair(_ request: EC2.ImportKeyPairRequest, context: Context) async throws -> EC2.ImportKeyPairResult {
        let material = try KeyMaterial.importing(request.publicKeyMaterial)
        let keyPair = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.addKeyPair(
                name: request.keyName, keyType: material.keyType, fingerprint: material.fingerprint,
                publicKey: material.openSSHPublicKey(name: request.keyName), tagSpecifications: TagSpecification.from(request.tagSpecifications))
        }
        return EC2.ImportKeyPairResult(keyFingerprint: keyPair.fingerprint, keyName: keyPair.name, keyPairId: keyPair.id, tags: keyPair.tags.wire)
    }

    func describeKeyPairs(_ request: EC2.DescribeKeyPairsRequest, context: Context) async throws -> EC2.DescribeKeyPairsResult {
        let state = try await snapshot(context, dryRun: request.dryRun)
        let keyPairs = try state.describeKeyPairs(
            in: context.scope, names: request.keyNames ?? [], ids: request.keyPairIds ?? [], filters: try Filter.from(request.filters),
            at: cloud.clock.now())
        let includePublicKey = request.includePublicKey ?? false
        return EC2.DescribeKeyPairsResult(
            keyPairs: keyPairs.map { keyPair in
                EC2.KeyPairInfo(
                    keyPairId: keyPair.id, keyType: keyPair.keyType.rawValue, tags: keyPair.tags.wire,
                    publicKey: includePublicKey ? keyPair.publicKey : nil, createTime: keyPair.createdAt, keyName: keyPair.name,
                    keyFingerprint: keyPair.fingerprint)
            })
    }

    func deleteKeyPair(_ request: EC2.DeleteKeyPairRequest, context: Context) async throws -> EC2.DeleteKeyPairResult {
        let deletedId = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.deleteKeyPair(name: request.keyName, id: request.keyPairId)
        }
        return EC2.DeleteKeyPairResult(return: true, keyPairId: deletedId)
    }

    private static func keyType(_ value: String?) throws(EC2Error) -> KeyPair.KeyType {
        guard let value else { return .rsa }
        guard let type = KeyPair.KeyType(rawValue: value) else { throw .invalidKeyType(value) }
        return type
    }
}
