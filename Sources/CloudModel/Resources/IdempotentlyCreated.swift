/// A resource a create call makes idempotently (the EC2 API's "Ensuring idempotency"): it keeps the `ClientToken` the
/// request carried and what the request asked for, so that a retry answers what the first call made.
public protocol IdempotentlyCreated: CloudResource {
    /// The `ClientToken` of the request that made it, if it gave one.
    var clientToken: String? { get }
    /// What that request asked for (`IdempotentRequest.fingerprint`); nil for what was made before LocalVPC kept it.
    var requestFingerprint: String? { get }
}

/// A create request's parameters in a form two requests compare by.
public enum IdempotentRequest {
    /// Each value's text, in the order given, each prefixed with its length so that no two different lists read the
    /// same; an absent value reads `-`.
    public static func fingerprint(_ values: [String?]) -> String {
        values.map { value in value.map { "\($0.utf8.count):\($0)" } ?? "-" }.joined(separator: ",")
    }
}

extension Transaction {
    /// What an earlier create of `type` with `clientToken` made, while it exists: a repeated request answers it and
    /// changes nothing. The same token asking for something else is `IdempotentParameterMismatch`, as on AWS.
    func madeEarlier<R: IdempotentlyCreated>(_ type: R.Type, clientToken: String?, fingerprint: String) throws(EC2Error) -> R? {
        guard let clientToken, let earlier = first(type, where: { $0.clientToken == clientToken }) else { return nil }
        guard earlier.requestFingerprint.map({ $0 == fingerprint }) ?? true else { throw .idempotentParameterMismatch }
        return earlier
    }
}
