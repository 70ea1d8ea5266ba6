/// Refusals about routes that are LocalVPC's own (AWS accepts these targets; LocalVPC does not route to them yet).
extension EC2Error {
    /// A route target LocalVPC does not model, named by the request's parameter: refused, never ignored, like every
    /// parameter LocalVPC does not model.
    static func unsupportedRouteTarget(_ parameter: String) -> EC2Error {
        EC2Error(code: "UnsupportedOperation", message: "Routes to a \(parameter) are not supported by LocalVPC yet.")
    }
}
