public import Foundation

/// Which URL EC2 requests go to.
public enum EC2Endpoint {
    /// The endpoint, in the AWS CLI's order: an explicit `--endpoint-url`, then
    /// `AWS_ENDPOINT_URL_EC2`, then `AWS_ENDPOINT_URL`, then AWS's regional endpoint
    /// (`https://ec2.REGION.amazonaws.com`, `.amazonaws.com.cn` in the China regions).
    public static func url(explicit: String?, environment: [String: String], region: String) throws(EC2ClientError) -> URL {
        let configured = [explicit, environment["AWS_ENDPOINT_URL_EC2"], environment["AWS_ENDPOINT_URL"]].compactMap { $0 }.first { !$0.isEmpty }
        if let configured {
            guard let url = URL(string: configured), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil
            else {
                throw .invalidEndpoint(configured)
            }
            return url
        }
        let suffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        guard let url = URL(string: "https://ec2.\(region).\(suffix)") else { throw .invalidEndpoint("https://ec2.\(region).\(suffix)") }
        return url
    }
}
