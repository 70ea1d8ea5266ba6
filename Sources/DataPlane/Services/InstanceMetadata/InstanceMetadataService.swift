import Addressing
import NIOCore
import NIOHTTP1

/// The instance metadata service (IMDS) at `http://169.254.169.254` and `http://[fd00:ec2::254]`, in every router
/// namespace: each connection is answered for the instance whose address it comes from, from the state and clock at
/// that moment (`InstanceMetadataResponder`).
///
/// An address of the VPC that is no instance's (or a packet from elsewhere) gets its connection closed unanswered.
struct InstanceMetadataService: VpcService {
    let name = "instance metadata"
    let cloud: any DataPlaneCloud
    /// One store for every router: a token is bound to its instance, wherever it is.
    let responder = InstanceMetadataResponder(tokens: MetadataTokens())

    func endpoints(of router: VpcRouter) -> [VpcServiceEndpoint] {
        [VpcServiceAddress.metadata, VpcServiceAddress.ipv6Metadata].map { VpcServiceEndpoint(transport: .tcp, address: $0, port: 80) }
    }

    func initialize(_ channel: any Channel, endpoint: VpcServiceEndpoint, router: VpcRouter) throws {
        let source = channel.remoteAddress?.ipAddress.flatMap { IPAddress($0) }
        let (cloud, responder, vpcId) = (cloud, responder, router.vpcId)
        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
        try channel.pipeline.syncOperations.addHandler(
            InstanceMetadataHandler(overIPv6: endpoint.address.isIPv6) { request in
                let state = cloud.snapshot()
                let instance = source.flatMap { state.instance(holding: $0, inVpc: vpcId) }
                return responder.respond(to: request, from: instance, in: state, at: cloud.now())
            })
    }
}
