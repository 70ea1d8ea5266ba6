/// Refusals about key pairs, in AWS's codes and wording (as Terraform and the AWS CLI print them).
extension EC2Error {
    /// `The key pair 'name' does not exist`: DescribeKeyPairs and RunInstances with an unknown `KeyName`.
    public static func keyPairNotFound(_ name: String) -> EC2Error {
        EC2Error(code: "InvalidKeyPair.NotFound", message: "The key pair '\(name)' does not exist")
    }

    public static func keyPairDuplicate(_ name: String) -> EC2Error {
        EC2Error(code: "InvalidKeyPair.Duplicate", message: "The keypair '\(name)' already exists.")
    }

    /// ImportKeyPair with material that is not an RSA or ED25519 public key in a format AWS reads.
    public static let keyPairFormat = EC2Error(code: "InvalidKeyPair.Format", message: "Key is not in valid OpenSSH public key format")

    static func invalidKeyName(_ name: String) -> EC2Error {
        .invalidParameterValue("Value (\(name)) for parameter keyName is invalid. Key names must be up to 255 ASCII characters.")
    }

    /// A `KeyType` other than `rsa` or `ed25519`.
    public static func invalidKeyType(_ type: String) -> EC2Error {
        .invalidParameterValue("Value (\(type)) for parameter keyType is invalid. Valid values are: rsa, ed25519.")
    }

    /// A `KeyFormat` other than `pem` or `ppk`.
    public static func invalidKeyFormat(_ format: String) -> EC2Error {
        .invalidParameterValue("Value (\(format)) for parameter keyFormat is invalid. Valid values are: pem, ppk.")
    }
}
