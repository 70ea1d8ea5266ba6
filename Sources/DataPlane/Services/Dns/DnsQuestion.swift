/// The one question of a query.
struct DnsQuestion: Sendable, Hashable {
    let name: String
    let type: UInt16
    let recordClass: UInt16

    static let typeA: UInt16 = 1
    static let typePTR: UInt16 = 12
    static let typeAAAA: UInt16 = 28
    static let classInternet: UInt16 = 1
}
