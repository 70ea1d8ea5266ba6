/// LocalVPC's data plane: running instances as Linux network namespaces that exchange real packets.
///
/// See ARCHITECTURE.md, "Data plane". Every namespace, link and table it makes is named `lvpc-…`; nothing else on
/// the host is touched.
public enum DataPlaneNames {
    /// The prefix of everything the data plane creates on the host.
    public static let prefix = "lvpc-"
}
