import CloudModel
import EC2Protocol

// Temporary: operations of issue 11 (KeyPairsAndFlowLogs), generated and dispatched, answering UnsupportedOperation until each is
// implemented in the file named after its area. This file goes away when the last one moves out.
extension EC2Handlers {
    func createKeyPair(_ request: EC2.CreateKeyPairRequest, context: Context) async throws -> EC2.KeyPair {
        throw EC2Error(code: "UnsupportedOperation", message: "CreateKeyPair is not supported by LocalVPC yet.")
    }

    func importKeyPair(_ request: EC2.ImportKeyPairRequest, context: Context) async throws -> EC2.ImportKeyPairResult {
        throw EC2Error(code: "UnsupportedOperation", message: "ImportKeyPair is not supported by LocalVPC yet.")
    }

    func describeKeyPairs(_ request: EC2.DescribeKeyPairsRequest, context: Context) async throws -> EC2.DescribeKeyPairsResult {
        throw EC2Error(code: "UnsupportedOperation", message: "DescribeKeyPairs is not supported by LocalVPC yet.")
    }

    func deleteKeyPair(_ request: EC2.DeleteKeyPairRequest, context: Context) async throws -> EC2.DeleteKeyPairResult {
        throw EC2Error(code: "UnsupportedOperation", message: "DeleteKeyPair is not supported by LocalVPC yet.")
    }

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
