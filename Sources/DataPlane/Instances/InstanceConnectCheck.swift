public import CloudModel
public import Foundation
import Reachability

/// EC2 Instance Connect's preconditions for the web console's Connect, checked on the state and with real packets:
/// the instance runs, has a public IPv4 address, and a TCP connection from LocalVPC's internet reaches its port 22
/// (through its internet gateway, route table, network ACL and group). When the packets do not get through, the
/// evaluator says which component blocks them.
public enum InstanceConnectCheck {
    /// Why a session to `instanceId` of `scope` cannot open now, or nil when it can.
    public static func refusal(
        instanceId: String, scope: AccountRegion, state: CloudState, at now: Date, internetNamespace: String
    ) -> InstanceConnectRefusal? {
        guard let instance = state[scope].instances[instanceId] else {
            return InstanceConnectRefusal(title: "Instance not found", detail: "\(instanceId) does not exist in \(scope.account) \(scope.region).")
        }
        guard instance.state == .running else { return .notRunning(instanceId, state: instance.state.rawValue) }
        guard let interface = state.primaryInterface(of: instance), let publicIp = state.publicIp(of: interface) else {
            return .noPublicAddress(instanceId)
        }
        let connects =
            (try? InstanceConnectProbe.connects(from: internetNamespace, to: publicIp, in: InstanceHost.namespace(of: instanceId))) ?? false
        guard !connects else { return nil }
        return .failedToConnect(why: blocking(instance, scope: scope, state: state, at: now))
    }

    /// What the evaluator finds between the VPC's internet gateway and port 22 of the instance.
    static func blocking(_ instance: Instance, scope: AccountRegion, state: CloudState, at now: Date) -> String? {
        guard let gateway = state[scope].internetGateways.values.first(where: { $0.attachedVpcId == instance.instanceVpcId }) else {
            return "\(instance.instanceVpcId) has no internet gateway: attach one (aws ec2 create-internet-gateway, aws ec2 "
                + "attach-internet-gateway) and route 0.0.0.0/0 to it."
        }
        let query = PathQuery(
            scope: scope, source: .internetGateway(gateway.id), destination: .instance(instance.id), traffic: Traffic(.tcp, port: 22))
        let analysis = Evaluator(state: state, scope: scope, at: now).analyze(query)
        guard !analysis.explanations.isEmpty else { return nil }
        return analysis.explanations.map { "\($0.code.rawValue) at \($0.component.id): \($0.detail)" }.joined(separator: "\n")
    }
}
