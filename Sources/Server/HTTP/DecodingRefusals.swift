import CloudModel
import EC2Protocol

/// How AWS answers a request the decoder refuses: `MissingParameter` for an absent required parameter, except where AWS
/// answers otherwise for one action's parameter.
enum DecodingRefusals {
    /// AWS's own answers for a required parameter left out (or sent as an empty list, which boto3 does for `Tags=[]`).
    static let missing: [String: [String: EC2Error]] = [
        // As boto3 users quote it: "Value ( empty ) for parameter tagSet is invalid. You must specify one or more tags to
        // create".
        "CreateTags": [
            "Tag": .invalidParameterValue("Value ( empty ) for parameter tagSet is invalid. You must specify one or more tags to create")
        ]
    ]

    /// The answer to `error`, the decoder's refusal of a request for `action`.
    static func answer(_ error: QueryDecodingError, action: String) -> EC2Error {
        if let overrides = missing[action] {
            for (parameter, answer) in overrides where error == .missingParameter(parameter) { return answer }
        }
        return EC2Error(code: error.code, message: error.message)
    }
}
