"""Describe* calls: ids, documented filters (with * and ? wildcards),
MaxResults/NextToken pagination (and boto3 paginators), DryRun."""

from collections import Counter

import pytest

from lvpc import (
    DEFAULT_ACCOUNT,
    create_attached_igw,
    create_subnet,
    create_vpc,
    filters,
    main_route_table,
    raises_code,
    tag_spec,
    vpc_ids,
)


def subnet_ids(ec2, **kw):
    return {s["SubnetId"] for s in ec2.describe_subnets(**kw)["Subnets"]}


def rtb_ids(ec2, **kw):
    return {r["RouteTableId"] for r in ec2.describe_route_tables(**kw)["RouteTables"]}


def igw_ids(ec2, **kw):
    return {g["InternetGatewayId"] for g in ec2.describe_internet_gateways(**kw)["InternetGateways"]}


def default_vpc_id(ec2):
    vpcs = ec2.describe_vpcs(Filters=filters(**{"is-default": "true"}))["Vpcs"]
    assert len(vpcs) == 1
    return vpcs[0]["VpcId"]


# --- DescribeVpcs ------------------------------------------------------------


@pytest.fixture
def named_vpcs(ec2):
    def mk(cidr, **tags):
        return create_vpc(ec2, cidr, TagSpecifications=tag_spec("vpc", **tags))["VpcId"]

    return {
        "web-1": mk("10.1.0.0/16", Name="web-1", env="prod"),
        "web-2": mk("10.2.0.0/16", Name="web-2", env="dev"),
        "web-10": mk("10.3.0.0/16", Name="web-10", Owner="x"),
        "db": mk("10.4.0.0/16", Name="db", environment="prod"),
    }


def test_vpc_filter_vpc_id(ec2, named_vpcs):
    a, b = named_vpcs["web-1"], named_vpcs["db"]
    assert vpc_ids(ec2, Filters=filters(**{"vpc-id": a})) == {a}
    assert vpc_ids(ec2, Filters=filters(**{"vpc-id": [a, b]})) == {a, b}


def test_vpc_filter_cidr_and_association(ec2, named_vpcs):
    assert vpc_ids(ec2, Filters=filters(cidr="10.2.0.0/16")) == {named_vpcs["web-2"]}
    assert vpc_ids(
        ec2, Filters=filters(**{"cidr-block-association.cidr-block": "10.4.0.0/16"})
    ) == {named_vpcs["db"]}
    assert vpc_ids(ec2, Filters=filters(cidr="10.2.0.0/24")) == set()


def test_vpc_filter_is_default_state_owner(ec2, named_vpcs):
    default = default_vpc_id(ec2)
    assert vpc_ids(ec2, Filters=filters(**{"is-default": "false"})) == set(named_vpcs.values())
    assert vpc_ids(ec2, Filters=filters(state="available")) >= {default}
    assert vpc_ids(ec2, Filters=filters(**{"owner-id": DEFAULT_ACCOUNT})) == set(
        named_vpcs.values()
    ) | {default}
    assert vpc_ids(ec2, Filters=filters(**{"owner-id": "999999999999"})) == set()


def test_vpc_filter_tag_name_exact(ec2, named_vpcs):
    assert vpc_ids(ec2, Filters=filters(**{"tag:Name": "web-1"})) == {named_vpcs["web-1"]}
    assert vpc_ids(ec2, Filters=filters(**{"tag:Name": ["web-1", "db"]})) == {
        named_vpcs["web-1"],
        named_vpcs["db"],
    }
    # values are case-sensitive
    assert vpc_ids(ec2, Filters=filters(**{"tag:Name": "WEB-1"})) == set()


def test_vpc_filter_tag_wildcards(ec2, named_vpcs):
    assert vpc_ids(ec2, Filters=filters(**{"tag:Name": "web-*"})) == {
        named_vpcs["web-1"],
        named_vpcs["web-2"],
        named_vpcs["web-10"],
    }
    assert vpc_ids(ec2, Filters=filters(**{"tag:Name": "web-?"})) == {
        named_vpcs["web-1"],
        named_vpcs["web-2"],
    }
    assert vpc_ids(ec2, Filters=filters(**{"tag:Name": "*b-1*"})) == {
        named_vpcs["web-1"],
        named_vpcs["web-10"],
    }
    assert vpc_ids(ec2, Filters=filters(**{"tag:Name": "?b"})) == {named_vpcs["db"]}


def test_vpc_filter_tag_key(ec2, named_vpcs):
    assert vpc_ids(ec2, Filters=filters(**{"tag-key": "env"})) == {
        named_vpcs["web-1"],
        named_vpcs["web-2"],
    }
    assert vpc_ids(ec2, Filters=filters(**{"tag-key": "env*"})) == {
        named_vpcs["web-1"],
        named_vpcs["web-2"],
        named_vpcs["db"],
    }
    assert vpc_ids(ec2, Filters=filters(**{"tag-key": "Owner"})) == {named_vpcs["web-10"]}


def test_vpc_filters_and_together(ec2, named_vpcs):
    got = vpc_ids(ec2, Filters=filters(**{"tag:Name": "web-*", "tag:env": "prod"}))
    assert got == {named_vpcs["web-1"]}
    got = vpc_ids(
        ec2,
        VpcIds=[named_vpcs["web-1"], named_vpcs["web-2"]],
        Filters=filters(**{"tag:env": "dev"}),
    )
    assert got == {named_vpcs["web-2"]}


def test_vpc_filter_without_match_is_empty_not_an_error(ec2, named_vpcs):
    assert ec2.describe_vpcs(Filters=filters(**{"tag:Name": "nothing"}))["Vpcs"] == []


def test_unknown_filter_name_is_invalid_parameter_value(ec2):
    # AWS: "InvalidParameterValue: The filter 'no-such-filter' is invalid"
    with raises_code("InvalidParameterValue"):
        ec2.describe_vpcs(Filters=filters(**{"no-such-filter": "x"}))
    with raises_code("InvalidParameterValue"):
        ec2.describe_subnets(Filters=filters(**{"no-such-filter": "x"}))


# --- DescribeSubnets ---------------------------------------------------------


@pytest.fixture
def subnet_world(ec2):
    zones = sorted(z["ZoneName"] for z in ec2.describe_availability_zones()["AvailabilityZones"])
    vpc = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    other = create_vpc(ec2, "10.9.0.0/16")["VpcId"]
    s = {
        "a": create_subnet(ec2, vpc, "10.0.1.0/24", AvailabilityZone=zones[0],
                           TagSpecifications=tag_spec("subnet", Name="app-a", tier="app"))["SubnetId"],
        "b": create_subnet(ec2, vpc, "10.0.2.0/24", AvailabilityZone=zones[1],
                           TagSpecifications=tag_spec("subnet", Name="app-b", tier="app"))["SubnetId"],
        "c": create_subnet(ec2, vpc, "10.0.3.0/28", AvailabilityZone=zones[1],
                           TagSpecifications=tag_spec("subnet", Name="db-c"))["SubnetId"],
        "x": create_subnet(ec2, other, "10.9.1.0/24", AvailabilityZone=zones[0])["SubnetId"],
    }
    return {"vpc": vpc, "other": other, "zones": zones, "subnets": s}


def test_subnet_filter_vpc_id(ec2, subnet_world):
    s = subnet_world["subnets"]
    assert subnet_ids(ec2, Filters=filters(**{"vpc-id": subnet_world["vpc"]})) == {
        s["a"], s["b"], s["c"]
    }


def test_subnet_filter_availability_zone(ec2, subnet_world):
    s, zones = subnet_world["subnets"], subnet_world["zones"]
    own = filters(**{"vpc-id": [subnet_world["vpc"], subnet_world["other"]]})
    assert subnet_ids(ec2, Filters=own + filters(**{"availability-zone": zones[1]})) == {
        s["b"], s["c"]
    }
    zone_id = {z["ZoneName"]: z["ZoneId"] for z in ec2.describe_availability_zones()["AvailabilityZones"]}[zones[0]]
    assert subnet_ids(ec2, Filters=own + filters(**{"availability-zone-id": zone_id})) == {
        s["a"], s["x"]
    }
    assert subnet_ids(ec2, Filters=own + filters(**{"availability-zone": "us-east-1*"})) == set(
        s.values()
    )


def test_subnet_filter_cidr_block(ec2, subnet_world):
    s = subnet_world["subnets"]
    assert subnet_ids(ec2, Filters=filters(**{"cidr-block": "10.0.3.0/28"})) == {s["c"]}
    assert subnet_ids(ec2, Filters=filters(**{"cidr-block": ["10.0.1.0/24", "10.9.1.0/24"]})) == {
        s["a"], s["x"]
    }


def test_subnet_filter_default_for_az_and_state(ec2, subnet_world):
    s = subnet_world["subnets"]
    mine = set(s.values())
    non_default = subnet_ids(ec2, Filters=filters(**{"default-for-az": "false"}))
    assert non_default == mine
    defaults = subnet_ids(ec2, Filters=filters(**{"default-for-az": "true"}))
    assert defaults and not (defaults & mine)
    assert subnet_ids(ec2, Filters=filters(state="available")) >= mine


def test_subnet_filter_tags_and_ids(ec2, subnet_world):
    s = subnet_world["subnets"]
    assert subnet_ids(ec2, Filters=filters(**{"tag:Name": "app-*"})) == {s["a"], s["b"]}
    assert subnet_ids(ec2, Filters=filters(**{"tag:Name": "app-?"})) == {s["a"], s["b"]}
    assert subnet_ids(ec2, Filters=filters(**{"tag-key": "tier"})) == {s["a"], s["b"]}
    assert subnet_ids(ec2, Filters=filters(**{"subnet-id": s["c"]})) == {s["c"]}
    assert subnet_ids(ec2, Filters=filters(**{"tag:tier": "app", "availability-zone": subnet_world["zones"][1]})) == {s["b"]}


# --- DescribeRouteTables -----------------------------------------------------


def test_route_table_filters(ec2):
    vpc = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    other = create_vpc(ec2, "10.1.0.0/16")["VpcId"]
    igw = create_attached_igw(ec2, vpc)
    main = main_route_table(ec2, vpc)["RouteTableId"]
    public = ec2.create_route_table(
        VpcId=vpc, TagSpecifications=tag_spec("route-table", Name="public")
    )["RouteTable"]["RouteTableId"]
    private = ec2.create_route_table(
        VpcId=vpc, TagSpecifications=tag_spec("route-table", Name="private")
    )["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=public, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    subnet = create_subnet(ec2, vpc, "10.0.1.0/24")["SubnetId"]
    assoc = ec2.associate_route_table(RouteTableId=public, SubnetId=subnet)["AssociationId"]

    assert rtb_ids(ec2, Filters=filters(**{"vpc-id": vpc})) == {main, public, private}
    assert rtb_ids(ec2, Filters=filters(**{"vpc-id": vpc, "association.main": "true"})) == {main}
    assert rtb_ids(ec2, Filters=filters(**{"vpc-id": vpc, "association.main": "false"})) == {public}
    assert rtb_ids(ec2, Filters=filters(**{"route.destination-cidr-block": "0.0.0.0/0",
                                           "vpc-id": vpc})) == {public}
    assert rtb_ids(ec2, Filters=filters(**{"route.destination-cidr-block": "10.0.0.0/16"})) == {
        main, public, private
    }
    assert rtb_ids(ec2, Filters=filters(**{"route.gateway-id": igw})) == {public}
    assert rtb_ids(ec2, Filters=filters(**{"route.origin": "CreateRoute", "vpc-id": vpc})) == {public}
    assert rtb_ids(ec2, Filters=filters(**{"route.state": "active", "vpc-id": other})) == {
        main_route_table(ec2, other)["RouteTableId"]
    }
    assert rtb_ids(ec2, Filters=filters(**{"association.subnet-id": subnet})) == {public}
    assert rtb_ids(ec2, Filters=filters(**{"association.route-table-association-id": assoc})) == {
        public
    }
    assert rtb_ids(ec2, Filters=filters(**{"route-table-id": [public, private]})) == {
        public, private
    }
    assert rtb_ids(ec2, Filters=filters(**{"tag:Name": "p*"})) == {public, private}
    assert rtb_ids(ec2, Filters=filters(**{"tag:Name": "pub?ic"})) == {public}
    assert rtb_ids(ec2, Filters=filters(**{"tag-key": "Name", "vpc-id": other})) == set()


# --- DescribeInternetGateways --------------------------------------------------


def test_internet_gateway_filters(ec2):
    vpc = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    attached = ec2.create_internet_gateway(
        TagSpecifications=tag_spec("internet-gateway", Name="edge-1")
    )["InternetGateway"]["InternetGatewayId"]
    loose = ec2.create_internet_gateway(
        TagSpecifications=tag_spec("internet-gateway", Name="edge-2", spare="yes")
    )["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=attached, VpcId=vpc)
    default_igws = igw_ids(ec2, Filters=filters(**{"attachment.vpc-id": default_vpc_id(ec2)}))
    assert len(default_igws) == 1

    assert igw_ids(ec2, Filters=filters(**{"attachment.vpc-id": vpc})) == {attached}
    assert igw_ids(ec2, Filters=filters(**{"attachment.state": "available"})) == {
        attached
    } | default_igws
    assert igw_ids(ec2, Filters=filters(**{"internet-gateway-id": loose})) == {loose}
    assert igw_ids(ec2, Filters=filters(**{"tag:Name": "edge-*"})) == {attached, loose}
    assert igw_ids(ec2, Filters=filters(**{"tag:Name": "edge-?"})) == {attached, loose}
    assert igw_ids(ec2, Filters=filters(**{"tag-key": "spare"})) == {loose}
    assert igw_ids(ec2, Filters=filters(**{"owner-id": DEFAULT_ACCOUNT})) == {
        attached, loose
    } | default_igws


# --- pagination ----------------------------------------------------------------


def test_describe_vpcs_paginator_returns_every_vpc_once(ec2):
    made = {create_vpc(ec2, f"10.{i}.0.0/16")["VpcId"] for i in range(25)}
    pages = list(
        ec2.get_paginator("describe_vpcs").paginate(PaginationConfig={"PageSize": 5})
    )
    assert len(pages) >= 6, "26 VPCs in pages of at most 5"
    seen = [v["VpcId"] for p in pages for v in p["Vpcs"]]
    assert all(len(p["Vpcs"]) <= 5 for p in pages)
    dupes = [k for k, n in Counter(seen).items() if n > 1]
    assert not dupes, f"VPCs returned twice: {dupes}"
    assert set(seen) == made | {default_vpc_id(ec2)}


def test_describe_vpcs_max_results_and_next_token(ec2):
    made = {create_vpc(ec2, f"10.{i}.0.0/16")["VpcId"] for i in range(12)}
    seen, kwargs, pages = [], {"MaxResults": 5}, 0
    while True:
        page = ec2.describe_vpcs(**kwargs)
        pages += 1
        assert len(page["Vpcs"]) <= 5
        seen += [v["VpcId"] for v in page["Vpcs"]]
        token = page.get("NextToken")
        if not token:
            break
        assert pages < 20, "NextToken never ends"
        kwargs["NextToken"] = token
    assert pages >= 3
    assert len(seen) == len(set(seen)) == 13
    assert set(seen) >= made


def test_pagination_with_a_filter(ec2):
    tagged = {
        create_vpc(ec2, f"10.{i}.0.0/16", TagSpecifications=tag_spec("vpc", group="g"))["VpcId"]
        for i in range(11)
    }
    for i in range(11, 15):
        create_vpc(ec2, f"10.{i}.0.0/16")
    pages = ec2.get_paginator("describe_vpcs").paginate(
        Filters=filters(**{"tag:group": "g"}), PaginationConfig={"PageSize": 5}
    )
    seen = [v["VpcId"] for p in pages for v in p["Vpcs"]]
    assert sorted(seen) == sorted(tagged)


def test_describe_subnets_paginator(ec2):
    vpc = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    made = {create_subnet(ec2, vpc, f"10.0.{i}.0/24")["SubnetId"] for i in range(12)}
    pages = list(
        ec2.get_paginator("describe_subnets").paginate(
            Filters=filters(**{"vpc-id": vpc}), PaginationConfig={"PageSize": 5}
        )
    )
    seen = [s["SubnetId"] for p in pages for s in p["Subnets"]]
    assert all(len(p["Subnets"]) <= 5 for p in pages)
    assert len(seen) == len(set(seen)) and set(seen) == made


def test_describe_route_tables_paginator(ec2):
    vpc = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    made = {ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"] for _ in range(11)}
    made.add(main_route_table(ec2, vpc)["RouteTableId"])
    pages = list(
        ec2.get_paginator("describe_route_tables").paginate(
            Filters=filters(**{"vpc-id": vpc}), PaginationConfig={"PageSize": 5}
        )
    )
    seen = [r["RouteTableId"] for p in pages for r in p["RouteTables"]]
    assert all(len(p["RouteTables"]) <= 5 for p in pages)
    assert len(seen) == len(set(seen)) and set(seen) == made


def test_describe_internet_gateways_paginator(ec2):
    made = {ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"] for _ in range(12)}
    pages = list(
        ec2.get_paginator("describe_internet_gateways").paginate(PaginationConfig={"PageSize": 5})
    )
    seen = [g["InternetGatewayId"] for p in pages for g in p["InternetGateways"]]
    assert all(len(p["InternetGateways"]) <= 5 for p in pages)
    assert len(seen) == len(set(seen))
    assert set(seen) >= made and len(set(seen) - made) == 1  # plus the default VPC's


def test_describe_tags_paginator(ec2):
    vpcs = [create_vpc(ec2, f"10.{i}.0.0/16")["VpcId"] for i in range(4)]
    ec2.create_tags(Resources=vpcs, Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"},
                                          {"Key": "c", "Value": "3"}])
    pages = list(ec2.get_paginator("describe_tags").paginate(PaginationConfig={"PageSize": 5}))
    rows = [(t["ResourceId"], t["Key"]) for p in pages for t in p["Tags"]]
    assert all(len(p["Tags"]) <= 5 for p in pages)
    assert sorted(rows) == sorted((v, k) for v in vpcs for k in "abc")


# DescribeVpcs/Subnets/InternetGateways: MaxResults 5..1000; DescribeRouteTables 5..100.
@pytest.mark.parametrize(
    "op,value",
    [
        ("describe_vpcs", 4),
        ("describe_vpcs", 1001),
        ("describe_subnets", 0),
        ("describe_route_tables", 101),
        ("describe_internet_gateways", 2),
    ],
)
def test_max_results_out_of_range(ec2_raw, op, value):
    with raises_code("InvalidParameterValue"):
        getattr(ec2_raw, op)(MaxResults=value)


def test_garbage_next_token_is_a_client_error(ec2):
    # AWS documents both InvalidNextToken and InvalidPaginationToken; which one
    # DescribeVpcs answers is not documented. UNSURE: accept either (or
    # InvalidParameterValue), but it must be a 4xx AWS error.
    for i in range(6):
        create_vpc(ec2, f"10.{i}.0.0/16")
    with raises_code("InvalidNextToken", "InvalidPaginationToken", "InvalidParameterValue"):
        ec2.describe_vpcs(MaxResults=5, NextToken="this-is-not-a-token")


# --- DryRun on describes --------------------------------------------------------


@pytest.mark.parametrize(
    "op",
    [
        "describe_vpcs",
        "describe_subnets",
        "describe_route_tables",
        "describe_internet_gateways",
        "describe_tags",
        "describe_availability_zones",
        "describe_regions",
    ],
)
def test_describe_dry_run(ec2, op):
    with raises_code("DryRunOperation"):
        getattr(ec2, op)(DryRun=True)
