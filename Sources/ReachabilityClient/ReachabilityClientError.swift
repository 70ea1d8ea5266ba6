/// Why `localvpc reach` or `doctor` could not answer, when the reason is not an error of the endpoint's own.
public struct ReachabilityClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A short code in AWS's style.
    public let code: String
    /// What happened and what to do about it.
    public let message: String

    /// An error from its parts.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    /// Nothing has that id, address or `Name` tag.
    static func endpointNotFound(_ reference: String, region: String) -> Self {
        Self(code: "EndpointNotFound", message: "no instance, network interface or internet gateway with id or Name tag \(reference) in \(region)")
    }

    /// Several resources carry that `Name` tag.
    static func ambiguousName(_ name: String, _ ids: [String]) -> Self {
        Self(code: "AmbiguousName", message: "\(ids.count) resources are named \(name) (\(ids.joined(separator: ", "))); give an id")
    }

    /// A host outside reaches a VPC only through its internet gateway, and the VPC has none.
    static func noGateway(_ vpcId: String?) -> Self {
        Self(
            code: "NoInternetGateway",
            message: "an address outside the VPCs reaches \(vpcId ?? "the destination") only through an internet gateway, and it has none attached")
    }

    /// A DNS name is resolved by a VPC's resolver, and the source is in no VPC.
    static func noVpcToResolveFrom(_ source: String) -> Self {
        Self(code: "InvalidParameterCombination", message: "\(source) is in no VPC, so no VPC resolver answers for it; give an instance as SRC")
    }

    /// Both ends are addresses outside every VPC.
    static let bothOutside = Self(code: "InvalidParameterCombination", message: "at least one end must be an instance, an interface or a gateway")

    /// The analysis did not finish in time.
    static func timedOut(_ analysisId: String, seconds: Int) -> Self {
        Self(code: "AnalysisTimedOut", message: "analysis \(analysisId) was still running after \(seconds) s")
    }

    /// The endpoint reported the analysis `failed`.
    static func failed(_ analysisId: String, _ message: String?) -> Self {
        Self(code: "AnalysisFailed", message: "analysis \(analysisId) failed\(message.map { ": \($0)" } ?? "")")
    }
}
