import CloudModel
import Testing

/// The HTTP status each error code travels with, as AWS sends it.
struct EC2ErrorHTTPStatusTests {
    @Test(arguments: [
        ("DryRunOperation", 412), ("AuthFailure", 401), ("UnauthorizedOperation", 403), ("RequestLimitExceeded", 503),
        ("InternalError", 500), ("Unavailable", 503), ("ServiceUnavailable", 503), ("RequestEntityTooLarge", 413),
        ("InvalidParameterValue", 400), ("InvalidVpcID.NotFound", 400), ("UnsupportedOperation", 400), ("MissingParameter", 400),
        ("SignatureDoesNotMatch", 403), ("MissingAuthenticationToken", 403), ("InvalidClientTokenId", 403), ("IncompleteSignature", 400),
        ("RequestExpired", 400),
    ])
    func statusOfCode(code: String, status: Int) {
        #expect(EC2Error.httpStatus(forCode: code) == status)
        #expect(EC2Error(code: code, message: "m").httpStatus == status)
    }

    @Test func factoriesCarryTheirStatus() {
        #expect(EC2Error.dryRunOperation.httpStatus == 412)
        #expect(EC2Error.internalError(requestId: "r").httpStatus == 500)
        #expect(EC2Error.invalidFilter("x").httpStatus == 400)
    }
}
