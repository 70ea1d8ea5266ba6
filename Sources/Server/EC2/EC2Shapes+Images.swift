import CloudModel
import EC2Protocol

extension EC2.Image {
    /// An image as DescribeImages shows it.
    init(_ image: Image) {
        self.init()
        imageId = image.id
        name = image.name
        description = image.description
        architecture = image.architecture
        imageLocation = image.imageLocation
        imageOwnerAlias = image.ownerAlias
        ownerId = image.ownerId
        `public` = image.isPublic
        state = image.state
        imageType = image.imageType
        creationDate = image.creationDate
        hypervisor = image.hypervisor
        virtualizationType = image.virtualizationType
        rootDeviceName = image.rootDeviceName
        rootDeviceType = image.rootDeviceType
        sriovNetSupport = image.sriovNetSupport
        enaSupport = image.enaSupport
        platformDetails = image.platformDetails
        usageOperation = image.usageOperation
        imdsSupport = image.imdsSupport
        bootMode = image.bootMode
        productCodes = []
        blockDeviceMappings = [
            EC2.BlockDeviceMapping(
                ebs: EC2.EbsBlockDevice(
                    deleteOnTermination: image.rootVolume.deleteOnTermination, volumeSize: image.rootVolume.size,
                    volumeType: image.rootVolume.volumeType, encrypted: image.rootVolume.encrypted),
                deviceName: image.rootDeviceName)
        ]
    }
}
