import CloudModel
import Crypto
import Foundation
import _CryptoExtras

/// The key material of a key pair: made for CreateKeyPair, read from ImportKeyPair, fingerprinted as AWS does.
///
/// Key generation draws from the system's secure random source, so it happens here at the edge; the model gets only
/// the public key and the fingerprint (`Transaction.addKeyPair`), never the private key, which AWS shows once.
struct KeyMaterial: Sendable {
    let keyType: KeyPair.KeyType
    /// The SSH public key blob (`string type, …`), base64-encoded in the OpenSSH line.
    let publicKeyBlob: [UInt8]
    let fingerprint: String
    /// The unencrypted private key, only for a key made here. In PEM: PKCS#1 (`RSA PRIVATE KEY`) for RSA, OpenSSH's
    /// own format for ED25519 (PEM has no standard form OpenSSH reads for it), as AWS hands them out; or PuTTY's `.ppk`.
    let privateKey: String?

    /// CreateKeyPair's `KeyFormat`.
    enum PrivateKeyFormat: String, Sendable {
        case pem
        case ppk
    }

    /// The public key as one OpenSSH line, `type base64 name`, as DescribeKeyPairs `IncludePublicKey` shows it.
    func openSSHPublicKey(name: String) -> String {
        "\(Self.sshName(keyType)) \(Data(publicKeyBlob).base64EncodedString()) \(name)"
    }

    static func sshName(_ type: KeyPair.KeyType) -> String {
        switch type {
        case .rsa: "ssh-rsa"
        case .ed25519: "ssh-ed25519"
        }
    }

    // MARK: Made for CreateKeyPair

    /// A new key: RSA 2048-bit or ED25519, as AWS makes them; `name` is the `.ppk` file's comment.
    static func generate(_ type: KeyPair.KeyType, format: PrivateKeyFormat = .pem, name: String = "") throws -> KeyMaterial {
        switch type {
        case .rsa:
            let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
            let primitives = try key.publicKey.getKeyPrimitives()
            let blob = rsaBlob(modulus: primitives.modulus, exponent: primitives.publicExponent)
            var privateKey = key.pemRepresentation
            if format == .ppk {
                // swift-crypto's own PKCS#1 always reads back; were it not to, the caller sees InternalError.
                guard let secret = PuTTYPrivateKey.rsaPrivateBlob(pkcs1DER: key.derRepresentation) else {
                    throw CocoaError(.coderInvalidValue)
                }
                privateKey = PuTTYPrivateKey.file(algorithm: "ssh-rsa", comment: name, publicBlob: blob, privateBlob: secret)
            }
            // AWS: the SHA-1 of the DER-encoded PKCS#8 private key (`openssl pkcs8 -topk8 -nocrypt -outform DER | openssl sha1 -c`).
            return KeyMaterial(
                keyType: .rsa, publicKeyBlob: blob, fingerprint: colonHex(Insecure.SHA1.hash(data: key.pkcs8DERRepresentation)),
                privateKey: privateKey)
        case .ed25519:
            let key = Curve25519.Signing.PrivateKey()
            let seed = Array(key.rawRepresentation)
            let blob = ed25519Blob(Array(key.publicKey.rawRepresentation))
            let privateKey =
                switch format {
                case .pem: openSSHPrivateKey(seed: seed, publicKey: Array(key.publicKey.rawRepresentation))
                case .ppk:
                    PuTTYPrivateKey.file(
                        algorithm: "ssh-ed25519", comment: name, publicBlob: blob, privateBlob: PuTTYPrivateKey.ed25519PrivateBlob(seed: seed))
                }
            return KeyMaterial(keyType: .ed25519, publicKeyBlob: blob, fingerprint: sha256Fingerprint(blob), privateKey: privateKey)
        }
    }

    /// OpenSSH's `openssh-key-v1` file, unencrypted (PROTOCOL.key in OpenSSH's sources).
    private static func openSSHPrivateKey(seed: [UInt8], publicKey: [UInt8]) -> String {
        let check = UInt32.random(in: .min ... .max)
        var secret = SSHWriter()
        secret.uint32(check)
        secret.uint32(check)
        secret.string("ssh-ed25519")
        secret.string(publicKey)
        secret.string(seed + publicKey)
        secret.string("")
        var pad: UInt8 = 1
        while secret.bytes.count % 8 != 0 {
            secret.raw([pad])
            pad += 1
        }
        var file = SSHWriter()
        file.raw(Array("openssh-key-v1".utf8) + [0])
        file.string("none")
        file.string("none")
        file.string("")
        file.uint32(1)
        file.string(ed25519Blob(publicKey))
        file.string(secret.bytes)
        let body = Data(file.bytes).base64EncodedString()
        let lines = stride(from: 0, to: body.count, by: 70).map { start in
            let from = body.index(body.startIndex, offsetBy: start)
            return String(body[from..<(body.index(from, offsetBy: 70, limitedBy: body.endIndex) ?? body.endIndex)])
        }
        return (["-----BEGIN OPENSSH PRIVATE KEY-----"] + lines + ["-----END OPENSSH PRIVATE KEY-----"]).joined(separator: "\n") + "\n"
    }

    // MARK: Read for ImportKeyPair

    /// Reads a public key as AWS accepts it: an OpenSSH line (`ssh-rsa AAAA… comment`, as in `authorized_keys`), an
    /// RFC 4716 block (`---- BEGIN SSH2 PUBLIC KEY ----`) or base64 DER (RSA only); RSA of 1024 bits or more, or ED25519. Anything else
    /// (ECDSA, DSA, a private key, garbage) is `InvalidKeyPair.Format`.
    static func importing(_ material: Data) throws(EC2Error) -> KeyMaterial {
        guard let text = String(data: material, encoding: .utf8), let blob = blob(fromPublicKeyText: text) else { throw .keyPairFormat }
        var reader = SSHReader(blob)
        switch reader.string().flatMap({ String(bytes: $0, encoding: .utf8) }) {
        case "ssh-rsa":
            guard let exponent = reader.string(), let modulus = reader.string(), reader.isAtEnd else { throw .keyPairFormat }
            let bits = modulus.drop { $0 == 0 }.count * 8
            guard bits >= 1024, bits <= 16384, exponent.contains(where: { $0 != 0 }) else { throw .keyPairFormat }
            // AWS: the MD5 of the DER-encoded public key (`openssl rsa -pubout -outform DER | openssl md5 -c`).
            let der = subjectPublicKeyInfo(modulus: modulus, exponent: exponent)
            return KeyMaterial(keyType: .rsa, publicKeyBlob: blob, fingerprint: colonHex(Insecure.MD5.hash(data: der)), privateKey: nil)
        case "ssh-ed25519":
            guard let key = reader.string(), key.count == 32, reader.isAtEnd else { throw .keyPairFormat }
            return KeyMaterial(keyType: .ed25519, publicKeyBlob: blob, fingerprint: sha256Fingerprint(blob), privateKey: nil)
        default:
            throw .keyPairFormat
        }
    }

    private static func blob(fromPublicKeyText text: String) -> [UInt8]? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("---- BEGIN SSH2 PUBLIC KEY ----") {
            var body = ""
            var continuing = false
            for line in trimmed.split(whereSeparator: \.isNewline).dropFirst() {
                let line = line.trimmingCharacters(in: .whitespaces)
                if line.hasPrefix("---- END SSH2 PUBLIC KEY ----") { break }
                // Header lines (`Comment: …`), possibly continued with a trailing backslash.
                if continuing || line.contains(":") {
                    continuing = line.hasSuffix("\\")
                    continue
                }
                body += line
            }
            return Data(base64Encoded: body).map(Array.init)
        }
        let fields = trimmed.split(whereSeparator: \.isWhitespace)
        // Base64 DER (`SubjectPublicKeyInfo`, RSA only), bare or in a `PUBLIC KEY` PEM block.
        let der = fields.filter { !$0.hasPrefix("-----") && !$0.hasSuffix("-----") && $0 != "PUBLIC" && $0 != "KEY" }
        if fields.count == 1 || trimmed.hasPrefix("-----BEGIN PUBLIC KEY-----"),
            let data = Data(base64Encoded: der.joined()),
            let key = try? _RSA.Signing.PublicKey(unsafeDERRepresentation: data),
            let primitives = try? key.getKeyPrimitives()
        {
            return rsaBlob(modulus: primitives.modulus, exponent: primitives.publicExponent)
        }
        guard fields.count >= 2, let data = Data(base64Encoded: String(fields[1])) else { return nil }
        let blob = Array(data)
        // The type written before the key must be the one inside it.
        var reader = SSHReader(blob)
        guard let inner = reader.string(), String(bytes: inner, encoding: .utf8) == String(fields[0]) else { return nil }
        return blob
    }

    // MARK: Encodings

    static func rsaBlob(modulus: Data, exponent: Data) -> [UInt8] {
        var writer = SSHWriter()
        writer.string("ssh-rsa")
        writer.mpint(exponent)
        writer.mpint(modulus)
        return writer.bytes
    }

    static func ed25519Blob(_ publicKey: [UInt8]) -> [UInt8] {
        var writer = SSHWriter()
        writer.string("ssh-ed25519")
        writer.string(publicKey)
        return writer.bytes
    }

    /// `SubjectPublicKeyInfo` for an RSA key (RFC 5280, RFC 8017 A.1.1), from the `mpint`s of its SSH blob, which
    /// are already minimal two's-complement big-endian integers as DER wants them.
    static func subjectPublicKeyInfo(modulus: [UInt8], exponent: [UInt8]) -> [UInt8] {
        let rsaEncryption: [UInt8] = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00]
        let key = der(0x30, der(0x02, modulus) + der(0x02, exponent))
        return der(0x30, der(0x30, rsaEncryption) + der(0x03, [0] + key))
    }

    private static func der(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] {
        var length = content.count
        guard length >= 0x80 else { return [tag, UInt8(length)] + content }
        var octets: [UInt8] = []
        while length > 0 {
            octets.insert(UInt8(length & 0xff), at: 0)
            length >>= 8
        }
        return [tag, 0x80 | UInt8(octets.count)] + octets + content
    }

    /// `aa:bb:…`, lowercase, as AWS writes SHA-1 and MD5 fingerprints.
    static func colonHex(_ digest: some Sequence<UInt8>) -> String {
        digest.map { String(format: "%02x", $0) }.joined(separator: ":")
    }

    /// The base64 of the SHA-256 of the public key blob: what `ssh-keygen -l` prints after `SHA256:`, with the
    /// base64 padding that ssh-keygen drops and AWS keeps.
    static func sha256Fingerprint(_ blob: [UInt8]) -> String {
        Data(SHA256.hash(data: blob)).base64EncodedString()
    }
}
