import Foundation

/// Endpoint policies: AWS's default, and the check a client's document must pass.
enum VpcEndpointPolicy {
    /// The policy AWS attaches when CreateVpcEndpoint has none, and ModifyVpcEndpoint's `ResetPolicy` puts back:
    /// full access to the service.
    static let defaultDocument = #"{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#

    /// AWS's limit on an endpoint policy's size, in characters.
    static let maximumLength = 20_480

    /// `text` when it is a JSON policy document (an object with a `Statement`), kept as the client wrote it, as AWS
    /// keeps it; `InvalidPolicyDocument` otherwise.
    static func validated(_ text: String) throws(EC2Error) -> String {
        guard text.count <= maximumLength,
            let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
            let statement = object["Statement"], statement is [Any] || statement is [String: Any]
        else { throw .invalidPolicyDocument }
        return text
    }
}
