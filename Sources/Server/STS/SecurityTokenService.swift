import AWSTimestamp
import CloudModel
import EC2Protocol
import Foundation
import Hummingbird
import SigV4

/// The STS calls tools make: GetCallerIdentity, answered with the caller's account, and GetSessionToken, whose
/// temporary credentials `serve --verify-signatures` then accepts with their token.
struct SecurityTokenService: Sendable {
    let sessionTokens: SessionTokens

    func respond(parameters: QueryParameters, account: String, accessKeyId: String?, requestId: String, now: Date) throws -> Response {
        guard let action = parameters["Action"] else { throw QueryDecodingError.missingAction }
        switch action {
        case "GetCallerIdentity":
            let body = """
                <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>\
                <Arn>arn:aws:iam::\(account):root</Arn><UserId>\(account)</UserId><Account>\(account)</Account>\
                </GetCallerIdentityResult><ResponseMetadata><RequestId>\(requestId)</RequestId></ResponseMetadata></GetCallerIdentityResponse>
                """
            return QueryEndpoint.xml(body, status: .ok)
        case "GetSessionToken":
            return try getSessionToken(parameters: parameters, account: account, accessKeyId: accessKeyId, requestId: requestId, now: now)
        default:
            throw QueryDecodingError.invalidAction(action)
        }
    }

    /// New temporary credentials for the caller's account; refused to callers already using temporary ones, as STS does.
    private func getSessionToken(parameters: QueryParameters, account: String, accessKeyId: String?, requestId: String, now: Date) throws -> Response
    {
        if let accessKeyId, sessionTokens.issued(accessKeyId) != nil { throw EC2Error.sessionTokenFromSessionCredentials }
        var seconds = SessionTokens.defaultDuration
        if let text = parameters["DurationSeconds"] {
            guard let value = Int(text), SessionTokens.durations.contains(value) else { throw EC2Error.invalidSessionDuration(text) }
            seconds = value
        }
        let issued = sessionTokens.issue(account: account, seconds: seconds, now: now)
        let body = """
            <GetSessionTokenResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetSessionTokenResult><Credentials>\
            <SessionToken>\(issued.credentials.sessionToken ?? "")</SessionToken>\
            <SecretAccessKey>\(issued.credentials.secretAccessKey)</SecretAccessKey>\
            <Expiration>\(AWSTimestamp.format(issued.expiration))</Expiration>\
            <AccessKeyId>\(issued.credentials.accessKeyId)</AccessKeyId>\
            </Credentials></GetSessionTokenResult><ResponseMetadata><RequestId>\(requestId)</RequestId></ResponseMetadata></GetSessionTokenResponse>
            """
        return QueryEndpoint.xml(body, status: .ok)
    }
}
