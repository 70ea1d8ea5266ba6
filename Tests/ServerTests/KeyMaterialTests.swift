import CloudModel
import Crypto
import Foundation
import Testing
import _CryptoExtras

@testable import Server

/// Key material as AWS makes and reads it, with fingerprints checked against what openssl and ssh-keygen printed for
/// the same keys on a developer machine (see each vector).
struct KeyMaterialTests {
    /// `ssh-keygen -t rsa -b 2048`; `ssh-keygen -e -m PKCS8 | openssl pkey -pubin -outform DER | openssl md5 -c` printed the fingerprint.
    static let rsaLine =
        "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCy2/ojS41aWPJlHtx1v7nwlHFjTlWgC+rVcGYDpAlm5GO6t//H/j0GJaXo2hbySkbejb81Mo6vNdkZFA0+toGRwM2bYgyV2VDKxrhqvhlViECHRM26ZaBSN6RPlJef/q3edjenAsHXTxwQb/PD26YLQ2Nq3CCsPtR/LrU5wU8i38MtJu376bxbsr45CkiawwONlHjEXCNekdooUj9XzJR56x4YOVkTZ6c7dauFzhOTgZAKxGy9YXlk3IvdkGQPeyDYrRE4HX8DxBWfmQc64u+CroSZ8+42CTFlCKvNnyzAgecePo9YcdA9PmfbAXhe1a0Af7IDAYrqXyA83WblUXpF alice@example"
    static let rsaImportFingerprint = "e7:36:b2:52:61:25:58:8a:66:93:4b:f5:ae:f9:d7:6e"
    /// `ssh-keygen -t ed25519`; `ssh-keygen -l` printed `SHA256:E+TSoT3LTFQ+0Onb+L1qo50dtcwVvFvCNS0smVJW2jo`.
    static let ed25519Line = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMdRo5pVjzl8b6WHZRUPNuz5FYv5KbR1TRSZph45h9Gy bob@example"
    static let ed25519Fingerprint = "E+TSoT3LTFQ+0Onb+L1qo50dtcwVvFvCNS0smVJW2jo="

    @Test func anImportedRSAKeyIsFingerprintedByTheMD5OfItsDERPublicKey() throws {
        let material = try KeyMaterial.importing(Data(Self.rsaLine.utf8))
        #expect(material.keyType == .rsa)
        #expect(material.fingerprint == Self.rsaImportFingerprint)
        #expect(material.privateKey == nil)
        #expect(material.openSSHPublicKey(name: "alice") == Self.rsaLine.split(separator: " ").prefix(2).joined(separator: " ") + " alice")
    }

    @Test func anImportedED25519KeyIsFingerprintedAsOpenSSHDoes() throws {
        let material = try KeyMaterial.importing(Data((Self.ed25519Line + "\n").utf8))
        #expect(material.keyType == .ed25519)
        #expect(material.fingerprint == Self.ed25519Fingerprint)
    }

    @Test func theRFC4716FormReadsAsTheOpenSSHLine() throws {
        let body = Self.rsaLine.split(separator: " ")[1]
        var lines = ["---- BEGIN SSH2 PUBLIC KEY ----", "Comment: \"2048-bit RSA, \\", "converted from OpenSSH\""]
        var rest = Substring(body)
        while !rest.isEmpty {
            lines.append(String(rest.prefix(70)))
            rest = rest.dropFirst(70)
        }
        lines.append("---- END SSH2 PUBLIC KEY ----")
        let material = try KeyMaterial.importing(Data(lines.joined(separator: "\n").utf8))
        #expect(material.fingerprint == Self.rsaImportFingerprint)
    }

    @Test func base64DERReadsAsTheOpenSSHLine() throws {
        let blob = try #require(Data(base64Encoded: String(Self.rsaLine.split(separator: " ")[1])))
        var reader = SSHReader(Array(blob))
        _ = reader.string()
        let exponent = reader.string() ?? []
        let modulus = reader.string() ?? []
        let der = Data(KeyMaterial.subjectPublicKeyInfo(modulus: modulus, exponent: exponent)).base64EncodedString()
        #expect(try KeyMaterial.importing(Data(der.utf8)).fingerprint == Self.rsaImportFingerprint)
        let pem = "-----BEGIN PUBLIC KEY-----\n\(der)\n-----END PUBLIC KEY-----\n"
        #expect(try KeyMaterial.importing(Data(pem.utf8)).publicKeyBlob == Array(blob))
    }

    @Test(arguments: [
        "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBO8G4s37n1JaT7+qNEj2B3x1SljATGLGp6bzYGGdxrhdNiSIGanLF4EF4lI9j5MOsLaQCFubcQtGJb0gF4tOvO4= root@vm",
        "ssh-rsa", "not a key at all", "ssh-ed25519 \(Self.rsaLine.split(separator: " ")[1])",
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n-----END OPENSSH PRIVATE KEY-----",
    ])
    func whatAWSCannotReadIsAFormatError(_ text: String) {
        #expect(throws: EC2Error.keyPairFormat) { try KeyMaterial.importing(Data(text.utf8)) }
    }

    @Test func aNewRSAKeyIsPKCS1PEMFingerprintedByTheSHA1OfItsPKCS8Form() throws {
        let material = try KeyMaterial.generate(.rsa)
        let pem = try #require(material.privateKey)
        #expect(pem.hasPrefix("-----BEGIN RSA PRIVATE KEY-----"))
        let key = try _RSA.Signing.PrivateKey(pemRepresentation: pem)
        #expect(key.keySizeInBits == 2048)
        #expect(material.fingerprint == KeyMaterial.colonHex(Insecure.SHA1.hash(data: key.pkcs8DERRepresentation)))
        #expect(material.fingerprint.count == 59, "20 bytes as colon-separated hex")
        let primitives = try key.publicKey.getKeyPrimitives()
        #expect(material.publicKeyBlob == KeyMaterial.rsaBlob(modulus: primitives.modulus, exponent: primitives.publicExponent))
    }

    @Test func aNewED25519KeyIsAnOpenSSHPrivateKeyFile() throws {
        let material = try KeyMaterial.generate(.ed25519)
        let pem = try #require(material.privateKey)
        #expect(pem.hasPrefix("-----BEGIN OPENSSH PRIVATE KEY-----\n"))
        #expect(pem.hasSuffix("-----END OPENSSH PRIVATE KEY-----\n"))
        let body = pem.split(separator: "\n").dropFirst().dropLast().joined()
        let file = try #require(Data(base64Encoded: body))
        #expect(file.starts(with: Array("openssh-key-v1".utf8) + [0]))
        #expect(material.fingerprint == KeyMaterial.sha256Fingerprint(material.publicKeyBlob))
        // Reading the public line back gives the same key and fingerprint, as ImportKeyPair would.
        let line = material.openSSHPublicKey(name: "deploy")
        #expect(try KeyMaterial.importing(Data(line.utf8)).fingerprint == material.fingerprint)
    }

    @Test(arguments: [KeyPair.KeyType.rsa, .ed25519])
    func aPPKFileCarriesThePublicBlobAndAValidMAC(_ type: KeyPair.KeyType) throws {
        let material = try KeyMaterial.generate(type, format: .ppk, name: "deploy")
        let text = try #require(material.privateKey)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "PuTTY-User-Key-File-2: \(KeyMaterial.sshName(type))")
        #expect(lines[1] == "Encryption: none")
        #expect(lines[2] == "Comment: deploy")
        let publicCount = try #require(Int(lines[3].dropFirst("Public-Lines: ".count)))
        let publicBlob = Data(base64Encoded: lines[4..<4 + publicCount].joined())
        #expect(publicBlob.map(Array.init) == material.publicKeyBlob)
        let privateHeader = lines[4 + publicCount]
        let privateCount = try #require(Int(privateHeader.dropFirst("Private-Lines: ".count)))
        let privateBlob = try #require(Data(base64Encoded: lines[5 + publicCount..<5 + publicCount + privateCount].joined()))
        var macData = SSHWriter()
        macData.string(KeyMaterial.sshName(type))
        macData.string("none")
        macData.string("deploy")
        macData.string(material.publicKeyBlob)
        macData.string(Array(privateBlob))
        let key = SymmetricKey(data: Insecure.SHA1.hash(data: Array("putty-private-key-file-mac-key".utf8)))
        let mac = HMAC<Insecure.SHA1>.authenticationCode(for: macData.bytes, using: key)
        #expect(lines.last == "Private-MAC: \(mac.map { String(format: "%02x", $0) }.joined())")
    }

    @Test func theSubjectPublicKeyInfoIsWhatSwiftCryptoWrites() throws {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let primitives = try key.publicKey.getKeyPrimitives()
        var writer = SSHWriter()
        writer.mpint(primitives.modulus)
        writer.mpint(primitives.publicExponent)
        var reader = SSHReader(writer.bytes)
        let modulus = reader.string() ?? []
        let exponent = reader.string() ?? []
        #expect(KeyMaterial.subjectPublicKeyInfo(modulus: modulus, exponent: exponent) == Array(key.publicKey.derRepresentation))
    }
}
