import AWSTimestamp
import Foundation

/// Refusals about EBS volumes, worded as AWS words them.
extension EC2Error {
    static let volumeNeedsSizeOrSnapshot = EC2Error(code: "MissingParameter", message: "The request must contain the parameter size or snapshotId")

    static func snapshotNotFound(_ id: String) -> EC2Error {
        EC2Error(code: "InvalidSnapshot.NotFound", message: "The snapshot '\(id)' does not exist.")
    }

    static func invalidVolumeType(_ type: String) -> EC2Error {
        .invalidParameterValue("Value (\(type)) for parameter volumeType is invalid. Valid values: standard, io1, io2, gp2, gp3, sc1, st1.")
    }

    static func volumeSize(_ size: Int, _ type: Volume.VolumeType) -> EC2Error {
        let sizes = type.sizes
        return .invalidParameterValue(
            size < sizes.lowerBound
                ? "Volume of \(size)GiB is too small; minimum is \(sizes.lowerBound)GiB."
                : "Volume of \(size)GiB is too large; maximum is \(sizes.upperBound)GiB.")
    }

    static func iopsNotSupported(_ type: Volume.VolumeType) -> EC2Error {
        .invalidParameterCombination("The parameter iops is not supported for \(type.rawValue) volumes.")
    }

    static func iopsRequired(_ type: Volume.VolumeType) -> EC2Error {
        EC2Error(code: "MissingParameter", message: "The parameter iops must be specified for \(type.rawValue) volumes.")
    }

    static func iopsOutOfRange(_ iops: Int, _ range: ClosedRange<Int>) -> EC2Error {
        .invalidParameterValue("Value (\(iops)) for parameter iops is invalid. Expected a value between \(range.lowerBound) and \(range.upperBound).")
    }

    /// AWS's words, as io1 and gp3 users quote them ("Iops to volume size ratio of 80.000000 is too high; maximum is 50").
    static func iopsPerGiBTooHigh(iops: Int, size: Int, most: Int) -> EC2Error {
        .invalidParameterValue(
            "Iops to volume size ratio of \(String(format: "%.6f", Double(iops) / Double(size))) is too high; maximum is \(most)")
    }

    static func throughputOutOfRange(_ throughput: Int) -> EC2Error {
        .invalidParameterValue(
            "Value (\(throughput)) for parameter throughput is invalid. Expected a value between \(Volume.gp3Throughput.lowerBound) and \(Volume.gp3Throughput.upperBound)."
        )
    }

    /// AWS's words, as gp3 users quote them ("Throughput (MiBps) to iops ratio of 0.333333 is too high; maximum is
    /// 0.250000 MiBps per iops").
    static func throughputPerIopsTooHigh(throughput: Int, iops: Int) -> EC2Error {
        .invalidParameterValue(
            "Throughput (MiBps) to iops ratio of \(String(format: "%.6f", Double(throughput) / Double(iops))) is too high; maximum is 0.250000 MiBps per iops"
        )
    }

    /// A device name that is not one of EBS's (AWS: "Value (/dev/sdi1) for parameter device is invalid. /dev/sdi1 is
    /// not a valid EBS device name.", as Kubernetes' and Chef's users quote it).
    static func notAnEBSDeviceName(_ device: String) -> EC2Error {
        .invalidParameterValue("Value (\(device)) for parameter device is invalid. \(device) is not a valid EBS device name.")
    }

    static func throughputNotSupported(_ type: Volume.VolumeType) -> EC2Error {
        .invalidParameterCombination("The parameter throughput is not supported for \(type.rawValue) volumes.")
    }

    static func invalidZone(_ zone: String) -> EC2Error {
        EC2Error(code: "InvalidZone.NotFound", message: "The zone '\(zone)' does not exist.")
    }

    static func volumeInUse(_ volumeId: String, instanceId: String) -> EC2Error {
        EC2Error(code: "VolumeInUse", message: "Volume \(volumeId) is currently attached to \(instanceId)")
    }

    static func volumeZoneMismatch(_ volumeId: String, instanceId: String) -> EC2Error {
        EC2Error(
            code: "InvalidVolume.ZoneMismatch",
            message: "The volume '\(volumeId)' is not in the same availability zone as instance '\(instanceId)'")
    }

    static func deviceInUse(_ device: String) -> EC2Error {
        .invalidParameterValue("Invalid value '\(device)' for unixDevice. Attachment point \(device) is already in use")
    }

    static func invalidDevice(_ device: String) -> EC2Error {
        .invalidParameterValue("Invalid value '\(device)' for unixDevice. Attachment point \(device) is not valid")
    }

    static func volumeNotAttached(_ volumeId: String) -> EC2Error {
        EC2Error(code: "IncorrectState", message: "Volume '\(volumeId)' is in the 'available' state.")
    }

    static func rootVolumeOfRunningInstance(_ volumeId: String, instanceId: String) -> EC2Error {
        EC2Error(code: "IncorrectState", message: "Unable to detach root volume '\(volumeId)' from instance '\(instanceId)'")
    }

    static func volumeAttachedElsewhere(_ volumeId: String, instanceId: String) -> EC2Error {
        EC2Error(code: "InvalidAttachment.NotFound", message: "The volume '\(volumeId)' is not attached to instance '\(instanceId)'")
    }
}

/// Refusals of ModifyVolume.
extension EC2Error {
    /// AWS's words (aws-cli#4216).
    static let volumeCannotShrink = invalidParameterValue("New size cannot be smaller than existing size")

    /// AWS's words, as users quote them ("cannot be modified in modification state OPTIMIZING").
    static func volumeBeingModified(_ id: String, state: VolumeModification.State) -> EC2Error {
        EC2Error(code: "IncorrectModificationState", message: "Volume \(id) cannot be modified in modification state \(state.rawValue.uppercased())")
    }

    /// The code and first sentence are AWS's; the API reference says the rest names when the next modification may
    /// be made, in words LocalVPC's own.
    static func volumeModificationRateExceeded(_ id: String, until: Date) -> EC2Error {
        EC2Error(
            code: "VolumeModificationRateExceeded",
            message:
                "You've reached the maximum modification rate per volume limit. Volume \(id) can be modified again from \(AWSTimestamp.format(until))."
        )
    }

    /// AWS's words, as Ansible's users quote them ("Cannot attach volume vol-… when it is in modification state:
    /// MODIFYING").
    static func volumeBeingModifiedCannotAttach(_ id: String) -> EC2Error {
        EC2Error(code: "OperationNotPermitted", message: "Cannot attach volume \(id) when it is in modification state: MODIFYING")
    }
}
