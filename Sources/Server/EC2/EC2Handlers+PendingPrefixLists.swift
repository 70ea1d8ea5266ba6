import CloudModel
import EC2Protocol

// Temporary: operations of issue 11 (PrefixLists), generated and dispatched, answering UnsupportedOperation until each is
// implemented in the file named after its area. This file goes away when the last one moves out.
extension EC2Handlers {
    func createManagedPrefixList(_ request: EC2.CreateManagedPrefixListRequest, context: Context) async throws -> EC2.CreateManagedPrefixListResult {
        throw EC2Error(code: "UnsupportedOperation", message: "CreateManagedPrefixList is not supported by LocalVPC yet.")
    }

    func deleteManagedPrefixList(_ request: EC2.DeleteManagedPrefixListRequest, context: Context) async throws -> EC2.DeleteManagedPrefixListResult {
        throw EC2Error(code: "UnsupportedOperation", message: "DeleteManagedPrefixList is not supported by LocalVPC yet.")
    }

    func describeManagedPrefixLists(_ request: EC2.DescribeManagedPrefixListsRequest, context: Context) async throws
        -> EC2.DescribeManagedPrefixListsResult
    {
        throw EC2Error(code: "UnsupportedOperation", message: "DescribeManagedPrefixLists is not supported by LocalVPC yet.")
    }

    func modifyManagedPrefixList(_ request: EC2.ModifyManagedPrefixListRequest, context: Context) async throws -> EC2.ModifyManagedPrefixListResult {
        throw EC2Error(code: "UnsupportedOperation", message: "ModifyManagedPrefixList is not supported by LocalVPC yet.")
    }

    func getManagedPrefixListEntries(_ request: EC2.GetManagedPrefixListEntriesRequest, context: Context) async throws
        -> EC2.GetManagedPrefixListEntriesResult
    {
        throw EC2Error(code: "UnsupportedOperation", message: "GetManagedPrefixListEntries is not supported by LocalVPC yet.")
    }

    func getManagedPrefixListAssociations(_ request: EC2.GetManagedPrefixListAssociationsRequest, context: Context) async throws
        -> EC2.GetManagedPrefixListAssociationsResult
    {
        throw EC2Error(code: "UnsupportedOperation", message: "GetManagedPrefixListAssociations is not supported by LocalVPC yet.")
    }

    func restoreManagedPrefixListVersion(_ request: EC2.RestoreManagedPrefixListVersionRequest, context: Context) async throws
        -> EC2.RestoreManagedPrefixListVersionResult
    {
        throw EC2Error(code: "UnsupportedOperation", message: "RestoreManagedPrefixListVersion is not supported by LocalVPC yet.")
    }

    func describePrefixLists(_ request: EC2.DescribePrefixListsRequest, context: Context) async throws -> EC2.DescribePrefixListsResult {
        throw EC2Error(code: "UnsupportedOperation", message: "DescribePrefixLists is not supported by LocalVPC yet.")
    }
}
