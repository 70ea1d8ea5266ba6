/// `MaintenanceOptions` of an instance: what AWS does when its host fails or must reboot.
///
/// LocalVPC's hosts never fail: the options are kept and shown, for the tools that set and read them back.
public struct InstanceMaintenanceOptions: Sendable, Hashable, Codable {
    /// `AutoRecovery` and `RebootMigration` take the same two values.
    public enum Setting: String, Sendable, Hashable, Codable, CaseIterable {
        case `default`, disabled
    }

    /// Simplified automatic recovery (`default` recovers the instance on supported types).
    public var autoRecovery: Setting
    /// Whether a user-initiated reboot with a scheduled system-reboot event migrates the instance.
    public var rebootMigration: Setting

    public init(autoRecovery: Setting = .default, rebootMigration: Setting = .default) {
        self.autoRecovery = autoRecovery
        self.rebootMigration = rebootMigration
    }

    /// The setting `text` names for `parameter`, or AWS's refusal.
    public static func setting(_ text: String?, parameter: String) throws(EC2Error) -> Setting? {
        guard let text else { return nil }
        guard let value = Setting(rawValue: text) else {
            throw .invalidEnumValue(text, parameter: parameter, allowed: Setting.allCases.map(\.rawValue))
        }
        return value
    }
}
