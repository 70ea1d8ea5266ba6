/// Refusals about prefix lists, worded as AWS words them where the wording is known (each guess says so).
extension EC2Error {
    /// A stale `CurrentVersion`: AWS's code and message, as Terraform's provider matches them.
    static func prefixListVersionMismatch(_ id: String) -> EC2Error {
        EC2Error(code: "PrefixListVersionMismatch", message: "The prefix list has the incorrect version number.")
    }

    /// More entries than `MaxEntries` allows. The code is AWS's (SDKs model it); the message is a guess.
    static func prefixListMaxEntriesExceeded(_ id: String, maxEntries: Int) -> EC2Error {
        EC2Error(
            code: "PrefixListMaxEntriesExceeded",
            message: "The prefix list \(id) cannot have more than \(maxEntries) entries. Resize it (MaxEntries) first.")
    }

    /// Removing a block the list does not hold: AWS's code, and a message that ends as AWS's does ("does not exist.").
    static func prefixListEntryNotFound(_ cidr: String, in id: String) -> EC2Error {
        EC2Error(code: "InvalidPrefixListModification", message: "The entry \(cidr) in prefix list \(id) does not exist.")
    }

    /// Adding a block the list already holds (to change its description, say): AWS's code and message, as Terraform's
    /// provider quotes them for that case ("Attempting to just delete the RemoveEntries item causes: InvalidRequest:
    /// The request received was invalid.", resource_vpc_managed_prefix_list.go). AWS names neither block nor list.
    static let prefixListEntryExists = EC2Error(code: "InvalidRequest", message: "The request received was invalid.")

    /// The same block twice in one request. Code and message are guesses.
    static func duplicatePrefixListEntry(_ cidr: String) -> EC2Error {
        .invalidParameterValue("The request contains the CIDR \(cidr) more than once.")
    }

    /// The same block added and removed in one call: AWS's message, as Terraform's provider quotes it.
    static func prefixListEntryAddedAndRemoved(_ cidr: String) -> EC2Error {
        .invalidParameterValue("Request cannot contain Cidr \(cidr) in both AddPrefixListEntries and RemovePrefixListEntries")
    }

    /// More than 100 additions or removals in one call: AWS's wording, as scripts that retry on it quote it.
    static let tooManyPrefixListChanges = EC2Error.invalidParameterValue(
        "The request cannot contain more than 100 entry additions or removals.")

    /// A block of the other family. Code and message are guesses.
    static func prefixListWrongFamily(_ cidr: String, family: AddressFamily) -> EC2Error {
        .invalidParameterValue("The CIDR \(cidr) is not an \(family.rawValue) block: the prefix list's address family is \(family.rawValue).")
    }

    /// Changing entries and `MaxEntries` in one call, which AWS refuses (Terraform's provider makes two calls for this).
    /// The code is a guess.
    static let prefixListResizeWithEntries = EC2Error.invalidParameterCombination(
        "You cannot modify the entries of a prefix list and modify the size of a prefix list at the same time.")

    /// A resize below the current number of entries. Code and message are guesses.
    static func prefixListTooSmall(_ id: String, entries: Int) -> EC2Error {
        .invalidParameterValue("The maximum number of entries for prefix list \(id) cannot be less than its current number of entries (\(entries)).")
    }

    /// `MaxEntries` outside 1...1000 (AWS's quota). The wording is a guess.
    static func invalidMaxEntries(_ value: Int) -> EC2Error {
        .invalidParameterValue("Value (\(value)) for parameter MaxEntries is invalid. It must be between 1 and \(ManagedPrefixList.maxEntriesLimit).")
    }

    /// A version that is not stored (`TargetVersion`, `PreviousVersion`). The wording is a guess.
    static func prefixListVersionNotFound(_ version: Int, in id: String) -> EC2Error {
        .invalidParameterValue("The prefix list \(id) has no version \(version).")
    }

    /// AWS's lists cannot be changed or deleted by anyone. AWS documents the rule but not the error: the code is a guess
    /// (the one AWS gives for acting on a resource the caller does not own).
    static func awsManagedPrefixList(_ id: String) -> EC2Error {
        EC2Error(code: "UnauthorizedOperation", message: "You are not authorized to perform this operation. The prefix list \(id) is managed by AWS.")
    }

    /// An AWS-managed list named as a route's destination: those routes are made by gateway endpoints. The code is a guess.
    static func awsManagedPrefixListInRoute(_ id: String) -> EC2Error {
        .invalidParameterValue("The prefix list \(id) is managed by AWS: it can be a route's destination only through a gateway VPC endpoint.")
    }

    /// Deleting a list that routes or rules still name. The code is a guess; AWS refuses the deletion while referenced.
    static func prefixListInUse(_ id: String, by references: [String]) -> EC2Error {
        .dependencyViolation("The prefix list \(id) is referenced by \(references.prefix(10).joined(separator: ", ")) and cannot be deleted.")
    }

    /// A name AWS does not accept: empty, over 255 characters, or AWS's own `com.amazonaws` prefix. Code is a guess.
    static func invalidPrefixListName(_ name: String) -> EC2Error {
        .invalidParameterValue("The prefix list name '\(name)' is invalid: up to 255 characters, not starting with com.amazonaws.")
    }

    /// An `AddressFamily` other than `IPv4` or `IPv6`.
    static func invalidAddressFamily(_ value: String) -> EC2Error {
        .invalidParameterValue("Value (\(value)) for parameter AddressFamily is invalid. Valid values: IPv4, IPv6.")
    }

    /// A rule's prefix list pushing a group past its rule quota, with AWS's code.
    static let rulesPerSecurityGroupLimitExceeded = EC2Error(
        code: "RulesPerSecurityGroupLimitExceeded", message: "The maximum number of rules per security group has been reached.")
}
