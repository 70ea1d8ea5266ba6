import CloudModel
import EC2Protocol
import Testing

@testable import Server

/// `DecodingRefusals`: a required parameter left out is `MissingParameter`, except where AWS answers otherwise.
struct DecodingRefusalsTests {
    @Test func createTagsWithoutTagsIsAWSsInvalidParameterValue() {
        let answer = DecodingRefusals.answer(.missingParameter("Tag"), action: "CreateTags")
        #expect(answer.code == "InvalidParameterValue")
        #expect(answer.message == "Value ( empty ) for parameter tagSet is invalid. You must specify one or more tags to create")
    }

    @Test func anyOtherMissingParameterIsMissingParameter() {
        #expect(DecodingRefusals.answer(.missingParameter("ResourceId"), action: "CreateTags").code == "MissingParameter")
        #expect(DecodingRefusals.answer(.missingParameter("Tag"), action: "DeleteTags").code == "MissingParameter")
        #expect(
            DecodingRefusals.answer(.missingParameter("CidrBlock"), action: "CreateVpc").message == "The request must contain the parameter CidrBlock"
        )
    }
}
