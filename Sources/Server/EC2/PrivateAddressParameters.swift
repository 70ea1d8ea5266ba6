import CloudModel
import EC2Protocol

/// The private IPv4 addresses a new interface is asked for (CreateNetworkInterface, or RunInstances' interface
/// specification): `PrivateIpAddress`, `PrivateIpAddresses` (each maybe marked `Primary`) and
/// `SecondaryPrivateIpAddressCount`.
enum PrivateAddressParameters {
    /// The primary address (`PrivateIpAddress`, else the entry marked primary, else the first unmarked entry) and the other
    /// named ones, refusing what the API reference rules out: more than one entry marked primary, an entry marked
    /// primary beside `PrivateIpAddress`, and a secondary count beside more than one named address.
    static func split(
        privateIpAddress: String?, entries: [EC2.PrivateIpAddressSpecification], secondaryCount: Int?
    ) throws(EC2Error) -> (primary: String?, secondaries: [String]) {
        let marked = entries.filter { $0.primary == true }.compactMap(\.privateIpAddress)
        guard marked.count <= 1 else {
            throw .invalidParameterValue("Only one private IPv4 address can be designated as primary, not \(marked.joined(separator: ", ")).")
        }
        if let address = privateIpAddress, let other = marked.first {
            throw .invalidParameterCombination(
                "The primary private IPv4 address is given as privateIpAddress (\(address)); \(other) in privateIpAddresses cannot be primary too.")
        }
        let named = entries.compactMap(\.privateIpAddress)
        if (secondaryCount ?? 0) > 0, named.count > 1 {
            throw .invalidParameterCombination("secondaryPrivateIpAddressCount cannot be given with more than one address in privateIpAddresses.")
        }
        // An entry marked `Primary: false` is a secondary address even when none is marked primary (the primary is then
        // drawn from the subnet); without any mark, the first entry is the primary.
        let primary = privateIpAddress ?? marked.first ?? entries.first(where: { $0.primary == nil })?.privateIpAddress
        return (primary, named.filter { $0 != primary })
    }
}
