import DataPlane
import Server

extension DataPlaneService.Health {
    /// The data plane's report in the health document, its keys in the order they are written.
    var fields: [(key: String, value: HealthValue)] {
        var fields: [(key: String, value: HealthValue)] = [("enabled", .flag(enabled)), ("fastPath", .flag(fastPath))]
        fields.append(("fastPathFlows", .integer(fastPathFlows)))
        if let fastPathProblem { fields.append(("fastPathProblem", .text(fastPathProblem))) }
        fields.append(("instances", .integer(instances)))
        if let problem { fields.append(("problem", .text(problem))) }
        fields.append(("routers", .integer(routers)))
        if let stateVersion { fields.append(("stateVersion", .integer(stateVersion))) }
        fields.append(("transitGateways", .integer(transitGateways)))
        return fields
    }
}
