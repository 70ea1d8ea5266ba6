import DataPlane
import Testing

struct DataPlaneNamesTests {
    @Test func prefix() { #expect(DataPlaneNames.prefix == "lvpc-") }
}
