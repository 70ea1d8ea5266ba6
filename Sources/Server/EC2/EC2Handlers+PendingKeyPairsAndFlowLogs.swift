import CloudModel
import EC2Protocol

// Temporary: operations of issue 11 (flow logs), generated and dispatched, answering UnsupportedOperation until each is
// implemented in the file named after its area. This file goes away when the last one moves out.
extension EC2Handlers {
    func createFlowLogs(_ request: EC2.CreateFlowLogsRequest, context: Context) async throws -> EC2.CreateFlowLogsResult {
        throw EC2Error(code: "UnsupportedOperation", message: "CreateFlowLogs is not supported by LocalVPC yet.")
    }

    func describeFlowLogs(_ request: EC2.DescribeFlowLogsRequest, context: Context) async throws -> EC2.DescribeFlowLogsResult {
        throw EC2Error(code: "UnsupportedOperation", message: "DescribeFlowLogs is not supported by LocalVPC yet.")
    }

    func deleteFlowLogs(_ request: EC2.DeleteFlowLogsRequest, context: Context) async throws -> EC2.DeleteFlowLogsResult {
        throw EC2Error(code: "UnsupportedOperation", message: "DeleteFlowLogs is not supported by LocalVPC yet.")
    }
}
