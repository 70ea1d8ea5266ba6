import DataPlane
import Testing

#if os(Linux)
    import Glibc
#endif

struct NetworkNamespaceTests {
    @Test(arguments: ["default", "other-team-ns", "", "lvpc-../x", "lvpc-a b", "lvpc-" + String(repeating: "x", count: 260)])
    func refusesNamesThatAreNotOursOrNotPlain(_ name: String) {
        #expect(throws: KernelError.self) { try NetworkNamespace.create(name) }
        #expect(throws: KernelError.self) { try NetworkNamespace.delete(name) }
        #expect(throws: KernelError.self) { try NetworkNamespace.withEntered(name) {} }
    }

    #if os(Linux)
        @Test(.enabled(if: KernelTestEnvironment.isRootOnLinux))
        func createEnterAndDelete() throws {
            let name = "\(KernelTestEnvironment.uniquePrefix())-ns"
            let home = try NetworkNamespace.currentIdentifier()
            try NetworkNamespace.create(name)
            defer { try? NetworkNamespace.delete(name) }
            #expect(NetworkNamespace.names().contains(name))
            #expect(try NetworkNamespace.identifier(of: name) != home)
            #expect(throws: KernelError.self) { try NetworkNamespace.create(name) }

            // A veth pair made inside is seen inside only, beside the namespace's own lo.
            try KernelCommand.run("ip", ["link", "add", "lvpc-t0", "type", "veth", "peer", "name", "lvpc-t1"], namespace: name)
            let inside = try NetworkNamespace.withEntered(name) {
                (identifier: try NetworkNamespace.currentIdentifier(), interfaces: Self.interfaceNames())
            }
            #expect(inside.identifier == (try NetworkNamespace.identifier(of: name)))
            #expect(inside.interfaces == ["lo", "lvpc-t0", "lvpc-t1"])
            #expect(if_nametoindex("lvpc-t0") == 0)
            #expect(try NetworkNamespace.currentIdentifier() == home)

            try NetworkNamespace.delete(name)
            #expect(!NetworkNamespace.names().contains(name))
            try NetworkNamespace.delete(name)  // absent: no error
            #expect(throws: KernelError.self) { try NetworkNamespace.withEntered(name) {} }
        }

        @Test(.enabled(if: KernelTestEnvironment.isRootOnLinux))
        func threadReturnsHomeWhenTheBodyThrowsAndWhenNested() throws {
            struct Thrown: Error {}
            let prefix = KernelTestEnvironment.uniquePrefix()
            let (outer, inner) = ("\(prefix)-outer", "\(prefix)-inner")
            try NetworkNamespace.create(outer)
            defer { try? NetworkNamespace.delete(outer) }
            try NetworkNamespace.create(inner)
            defer { try? NetworkNamespace.delete(inner) }
            let home = try NetworkNamespace.currentIdentifier()

            #expect(throws: Thrown.self) { try NetworkNamespace.withEntered(outer) { throw Thrown() } }
            #expect(try NetworkNamespace.currentIdentifier() == home)

            let seen = try NetworkNamespace.withEntered(outer) {
                let nested = try NetworkNamespace.withEntered(inner) { try NetworkNamespace.currentIdentifier() }
                return (nested, try NetworkNamespace.currentIdentifier())
            }
            #expect(seen.0 == (try NetworkNamespace.identifier(of: inner)))
            #expect(seen.1 == (try NetworkNamespace.identifier(of: outer)))
            #expect(try NetworkNamespace.currentIdentifier() == home)
        }

        /// Every interface name of the calling thread's namespace, sorted.
        private static func interfaceNames() -> [String] {
            guard let list = if_nameindex() else { return [] }
            defer { if_freenameindex(list) }
            var names: [String] = []
            var entry = list
            while entry.pointee.if_index != 0 {
                names.append(String(cString: entry.pointee.if_name))
                entry += 1
            }
            return names.sorted()
        }
    #endif
}
