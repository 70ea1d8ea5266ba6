"""The essentials through the AWS CLI (`aws ec2 …`), configured only with
AWS_ENDPOINT_URL, keys and region — as a user would."""

from lvpc import raises_code


def test_cli_vpc_lifecycle(aws):
    out = aws(
        "ec2", "create-vpc", "--cidr-block", "10.0.0.0/16",
        "--tag-specifications", "ResourceType=vpc,Tags=[{Key=Name,Value=cli-vpc},{Key=env,Value=test}]",
    )
    vpc = out["Vpc"]
    vpc_id = vpc["VpcId"]
    assert vpc["CidrBlock"] == "10.0.0.0/16"
    assert {t["Key"]: t["Value"] for t in vpc["Tags"]} == {"Name": "cli-vpc", "env": "test"}

    found = aws("ec2", "describe-vpcs", "--filters", "Name=tag:Name,Values=cli-vpc")["Vpcs"]
    assert [v["VpcId"] for v in found] == [vpc_id]
    found = aws("ec2", "describe-vpcs", "--filters", "Name=tag:Name,Values=cli-*",
                "Name=cidr,Values=10.0.0.0/16")["Vpcs"]
    assert [v["VpcId"] for v in found] == [vpc_id]
    found = aws("ec2", "describe-vpcs", "--vpc-ids", vpc_id)["Vpcs"]
    assert found[0]["CidrBlock"] == "10.0.0.0/16"

    attr = aws("ec2", "describe-vpc-attribute", "--vpc-id", vpc_id, "--attribute", "enableDnsHostnames")
    assert attr["EnableDnsHostnames"]["Value"] is False
    aws("ec2", "modify-vpc-attribute", "--vpc-id", vpc_id, "--enable-dns-hostnames", '{"Value":true}')
    attr = aws("ec2", "describe-vpc-attribute", "--vpc-id", vpc_id, "--attribute", "enableDnsHostnames")
    assert attr["EnableDnsHostnames"]["Value"] is True

    aws("ec2", "delete-vpc", "--vpc-id", vpc_id)
    with raises_code("InvalidVpcID.NotFound"):
        aws("ec2", "describe-vpcs", "--vpc-ids", vpc_id)


def test_cli_error_codes(aws):
    with raises_code("InvalidVpc.Range"):
        aws("ec2", "create-vpc", "--cidr-block", "10.0.0.0/15")
    with raises_code("InvalidParameterValue"):
        aws("ec2", "create-vpc", "--cidr-block", "not-a-cidr")
    with raises_code("InvalidVpcID.Malformed"):
        aws("ec2", "describe-vpcs", "--vpc-ids", "not-a-vpc")
    with raises_code("DryRunOperation"):
        aws("ec2", "create-vpc", "--cidr-block", "10.0.0.0/16", "--dry-run")
    vpcs = aws("ec2", "describe-vpcs")["Vpcs"]
    assert [v["IsDefault"] for v in vpcs] == [True], "nothing but the default VPC was created"


def test_cli_subnets_routes_and_gateways(aws):
    vpc_id = aws("ec2", "create-vpc", "--cidr-block", "10.0.0.0/16")["Vpc"]["VpcId"]
    subnet = aws(
        "ec2", "create-subnet", "--vpc-id", vpc_id, "--cidr-block", "10.0.1.0/24",
        "--availability-zone", "us-east-1a",
        "--tag-specifications", "ResourceType=subnet,Tags=[{Key=Name,Value=public}]",
    )["Subnet"]
    assert subnet["AvailabilityZone"] == "us-east-1a"
    assert subnet["AvailableIpAddressCount"] == 251
    with raises_code("InvalidSubnet.Conflict"):
        aws("ec2", "create-subnet", "--vpc-id", vpc_id, "--cidr-block", "10.0.1.0/25")
    with raises_code("InvalidSubnet.Range"):
        aws("ec2", "create-subnet", "--vpc-id", vpc_id, "--cidr-block", "10.1.0.0/24")
    aws("ec2", "modify-subnet-attribute", "--subnet-id", subnet["SubnetId"], "--map-public-ip-on-launch")
    got = aws("ec2", "describe-subnets", "--filters", f"Name=vpc-id,Values={vpc_id}")["Subnets"]
    assert [(s["SubnetId"], s["MapPublicIpOnLaunch"]) for s in got] == [(subnet["SubnetId"], True)]

    igw_id = aws("ec2", "create-internet-gateway")["InternetGateway"]["InternetGatewayId"]
    aws("ec2", "attach-internet-gateway", "--internet-gateway-id", igw_id, "--vpc-id", vpc_id)
    rtb = aws("ec2", "create-route-table", "--vpc-id", vpc_id)["RouteTable"]["RouteTableId"]
    out = aws("ec2", "create-route", "--route-table-id", rtb,
              "--destination-cidr-block", "0.0.0.0/0", "--gateway-id", igw_id)
    assert out == {"Return": True}
    with raises_code("RouteAlreadyExists"):
        aws("ec2", "create-route", "--route-table-id", rtb,
            "--destination-cidr-block", "0.0.0.0/0", "--gateway-id", igw_id)
    with raises_code("InvalidParameterValue"):
        aws("ec2", "delete-route", "--route-table-id", rtb, "--destination-cidr-block", "10.0.0.0/16")
    with raises_code("InvalidRoute.NotFound"):
        aws("ec2", "delete-route", "--route-table-id", rtb, "--destination-cidr-block", "192.0.2.0/24")
    assoc = aws("ec2", "associate-route-table", "--route-table-id", rtb,
                "--subnet-id", subnet["SubnetId"])["AssociationId"]
    tables = aws("ec2", "describe-route-tables", "--filters",
                 f"Name=association.subnet-id,Values={subnet['SubnetId']}")["RouteTables"]
    assert [t["RouteTableId"] for t in tables] == [rtb]
    routes = {r.get("DestinationCidrBlock"): r for r in tables[0]["Routes"]}
    assert routes["0.0.0.0/0"]["GatewayId"] == igw_id and routes["0.0.0.0/0"]["State"] == "active"
    assert routes["10.0.0.0/16"]["GatewayId"] == "local"
    main = aws("ec2", "describe-route-tables", "--filters", f"Name=vpc-id,Values={vpc_id}",
               "Name=association.main,Values=true")["RouteTables"]
    assert len(main) == 1 and main[0]["RouteTableId"] != rtb

    with raises_code("DependencyViolation"):
        aws("ec2", "delete-vpc", "--vpc-id", vpc_id)
    with raises_code("DependencyViolation"):
        aws("ec2", "delete-internet-gateway", "--internet-gateway-id", igw_id)

    # tear down in AWS's order
    aws("ec2", "disassociate-route-table", "--association-id", assoc)
    aws("ec2", "delete-route-table", "--route-table-id", rtb)
    aws("ec2", "detach-internet-gateway", "--internet-gateway-id", igw_id, "--vpc-id", vpc_id)
    with raises_code("Gateway.NotAttached"):
        aws("ec2", "detach-internet-gateway", "--internet-gateway-id", igw_id, "--vpc-id", vpc_id)
    aws("ec2", "delete-internet-gateway", "--internet-gateway-id", igw_id)
    aws("ec2", "delete-subnet", "--subnet-id", subnet["SubnetId"])
    aws("ec2", "delete-vpc", "--vpc-id", vpc_id)


def test_cli_tags(aws):
    vpc_id = aws("ec2", "create-vpc", "--cidr-block", "10.0.0.0/16")["Vpc"]["VpcId"]
    aws("ec2", "create-tags", "--resources", vpc_id, "--tags", "Key=team,Value=net", "Key=Name,Value=x")
    tags = aws("ec2", "describe-tags", "--filters", f"Name=resource-id,Values={vpc_id}")["Tags"]
    assert sorted((t["Key"], t["Value"], t["ResourceType"]) for t in tags) == [
        ("Name", "x", "vpc"),
        ("team", "net", "vpc"),
    ]
    aws("ec2", "delete-tags", "--resources", vpc_id, "--tags", "Key=team")
    tags = aws("ec2", "describe-tags", "--filters", f"Name=resource-id,Values={vpc_id}")["Tags"]
    assert [t["Key"] for t in tags] == ["Name"]


def test_cli_pagination(aws, ec2):
    made = {ec2.create_vpc(CidrBlock=f"10.{i}.0.0/16")["Vpc"]["VpcId"] for i in range(12)}
    # the CLI follows NextToken itself; --page-size makes it take several pages
    vpcs = aws("ec2", "describe-vpcs", "--page-size", "5")["Vpcs"]
    got = [v["VpcId"] for v in vpcs]
    assert len(got) == len(set(got)) == 13
    assert made <= set(got)
    # and --max-items hands back a token to resume from
    first = aws("ec2", "describe-vpcs", "--page-size", "5", "--max-items", "7")
    assert len(first["Vpcs"]) == 7 and first.get("NextToken")
    rest = aws("ec2", "describe-vpcs", "--page-size", "5", "--starting-token", first["NextToken"])
    both = [v["VpcId"] for v in first["Vpcs"] + rest["Vpcs"]]
    assert sorted(both) == sorted(got)


def test_cli_regions_zones_and_identity(aws):
    zones = aws("ec2", "describe-availability-zones", region="eu-west-1")["AvailabilityZones"]
    assert len(zones) >= 3 and all(z["ZoneId"].startswith("euw1-az") for z in zones)
    regions = aws("ec2", "describe-regions")["Regions"]
    assert "us-east-1" in {r["RegionName"] for r in regions}
    ident = aws("sts", "get-caller-identity", access_key="123456789012")
    assert ident["Account"] == "123456789012"
    assert ident["Arn"] == "arn:aws:iam::123456789012:root"
    vpc = aws("ec2", "create-vpc", "--cidr-block", "10.0.0.0/16", access_key="123456789012")["Vpc"]
    assert vpc["OwnerId"] == "123456789012"
    # invisible to the default account
    with raises_code("InvalidVpcID.NotFound"):
        aws("ec2", "describe-vpcs", "--vpc-ids", vpc["VpcId"])


def test_cli_query(aws):
    # --query is applied client-side to the parsed response.
    aws("ec2", "create-vpc", "--cidr-block", "10.0.0.0/16")
    cidrs = aws("ec2", "describe-vpcs", "--query", "Vpcs[].CidrBlock")
    assert sorted(cidrs) == ["10.0.0.0/16", "172.31.0.0/16"]
