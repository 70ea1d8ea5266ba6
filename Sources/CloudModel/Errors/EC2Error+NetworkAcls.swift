/// Refusals about network ACLs, their entries and their associations, in AWS's codes and words.
extension EC2Error {
    /// `NetworkAclEntryAlreadyExists`: the direction already has an entry with that rule number.
    public static func networkAclEntryAlreadyExists(_ ruleNumber: Int) -> EC2Error {
        EC2Error(code: "NetworkAclEntryAlreadyExists", message: "The network acl entry identified by \(ruleNumber) already exists.")
    }

    /// `InvalidNetworkAclEntry.NotFound`: Replace or Delete of a rule number the direction does not have.
    public static func networkAclEntryNotFound(_ ruleNumber: Int, egress: Bool, networkAclId: String) -> EC2Error {
        // The code is AWS's; the message is ours (AWS's exact wording is not documented).
        EC2Error(
            code: "InvalidNetworkAclEntry.NotFound",
            message: "The \(egress ? "egress" : "ingress") network acl entry identified by \(ruleNumber) does not exist in \(networkAclId).")
    }

    /// The default ACL lives as long as its VPC.
    public static func cannotDeleteDefaultNetworkAcl(_ id: String) -> EC2Error {
        .invalidParameterValue("cannot delete default network ACL \(id)")
    }

    /// `InvalidAssociationID.NotFound` for a network ACL association (`aclassoc-…`).
    public static func networkAclAssociationNotFound(_ id: String) -> EC2Error {
        EC2Error(code: "InvalidAssociationID.NotFound", message: "The association ID '\(id)' does not exist")
    }
}
