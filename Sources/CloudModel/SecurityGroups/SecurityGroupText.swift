/// The text a security group of a VPC may hold in its name, its description and its rules' descriptions: "Up to 255
/// characters in length. Allowed characters are a-z, A-Z, 0-9, spaces, and ._-:/()#,@[]+=&;{}!$*" (the API
/// reference, for each of the three).
enum SecurityGroupText {
    static let maximumLength = 255

    /// Whether every character of `text` is one AWS allows.
    static func isAllowed(_ text: String) -> Bool {
        text.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
            default: punctuation.contains(byte)
            }
        }
    }

    private static let punctuation = Set(" ._-:/()#,@[]+=&;{}!$*".utf8)

    /// A group's name or description that AWS would refuse for its characters, in AWS's words (`parameter` is
    /// `GroupName` or `GroupDescription`).
    static func checkGroupText(_ text: String, parameter: String) throws(EC2Error) {
        guard isAllowed(text) else {
            throw .invalidParameterValue("Value (\(text)) for parameter \(parameter) is invalid. Character sets beyond ASCII are not supported.")
        }
    }
}

extension SecurityGroupRule {
    /// Refuses a rule description longer than 255 characters or holding a character AWS does not allow, as AWS does on
    /// AuthorizeSecurityGroupIngress/Egress, ModifySecurityGroupRules and UpdateSecurityGroupRuleDescriptions*.
    static func checkDescription(_ description: String?) throws(EC2Error) {
        guard let description else { return }
        guard description.count <= SecurityGroupText.maximumLength, SecurityGroupText.isAllowed(description) else {
            throw .invalidParameterValue(
                "Invalid rule description. Valid descriptions are strings less than 256 characters from the following set:  a-zA-Z0-9. _-:/()#,@[]+=&;{}!$*"
            )
        }
    }
}
