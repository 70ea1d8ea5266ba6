public import Foundation

extension Date {
    /// The timestamp as the EC2 API writes it and as time filters compare it (see ``AWSTimestamp``).
    public var awsTimestamp: String { AWSTimestamp.format(self) }
}
