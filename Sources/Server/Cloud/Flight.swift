import CloudModel

/// A large batch worked out aside (a launch or a termination of hundreds of instances), durable or being made so, whose
/// changes are applied to a copy of the state in the background (`CloudService`).
///
/// Applying such a batch copies every table it touches, tens of milliseconds in a region of many instances, and writing
/// it as long again. Commands that cannot depend on it need not wait for either. A command worked out aside reads only
/// its own account and region and the public address pool (`CloudService.performAside`); a command run meanwhile
/// against the state *without* the flight's changes, which changes nothing in those regions and hands out no public
/// address when the flight holds some, neither reads what the flight changes nor changes what it read. The two commute:
/// the command is written after the flight, applied and answered before it lands, and the flight's state, once applied,
/// has the command's changes applied again on top before it is swapped in. Readers see the command first and the
/// flight after, an order in which both are exactly what they would have been; after a restart, the journal's order
/// gives the same state.
struct Flight {
    /// Tells this flight from a later one.
    let number: UInt64
    /// The command whose changes these are, answered when the flight lands.
    let command: PendingCommand
    /// The regions the flight's command read and changed.
    let scopes: Set<AccountRegion>
    /// Whether the flight's changes hold public addresses, which every account's commands read (the shared pool).
    let holdsPublicIps: Bool
    /// Whether the flight's changes are durable.
    var isAppended = false
    /// The state before the flight with its changes applied, once the background apply is done.
    var applied: CloudState?
    /// Changes of commands applied to the state readers see while the flight was in the air, in order: applied again
    /// on top of `applied` when it lands.
    var besideIt: [[ResourceChange]] = []

    init(number: UInt64, command: PendingCommand) {
        self.number = number
        self.command = command
        self.scopes = command.summary.scopes.union([command.scope])
        self.holdsPublicIps = command.summary.holdsPublicIps
    }

    /// Whether changes made without the flight's may be applied before it: none in its regions, and no public address
    /// when it holds some (the commands might have handed out the same one).
    func admits(_ changes: [ResourceChange]) -> Bool {
        !changes.contains { change in scopes.contains(change.scope) || (holdsPublicIps && change.holdsPublicIps) }
    }
}

extension ResourceChange {
    /// Whether the change puts a resource holding public addresses.
    var holdsPublicIps: Bool {
        if case .put(let resource) = self { return !resource.publicIps.isEmpty }
        return false
    }
}

/// The regions a batch of changes touches, and whether it puts a resource holding public addresses: what the write
/// queue counts (`ScopeStamp`) and a flight checks. Worked out where the changes are made: for a launch's 3,000
/// changes, off the actor (walking them there, once to count and once for the flight, was a fifth of its time under a
/// background of launches).
struct ChangeSummary: Sendable {
    private(set) var scopes: Set<AccountRegion> = []
    private(set) var holdsPublicIps = false

    init(_ changes: [ResourceChange]) {
        for change in changes {
            scopes.insert(change.scope)
            if !holdsPublicIps, change.holdsPublicIps { holdsPublicIps = true }
        }
    }
}
