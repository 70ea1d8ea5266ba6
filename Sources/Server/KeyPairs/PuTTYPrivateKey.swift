import Crypto
import Foundation

/// A private key in PuTTY's `.ppk` format, version 2, unencrypted: what CreateKeyPair answers for `KeyFormat=ppk`.
///
/// Version 2 is the one every PuTTY release reads (version 3 needs PuTTY 0.75 or later). The file carries the
/// public blob, a private blob of the key's secret numbers, and an HMAC-SHA-1 over both keyed by
/// SHA-1("putty-private-key-file-mac-key") (no passphrase), as PuTTY's `sshpubk.c` writes it.
enum PuTTYPrivateKey {
    /// The `.ppk` text for a key with `publicBlob` (SSH wire form) and `privateBlob` (PuTTY's private fields).
    static func file(algorithm: String, comment: String, publicBlob: [UInt8], privateBlob: [UInt8]) -> String {
        var macData = SSHWriter()
        macData.string(algorithm)
        macData.string("none")
        macData.string(comment)
        macData.string(publicBlob)
        macData.string(privateBlob)
        let macKey = SymmetricKey(data: Insecure.SHA1.hash(data: Array("putty-private-key-file-mac-key".utf8)))
        let mac = HMAC<Insecure.SHA1>.authenticationCode(for: macData.bytes, using: macKey)
        let publicLines = lines(publicBlob)
        let privateLines = lines(privateBlob)
        var text = ["PuTTY-User-Key-File-2: \(algorithm)", "Encryption: none", "Comment: \(comment)", "Public-Lines: \(publicLines.count)"]
        text += publicLines
        text.append("Private-Lines: \(privateLines.count)")
        text += privateLines
        text.append("Private-MAC: \(mac.map { String(format: "%02x", $0) }.joined())")
        return text.joined(separator: "\n") + "\n"
    }

    /// PuTTY's private blob for an ED25519 key: the 32-byte private key.
    static func ed25519PrivateBlob(seed: [UInt8]) -> [UInt8] {
        var writer = SSHWriter()
        writer.string(seed)
        return writer.bytes
    }

    /// PuTTY's private blob for an RSA key, `d, p, q, iqmp`, read from the key's PKCS#1 DER (RFC 8017 A.1.2).
    static func rsaPrivateBlob(pkcs1DER: Data) -> [UInt8]? {
        var outer = DERReader(Array(pkcs1DER))
        guard let sequence = outer.read(tag: 0x30) else { return nil }
        var fields = DERReader(sequence)
        var integers: [[UInt8]] = []
        while let value = fields.read(tag: 0x02) { integers.append(value) }
        // version, n, e, d, p, q, dp, dq, qinv
        guard integers.count >= 9 else { return nil }
        var writer = SSHWriter()
        for index in [3, 4, 5, 8] { writer.mpint(integers[index]) }
        return writer.bytes
    }

    private static func lines(_ blob: [UInt8]) -> [String] {
        let text = Data(blob).base64EncodedString()
        return stride(from: 0, to: text.count, by: 64).map { start in
            let from = text.index(text.startIndex, offsetBy: start)
            return String(text[from..<(text.index(from, offsetBy: 64, limitedBy: text.endIndex) ?? text.endIndex)])
        }
    }
}

/// Just enough DER to walk a PKCS#1 private key: definite lengths, one level at a time.
private struct DERReader {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The content of the next element if it has `tag`, or nil at the end, on another tag or on malformed input.
    mutating func read(tag: UInt8) -> [UInt8]? {
        guard offset + 2 <= bytes.count, bytes[offset] == tag else { return nil }
        var length = Int(bytes[offset + 1])
        var cursor = offset + 2
        if length & 0x80 != 0 {
            let count = length & 0x7f
            guard count <= 4, cursor + count <= bytes.count else { return nil }
            length = bytes[cursor..<cursor + count].reduce(0) { $0 << 8 | Int($1) }
            cursor += count
        }
        guard cursor + length <= bytes.count else { return nil }
        offset = cursor + length
        return Array(bytes[cursor..<cursor + length])
    }
}
