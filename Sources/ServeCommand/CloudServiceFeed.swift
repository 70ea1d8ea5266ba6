import CloudModel
import DataPlane
import Foundation
import Logging
import Server

/// The cloud as the data plane sees it: the state, its change feed, and booted instances made `running`.
struct CloudServiceFeed: DataPlaneCloud {
    let cloud: CloudService

    func snapshot() -> CloudState { cloud.snapshot() }
    var stateVersion: UInt64 { cloud.stateVersion }
    /// The data plane reads the state itself: it needs to know only that something changed since it last looked.
    func changes() -> AsyncStream<CommittedBatch> { cloud.changes(latestOnly: true) }
    func now() -> Date { cloud.clock.now() }

    func appendConsoleOutput(_ text: String, to instanceId: String, ranUserData: Bool) async {
        guard let scope = cloud.snapshot().regions.first(where: { $0.value.instances[instanceId] != nil })?.key else { return }
        _ = try? await cloud.perform(in: scope) { transaction in transaction.appendConsoleOutput(text, to: instanceId, ranUserData: ranUserData) }
    }

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
