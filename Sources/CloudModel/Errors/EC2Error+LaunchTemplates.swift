/// Refusals about launch templates, worded as AWS words them.
extension EC2Error {
    static func launchTemplateNameNotFound(_ name: String) -> EC2Error {
        EC2Error(
            code: "InvalidLaunchTemplateName.NotFoundException",
            message: "The specified launch template, with template name \(name), does not exist.")
    }

    static func launchTemplateNameExists(_ name: String) -> EC2Error {
        EC2Error(
            code: "InvalidLaunchTemplateName.AlreadyExistsException",
            message: "Launch template name already in use.")
    }

    static func launchTemplateNameMalformed(_ name: String) -> EC2Error {
        EC2Error(
            code: "InvalidLaunchTemplateName.MalformedException",
            message:
                "A launch template name must be between 3 and 128 characters, and may contain letters, numbers, and the following characters: - ( ) . / _.'"
        )
    }

    static func launchTemplateVersionNotFound(_ number: Int, _ id: String) -> EC2Error {
        EC2Error(code: "InvalidLaunchTemplateId.VersionNotFound", message: "Could not find launch template version \(number) for template \(id).")
    }

    static func launchTemplateVersionMalformed(_ text: String) -> EC2Error {
        .invalidParameterValue("Invalid launch template version '\(text)': use a version number, $Latest or $Default.")
    }

    static let launchTemplateIdOrName = EC2Error.missingParameter("LaunchTemplateId or LaunchTemplateName")

    static let launchTemplateIdAndName = EC2Error.invalidParameterCombination(
        "You can specify either the launch template ID or the launch template name in the request, but not both.")

    /// Per-version refusals of DeleteLaunchTemplateVersions use the model's `LaunchTemplateErrorCode` values; it has
    /// none for the default version, so AWS's catch-all carries the reason in the message.
    static func defaultVersionCannotGo(_ number: Int) -> (code: String, message: String) {
        (
            "unexpectedError",
            "Version \(number) is the default version of the launch template and cannot be deleted; make another version the default first."
        )
    }

    static func versionToDeleteNotFound(_ number: String) -> (code: String, message: String) {
        ("launchTemplateVersionDoesNotExist", "Version \(number) of the launch template does not exist.")
    }
}
