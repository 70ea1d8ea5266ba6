import EC2Protocol
import Foundation
import Hummingbird

/// The one STS call tools make before anything else: GetCallerIdentity, answered with the caller's account.
enum SecurityTokenService {
    static func respond(parameters: QueryParameters, account: String, accessKeyId: String?, requestId: String) throws -> Response {
        guard let action = parameters["Action"] else { throw QueryDecodingError.missingAction }
        guard action == "GetCallerIdentity" else { throw QueryDecodingError.invalidAction(action) }
        let body = """
            <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>\
            <Arn>arn:aws:iam::\(account):root</Arn><UserId>\(account)</UserId><Account>\(account)</Account>\
            </GetCallerIdentityResult><ResponseMetadata><RequestId>\(requestId)</RequestId></ResponseMetadata></GetCallerIdentityResponse>
            """
        return QueryEndpoint.xml(body, status: .ok)
    }
}
