import EC2Protocol
import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Element names of encoded responses, checked against botocore's model JSON directly (not through ec2-codegen).
struct ElementNameTests {
    /// A shape's encoding, wrapped in a `<root>` element.
    struct EncodedShape: Sendable, CustomTestStringConvertible {
        let shape: String
        let xml: String
        var testDescription: String { shape }

        init(_ shape: String, _ value: some XMLEncodable) {
            var writer = XMLWriter()
            writer.element("root", value)
            self.shape = shape
            self.xml = writer.output
        }
    }

    static let encodedShapes = [
        EncodedShape("Vpc", ResponseFixtures.vpc),
        EncodedShape("Subnet", ResponseFixtures.subnet),
        EncodedShape("RouteTable", ResponseFixtures.routeTable),
        EncodedShape("DescribeVpcsResult", ResponseFixtures.describeVpcsResult),
        EncodedShape("DescribeTagsResult", ResponseFixtures.describeTagsResult),
    ]

    @Test(arguments: encodedShapes)
    func everyElementIsNamedAsTheModelSays(_ encoded: EncodedShape) throws {
        let shapes = try Botocore.modelShapes()
        let root = try #require(try XMLDocument(xmlString: encoded.xml).rootElement())
        var checker = ElementChecker(shapes: shapes)
        checker.check(root, shape: encoded.shape, path: encoded.shape)
        #expect(checker.problems == [])
        for (shape, members) in checker.membersSeen {
            let missing = checker.memberNames(of: shape).subtracting(members).sorted()
            #expect(missing == [], "\(shape): the fixture never wrote \(missing); populate it fully")
        }
    }

    @Test func emptyListIsAnEmptyElement() {
        var writer = XMLWriter()
        EC2.Vpc(tags: [], vpcId: "vpc-1").encode(to: &writer)
        #expect(writer.output == "<tagSet/><vpcId>vpc-1</vpcId>")
    }
}

/// Walks an XML tree alongside the model, collecting names that do not belong.
private struct ElementChecker {
    let shapes: [String: [String: Any]]
    private(set) var problems: [String] = []
    /// For each structure shape met, the members that appeared at least once.
    private(set) var membersSeen: [String: Set<String>] = [:]

    init(shapes: [String: [String: Any]]) {
        self.shapes = shapes
    }

    func memberNames(of shape: String) -> Set<String> {
        Set((shapes[shape]?["members"] as? [String: Any] ?? [:]).keys)
    }

    mutating func check(_ element: XMLElement, shape name: String, path: String) {
        guard let shape = shapes[name], let type = shape["type"] as? String else {
            problems.append("\(path): no shape \(name)")
            return
        }
        let children = (element.children ?? []).compactMap { $0 as? XMLElement }
        switch type {
        case "structure":
            let members = shape["members"] as? [String: [String: Any]] ?? [:]
            var byElementName: [String: (member: String, shape: String)] = [:]
            for (member, reference) in members {
                let target = reference["shape"] as? String ?? ""
                // botocore merges the reference's locationName over the target shape's.
                let elementName = reference["locationName"] as? String ?? shapes[target]?["locationName"] as? String ?? member
                byElementName[elementName] = (member, target)
            }
            if membersSeen[name] == nil { membersSeen[name] = [] }
            for child in children {
                guard let childName = child.name, let member = byElementName[childName] else {
                    problems.append("\(path): <\(child.name ?? "?")> is not an element of \(name)")
                    continue
                }
                membersSeen[name, default: []].insert(member.member)
                check(child, shape: member.shape, path: "\(path).\(childName)")
            }
        case "list":
            let reference = shape["member"] as? [String: Any] ?? [:]
            let target = reference["shape"] as? String ?? ""
            let itemName = reference["locationName"] as? String ?? "item"
            for child in children {
                if child.name != itemName { problems.append("\(path): list item <\(child.name ?? "?")>, expected <\(itemName)>") }
                check(child, shape: target, path: "\(path).\(itemName)")
            }
        default:
            if !children.isEmpty { problems.append("\(path): scalar \(name) has child elements") }
        }
    }
}
