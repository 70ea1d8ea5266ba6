/// One row of DescribeInstanceTypeOfferings: an instance type offered at a location.
public struct InstanceTypeOffering: Sendable, Hashable {
    public let instanceType: String
    public let locationType: LocationType
    /// The region's name, the zone's name or the zone's id, as `locationType` says.
    public let location: String

    /// Where offerings are listed: per region (the default), per zone name or per zone id.
    public enum LocationType: String, Sendable, CaseIterable {
        case region
        case availabilityZone = "availability-zone"
        case availabilityZoneId = "availability-zone-id"
        /// Outposts are not emulated: they list no offerings.
        case outpost
    }
}
