import CloudModel
import EC2Protocol
import Foundation

extension EC2Handlers {
    func runInstances(_ request: EC2.RunInstancesRequest, context: Context) async throws -> EC2.Reservation {
        var request = request
        var template: (id: String, version: Int)?
        if let reference = request.launchTemplate {
            // The template is read from the current state; the launch itself is validated in its own transaction.
            let state = try await cloud.snapshot(for: context.scope)
            let launchTemplate = try state.launchTemplate(in: context.scope, id: reference.launchTemplateId, name: reference.launchTemplateName)
            let version = try launchTemplate.version(reference.version)
            request = request.filled(from: version.data)
            template = (launchTemplate.id, version.number)
        }
        var launchRequest = try InstanceLaunch(request)
        launchRequest.launchTemplate = template
        let launch = launchRequest
        let instances = try await perform(context, dryRun: request.dryRun, aside: launch.maxCount >= Self.asideInstanceCount) {
            transaction throws(EC2Error) in
            try transaction.runInstances(launch)
        }
        // As in AWS, the answer shows the instances still pending; Describe shows them running.
        let state = cloud.snapshot()
        var reservation = EC2.Reservation(instances.first!.reservationId, instances: instances, in: state, at: cloud.clock.now())
        for index in reservation.instances!.indices where instances[index].launchTime == instances[0].launchTime {
            reservation.instances![index].state = EC2.InstanceState(.pending)
            reservation.instances![index].metadataOptions?.state = "pending"
        }
        return reservation
    }

    func describeInstances(_ request: EC2.DescribeInstancesRequest, context: Context) async throws -> EC2.DescribeInstancesResult {
        if !(request.instanceIds ?? []).isEmpty, request.maxResults != nil {
            throw EC2Error.invalidParameterCombination("The parameter instancesSet cannot be used with the parameter maxResults")
        }
        let (page, state) = try await describe(
            Instance.self, context, dryRun: request.dryRun, ids: request.instanceIds, filters: request.filters, maxResults: request.maxResults,
            nextToken: request.nextToken)
        let now = cloud.clock.now()
        var reservations: [EC2.Reservation] = []
        var byReservation: [String: Int] = [:]
        for instance in page.items {
            if let index = byReservation[instance.reservationId] {
                reservations[index].instances?.append(EC2.Instance(instance, in: state, at: now))
            } else {
                byReservation[instance.reservationId] = reservations.count
                reservations.append(EC2.Reservation(instance.reservationId, instances: [instance], in: state, at: now))
            }
        }
        return EC2.DescribeInstancesResult(nextToken: page.nextToken, reservations: reservations)
    }

    func describeInstanceStatus(_ request: EC2.DescribeInstanceStatusRequest, context: Context) async throws -> EC2.DescribeInstanceStatusResult {
        let state = try await snapshot(context, dryRun: request.dryRun)
        let query = DescribeQuery(
            ids: request.instanceIds ?? [], filters: try Filter.from(request.filters), maxResults: request.maxResults,
            nextToken: request.nextToken)
        let page = try state.describeInstanceStatus(
            in: context.scope, query: query, includeAllInstances: request.includeAllInstances == true, at: cloud.clock.now())
        return EC2.DescribeInstanceStatusResult(
            instanceStatuses: page.items.map { instance in
                let check = instance.statusCheck
                let details = check.reachability.map { [EC2.InstanceStatusDetails(name: "reachability", status: $0)] } ?? []
                let status = check.status
                var result = EC2.InstanceStatus()
                result.availabilityZone = instance.availabilityZone
                result.availabilityZoneId = state[context.scope].subnets[instance.subnetId]?.availabilityZoneId
                result.operator = EC2.OperatorResponse(managed: false)
                result.instanceId = instance.id
                result.instanceState = EC2.InstanceState(instance.state)
                result.instanceStatus = EC2.InstanceStatusSummary(details: details, status: status)
                result.systemStatus = EC2.InstanceStatusSummary(details: details, status: status)
                result.events = []
                return result
            },
            nextToken: page.nextToken)
    }

    func startInstances(_ request: EC2.StartInstancesRequest, context: Context) async throws -> EC2.StartInstancesResult {
        let changes = try await perform(context, dryRun: request.dryRun, aside: request.instanceIds.count >= Self.asideInstanceCount) {
            transaction throws(EC2Error) in
            try transaction.startInstances(request.instanceIds)
        }
        return EC2.StartInstancesResult(startingInstances: changes.map(EC2.InstanceStateChange.init))
    }

    func stopInstances(_ request: EC2.StopInstancesRequest, context: Context) async throws -> EC2.StopInstancesResult {
        let changes = try await perform(context, dryRun: request.dryRun, aside: request.instanceIds.count >= Self.asideInstanceCount) {
            transaction throws(EC2Error) in
            try transaction.stopInstances(request.instanceIds)
        }
        return EC2.StopInstancesResult(stoppingInstances: changes.map(EC2.InstanceStateChange.init))
    }

    func rebootInstances(_ request: EC2.RebootInstancesRequest, context: Context) async throws {
        try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in try transaction.rebootInstances(request.instanceIds) }
    }

    func terminateInstances(_ request: EC2.TerminateInstancesRequest, context: Context) async throws -> EC2.TerminateInstancesResult {
        let changes = try await perform(context, dryRun: request.dryRun, aside: request.instanceIds.count >= Self.asideInstanceCount) {
            transaction throws(EC2Error) in
            try transaction.terminateInstances(request.instanceIds)
        }
        return EC2.TerminateInstancesResult(terminatingInstances: changes.map(EC2.InstanceStateChange.init))
    }

    func modifyInstanceAttribute(_ request: EC2.ModifyInstanceAttributeRequest, context: Context) async throws {
        var attributes: [Transaction.InstanceAttribute] = []
        if let value = request.instanceType?.value { attributes.append(.instanceType(try Self.modifiableInstanceType(value))) }
        if let value = request.userData?.value { attributes.append(.userData(value.base64EncodedString())) }
        if let value = request.sourceDestCheck?.value { attributes.append(.sourceDestCheck(value)) }
        if let groups = request.groups { attributes.append(.groups(groups)) }
        if let value = request.disableApiTermination?.value { attributes.append(.disableApiTermination(value)) }
        if let value = request.disableApiStop?.value { attributes.append(.disableApiStop(value)) }
        if let value = request.instanceInitiatedShutdownBehavior?.value {
            attributes.append(.shutdownBehavior(try InstanceConfiguration.ShutdownBehavior.parse(value)))
        }
        if let value = request.ebsOptimized?.value { attributes.append(.ebsOptimized(value)) }
        if let mappings = request.blockDeviceMappings {
            try Unsupported.refuse(
                [
                    "BlockDeviceMapping.N.VirtualName": mappings.compactMap(\.virtualName).first,
                    "BlockDeviceMapping.N.NoDevice": mappings.compactMap(\.noDevice).first,
                ])
            let changes = try mappings.map { mapping throws(EC2Error) in
                guard let device = mapping.deviceName else { throw EC2Error.missingParameter("BlockDeviceMapping.N.DeviceName") }
                guard let value = mapping.ebs?.deleteOnTermination else {
                    throw EC2Error.missingParameter("BlockDeviceMapping.N.Ebs.DeleteOnTermination")
                }
                return (device: device, deleteOnTermination: value)
            }
            attributes.append(.deleteOnTermination(changes))
        }
        try Unsupported.refuse(
            [
                "Kernel": request.kernel?.value,
                "Ramdisk": request.ramdisk?.value, "SriovNetSupport": request.sriovNetSupport?.value,
                "EnaSupport": request.enaSupport?.value.map { "\($0)" },
            ])
        if let name = request.attribute {
            guard let value = request.value else { throw EC2Error.missingParameter("Value") }
            // A boolean attribute's Value is `true` or `false`: anything else is refused, never read as false.
            func flag() throws(EC2Error) -> Bool {
                switch value.lowercased() {
                case "true": return true
                case "false": return false
                default: throw EC2Error.invalidParameterValue("Value (\(value)) for parameter value is invalid. Expected a boolean: true or false.")
                }
            }
            switch name {
            case "instanceType": attributes.append(.instanceType(try Self.modifiableInstanceType(value)))
            case "userData": attributes.append(.userData(value))
            case "sourceDestCheck": attributes.append(.sourceDestCheck(try flag()))
            case "disableApiTermination": attributes.append(.disableApiTermination(try flag()))
            case "disableApiStop": attributes.append(.disableApiStop(try flag()))
            case "instanceInitiatedShutdownBehavior": attributes.append(.shutdownBehavior(try InstanceConfiguration.ShutdownBehavior.parse(value)))
            case "ebsOptimized": attributes.append(.ebsOptimized(try flag()))
            default: throw EC2Error(code: "UnsupportedOperation", message: "Modifying the attribute '\(name)' is not supported by LocalVPC yet.")
            }
        }
        guard attributes.count == 1, let attribute = attributes.first else {
            if attributes.isEmpty { throw EC2Error.missingParameter("Attribute") }
            throw EC2Error.invalidParameterCombination("Fields for multiple attribute types specified.")
        }
        try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.modifyInstanceAttribute(request.instanceId, attribute)
        }
    }

    func describeInstanceAttribute(_ request: EC2.DescribeInstanceAttributeRequest, context: Context) async throws -> EC2.InstanceAttribute {
        let state = try await snapshot(context, dryRun: request.dryRun)
        try Instance.idKind.validate(request.instanceId)
        guard let instance = state.get(Instance.self, request.instanceId, in: context.scope), instance.isVisible(at: cloud.clock.now()) else {
            throw Instance.idKind.notFound([request.instanceId])
        }
        let interface = state.primaryInterface(of: instance)
        var result = EC2.InstanceAttribute(instanceId: instance.id)
        switch request.attribute {
        case "instanceType": result.instanceType = EC2.AttributeValue(value: instance.instanceType)
        case "userData": result.userData = EC2.AttributeValue(value: instance.userData)
        case "sourceDestCheck": result.sourceDestCheck = EC2.AttributeBooleanValue(value: interface?.sourceDestCheck ?? true)
        case "groupSet": result.groups = (interface?.groupIds ?? []).map { EC2.GroupIdentifier(id: $0, in: state, scope: context.scope) }
        case "disableApiTermination": result.disableApiTermination = EC2.AttributeBooleanValue(value: instance.configuration.disableApiTermination)
        case "disableApiStop": result.disableApiStop = EC2.AttributeBooleanValue(value: instance.configuration.disableApiStop)
        case "instanceInitiatedShutdownBehavior":
            result.instanceInitiatedShutdownBehavior = EC2.AttributeValue(value: instance.configuration.shutdownBehavior.rawValue)
        case "rootDeviceName": result.rootDeviceName = EC2.AttributeValue(value: instance.rootDeviceName)
        case "ebsOptimized": result.ebsOptimized = EC2.AttributeBooleanValue(value: instance.configuration.ebsOptimized)
        case "enaSupport": result.enaSupport = EC2.AttributeBooleanValue(value: InstancePlatform.enaSupport)
        case "blockDeviceMapping": result.blockDeviceMappings = state.volumes(of: instance).compactMap(EC2.InstanceBlockDeviceMapping.init)
        case "productCodes": result.productCodes = []
        // An HVM guest has no kernel or RAM disk image, and SR-IOV is ENA's: AWS answers these empty.
        case "kernel": result.kernelId = EC2.AttributeValue()
        case "ramdisk": result.ramdiskId = EC2.AttributeValue()
        case "sriovNetSupport": result.sriovNetSupport = EC2.AttributeValue()
        case "enclaveOptions": result.enclaveOptions = EC2.EnclaveOptions(enabled: false)
        default:
            throw EC2Error.invalidParameterValue("Value (\(request.attribute)) for parameter attribute is invalid. Unknown attribute.")
        }
        return result
    }

    /// A new type for an existing instance; an unknown one is `InvalidInstanceAttributeValue` (the EC2 error table).
    static func modifiableInstanceType(_ type: String) throws(EC2Error) -> String {
        guard EC2.AllowedValues.instanceType.contains(type) else {
            throw EC2Error(
                code: "InvalidInstanceAttributeValue", message: "Value (\(type)) for parameter instanceType is invalid. Unknown instance type.")
        }
        return type
    }

    /// An instance type AWS knows (botocore's `InstanceType` list).
    static func validInstanceType(_ type: String) throws(EC2Error) -> String {
        guard EC2.AllowedValues.instanceType.contains(type) else {
            throw EC2Error.invalidParameterValue("Invalid value '\(type)' for InstanceType.")
        }
        return type
    }
}

extension EC2.InstanceState {
    init(_ state: InstanceState) { self.init(code: state.code, name: state.rawValue) }
}

extension EC2.InstanceStateChange {
    init(_ change: Transaction.StateChange) {
        self.init(instanceId: change.instanceId, currentState: EC2.InstanceState(change.current), previousState: EC2.InstanceState(change.previous))
    }
}

extension EC2.GroupIdentifier {
    init(id: String, in state: CloudState, scope: AccountRegion) {
        self.init(groupId: id, groupName: state.get(SecurityGroup.self, id, in: scope)?.groupName)
    }
}
