import CloudModel
import DataPlane
import Foundation
import Logging
import Server

/// The cloud as the data plane sees it: the state, its change feed, and booted instances made `running`.
struct CloudServiceFeed: DataPlaneCloud {
    let cloud: CloudService

    func snapshot() -> CloudState { cloud.snapshot() }
    func changes() -> AsyncStream<CommittedBatch> { cloud.changes() }
    func now() -> Date { cloud.clock.now() }

    func markInstancesRunning(_ ids: [String]) async {
        let state = cloud.snapshot()
        var byScope: [AccountRegion: [String]] = [:]
        for (scope, region) in state.regions {
            for id in ids where region.instances[id] != nil { byScope[scope, default: []].append(id) }
        }
        for (scope, ids) in byScope {
            _ = try? await cloud.perform(in: scope) { transaction in transaction.markInstancesRunning(ids) }
        }
    }
}
