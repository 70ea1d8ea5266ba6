import Addressing
import CloudModel
import Foundation

/// `dynamic/instance-identity/document`: the JSON AWS serves, with its keys, their order and its `" : "` spacing
/// (scripts parse it with `jq`, some with `grep`). LocalVPC cannot sign it, so `pkcs7`, `signature` and `rsa2048` are
/// not offered.
struct InstanceIdentityDocument {
    let metadata: InstanceMetadata

    var json: String {
        let instance = metadata.instance
        let privateIp = metadata.state.primaryInterface(of: instance)?.primaryPrivateIp.description
        let fields: [(String, String?)] = [
            ("accountId", instance.scope.account),
            ("architecture", instance.architecture),
            ("availabilityZone", instance.availabilityZone),
            ("billingProducts", nil),
            ("devpayProductCodes", nil),
            ("marketplaceProductCodes", nil),
            ("imageId", instance.imageId),
            ("instanceId", instance.id),
            ("instanceType", instance.instanceType),
            ("kernelId", nil),
            ("pendingTime", instance.launchTime.formatted(.iso8601)),
            ("privateIp", privateIp),
            ("ramdiskId", nil),
            ("region", instance.scope.region),
            ("version", "2017-09-30"),
        ]
        let lines = fields.map { key, value in "  \"\(key)\" : \(value.map(Self.quoted) ?? "null")" }
        return "{\n" + lines.joined(separator: ",\n") + "\n}"
    }

    /// A JSON string: the values are ids, names and addresses, but a quote or backslash must not break the document.
    private static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case _ where scalar.value < 0x20: result += String(format: "\\u%04x", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
