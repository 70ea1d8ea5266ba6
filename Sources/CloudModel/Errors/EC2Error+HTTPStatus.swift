extension EC2Error {
    /// The HTTP status AWS sends with each error code that is not a plain 400, from the EC2 API Reference's "Error
    /// codes" page (client errors are 4xx, server errors 5xx) and what AWS answers on the wire.
    ///
    /// Clients read the status as well as the code: botocore reports it in `ResponseMetadata.HTTPStatusCode` (suites
    /// assert 412 for a successful dry run), and its retry logic treats 500 and 503 as transient. The one table every
    /// error document's status comes from (`QueryEndpoint`).
    static let httpStatusByCode: [String: Int] = [
        // The dry run would have succeeded: "Precondition Failed", not a refusal.
        "DryRunOperation": 412,
        "AuthFailure": 401,
        "UnauthorizedOperation": 403,
        // Signature checks (`serve --verify-signatures`), as AWS's common errors list them.
        "SignatureDoesNotMatch": 403,
        "MissingAuthenticationToken": 403,
        "InvalidClientTokenId": 403,
        // STS's refusal of GetSessionToken with temporary credentials.
        "AccessDenied": 403,
        // LocalVPC's own refusal of an oversized body (AWS closes the connection).
        "RequestEntityTooLarge": 413,
        "InternalError": 500,
        "RequestLimitExceeded": 503,
        "ServiceUnavailable": 503,
        "Unavailable": 503,
    ]

    /// The HTTP status of an error document with `code`: 400 unless AWS sends another.
    public static func httpStatus(forCode code: String) -> Int { httpStatusByCode[code] ?? 400 }

    /// The HTTP status AWS sends with this error.
    public var httpStatus: Int { Self.httpStatus(forCode: code) }

    /// An unexpected failure: AWS's `InternalError` (HTTP 500), naming the request whose log line tells what happened.
    public static func internalError(requestId: String) -> EC2Error {
        EC2Error(code: "InternalError", message: "An internal error has occurred (request \(requestId)).")
    }

    /// A temporary failure on the server's side (HTTP 503): LocalVPC's store cannot be reached (PostgreSQL is down or
    /// restarting). AWS's SDKs retry it; the message is the EC2 API Reference's for this code.
    public static let serviceUnavailable = EC2Error(
        code: "ServiceUnavailable", message: "The request has failed due to a temporary failure of the server.")

    /// A request body larger than the server reads (HTTP 413).
    public static func requestEntityTooLarge(limit: Int) -> EC2Error {
        EC2Error(code: "RequestEntityTooLarge", message: "Request body exceeds \(limit) bytes.")
    }

    /// A request whose body could not be read as HTTP (broken chunked framing, a body shorter than its
    /// `Content-Length`): HTTP 400, with the Query API's code for a request that cannot be parsed.
    public static func malformedRequestBody(_ reason: String) -> EC2Error {
        EC2Error(code: "MalformedQueryString", message: "The request body could not be read: \(reason).")
    }
}
