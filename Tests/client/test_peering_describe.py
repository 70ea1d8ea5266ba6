"""DescribeVpcPeeringConnections: ids, every documented filter, pagination
and the shape of a connection (CidrBlockSet, Ipv6CidrBlockSet, OwnerId,
Region, PeeringOptions).

Filters documented in the EC2 API reference (and the botocore model):
accepter-vpc-info.cidr-block, accepter-vpc-info.owner-id,
accepter-vpc-info.vpc-id, expiration-time, requester-vpc-info.cidr-block,
requester-vpc-info.owner-id, requester-vpc-info.vpc-id, status-code,
status-message, tag:<key>, tag-key, vpc-peering-connection-id.
MaxResults: 5..1000.
"""

from __future__ import annotations

import datetime
from collections import Counter

import pytest

from lvpc import DEFAULT_ACCOUNT, create_vpc, filters, raises_code, tag_spec, xml_root, xml_texts
from peering_helpers import (
    ACCOUNT_B,
    MINUTE,
    NOT_FOUND,
    UNKNOWN_PCX,
    active_peering,
    describe_pcx,
    pcx_ids,
    request_peering,
    vpc_with_cidrs,
    wait_status,
)


@pytest.fixture
def world(ec2, client_factory, advance_clock):
    """
    ab: a -> b   active    Name=ab env=prod
    ac: a -> c   pending   Name=ac team=x
    da: d -> a   rejected  Name=da
    ae: a -> e   pending   cross-account (e in ACCOUNT_B), no tags, created a minute later
    """
    a = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    b = create_vpc(ec2, "10.1.0.0/16")["VpcId"]
    c = create_vpc(ec2, "10.2.0.0/16")["VpcId"]
    d = create_vpc(ec2, "10.3.0.0/16")["VpcId"]
    e = create_vpc(client_factory("ec2", account=ACCOUNT_B), "10.4.0.0/16")["VpcId"]

    def tagged(**tags):
        return {"TagSpecifications": tag_spec("vpc-peering-connection", **tags)}

    ab = active_peering(ec2, a, b, **tagged(Name="ab", env="prod"))
    ac = request_peering(ec2, a, c, **tagged(Name="ac", team="x"))["VpcPeeringConnectionId"]
    da = request_peering(ec2, d, a, **tagged(Name="da"))["VpcPeeringConnectionId"]
    ec2.reject_vpc_peering_connection(VpcPeeringConnectionId=da)
    wait_status(ec2, da, "rejected")
    advance_clock(MINUTE)  # so that ac and ae expire at different times
    ae = request_peering(ec2, a, e, PeerOwnerId=ACCOUNT_B)["VpcPeeringConnectionId"]
    return dict(a=a, b=b, c=c, d=d, e=e, ab=ab, ac=ac, da=da, ae=ae)


def got(ec2, **flt):
    return pcx_ids(ec2, Filters=filters(**flt))


# --- ids --------------------------------------------------------------------------


def test_unfiltered_describe_lists_them_all(ec2, world):
    assert pcx_ids(ec2) == {world[k] for k in ("ab", "ac", "da", "ae")}


def test_by_ids(ec2, world):
    out = ec2.describe_vpc_peering_connections(VpcPeeringConnectionIds=[world["ab"], world["da"]])
    assert {p["VpcPeeringConnectionId"] for p in out["VpcPeeringConnections"]} == {world["ab"], world["da"]}
    with raises_code(NOT_FOUND):
        ec2.describe_vpc_peering_connections(VpcPeeringConnectionIds=[world["ab"], UNKNOWN_PCX])


def test_ids_and_filters_together(ec2, world):
    out = ec2.describe_vpc_peering_connections(
        VpcPeeringConnectionIds=[world["ab"], world["ac"]],
        Filters=filters(**{"status-code": "pending-acceptance"}),
    )["VpcPeeringConnections"]
    assert [p["VpcPeeringConnectionId"] for p in out] == [world["ac"]]


# --- every documented filter -----------------------------------------------------------


def test_filter_status_code(ec2, world):
    assert got(ec2, **{"status-code": "active"}) == {world["ab"]}
    assert got(ec2, **{"status-code": "pending-acceptance"}) == {world["ac"], world["ae"]}
    assert got(ec2, **{"status-code": "rejected"}) == {world["da"]}
    assert got(ec2, **{"status-code": ["active", "rejected"]}) == {world["ab"], world["da"]}
    assert got(ec2, **{"status-code": "deleted"}) == set()


def test_filter_status_message(ec2, world):
    assert got(ec2, **{"status-message": "Active"}) == {world["ab"]}
    # "Pending Acceptance by <accepter account>" (CLI reference example)
    assert got(ec2, **{"status-message": f"Pending Acceptance by {DEFAULT_ACCOUNT}"}) == {world["ac"]}
    assert got(ec2, **{"status-message": f"Pending Acceptance by {ACCOUNT_B}"}) == {world["ae"]}
    assert got(ec2, **{"status-message": "Pending Acceptance by *"}) == {world["ac"], world["ae"]}
    message = describe_pcx(ec2, world["da"])["Status"]["Message"]
    assert world["da"] in got(ec2, **{"status-message": message})


def test_filter_expiration_time(ec2, raw, world):
    # The filter takes the timestamp as the API writes it. UNSURE (format): the
    # CLI reference example shows whole seconds ("2014-04-03T09:12:43.000Z"), so
    # the value is taken from the wire rather than rebuilt here.
    r = raw({"Action": "DescribeVpcPeeringConnections", "Version": "2016-11-15",
             "VpcPeeringConnectionId.1": world["ac"]})
    assert r.status_code == 200, r.text
    [wire] = xml_texts(xml_root(r), "expirationTime")
    assert got(ec2, **{"expiration-time": wire}) == {world["ac"]}
    expires = describe_pcx(ec2, world["ac"])["ExpirationTime"].astimezone(datetime.timezone.utc)
    assert got(ec2, **{"expiration-time": expires.strftime("%Y-%m-%dT%H:%M:*")}) == {world["ac"]}
    assert got(ec2, **{"expiration-time": "2001-01-01T00:00:00.000Z"}) == set()
    # only pending requests have one
    assert got(ec2, **{"expiration-time": "*"}) <= {world["ac"], world["ae"]}


def test_filter_requester_vpc_info(ec2, world):
    assert got(ec2, **{"requester-vpc-info.vpc-id": world["a"]}) == {world["ab"], world["ac"], world["ae"]}
    assert got(ec2, **{"requester-vpc-info.vpc-id": world["d"]}) == {world["da"]}
    assert got(ec2, **{"requester-vpc-info.owner-id": DEFAULT_ACCOUNT}) == {
        world[k] for k in ("ab", "ac", "da", "ae")
    }
    assert got(ec2, **{"requester-vpc-info.owner-id": ACCOUNT_B}) == set()
    # The requester's own CIDR is shown on pending requests too (CLI reference example).
    assert got(ec2, **{"requester-vpc-info.cidr-block": "10.0.0.0/16"}) == {world["ab"], world["ac"], world["ae"]}
    assert got(ec2, **{"requester-vpc-info.cidr-block": "10.0.0.0/24"}) == set()


def test_filter_accepter_vpc_info(ec2, world):
    assert got(ec2, **{"accepter-vpc-info.vpc-id": world["b"]}) == {world["ab"]}
    assert got(ec2, **{"accepter-vpc-info.vpc-id": [world["c"], world["e"]]}) == {world["ac"], world["ae"]}
    assert got(ec2, **{"accepter-vpc-info.vpc-id": world["a"]}) == {world["da"]}
    assert got(ec2, **{"accepter-vpc-info.owner-id": ACCOUNT_B}) == {world["ae"]}
    assert got(ec2, **{"accepter-vpc-info.owner-id": DEFAULT_ACCOUNT}) == {world["ab"], world["ac"], world["da"]}
    # CIDR information of the accepter is returned for active connections
    # (VpcPeeringConnection.AccepterVpcInfo docs); ab is the only one to b.
    assert got(ec2, **{"accepter-vpc-info.cidr-block": "10.1.0.0/16"}) == {world["ab"]}


def test_filter_vpc_peering_connection_id(ec2, world):
    assert got(ec2, **{"vpc-peering-connection-id": world["ab"]}) == {world["ab"]}
    assert got(ec2, **{"vpc-peering-connection-id": [world["ab"], world["ae"]]}) == {world["ab"], world["ae"]}
    assert got(ec2, **{"vpc-peering-connection-id": UNKNOWN_PCX}) == set()


def test_filter_tags(ec2, world):
    assert got(ec2, **{"tag:Name": "ab"}) == {world["ab"]}
    assert got(ec2, **{"tag:Name": ["ab", "da"]}) == {world["ab"], world["da"]}
    assert got(ec2, **{"tag:Name": "a*"}) == {world["ab"], world["ac"]}
    assert got(ec2, **{"tag:Name": "?a"}) == {world["da"]}
    assert got(ec2, **{"tag:Name": "AB"}) == set()  # values are case-sensitive
    assert got(ec2, **{"tag:env": "prod"}) == {world["ab"]}
    assert got(ec2, **{"tag-key": "team"}) == {world["ac"]}
    assert got(ec2, **{"tag-key": "Name"}) == {world["ab"], world["ac"], world["da"]}
    assert got(ec2, **{"tag-key": "nothing"}) == set()


def test_filters_and_together_values_or(ec2, world):
    assert got(ec2, **{"requester-vpc-info.vpc-id": world["a"], "status-code": "pending-acceptance"}) == {
        world["ac"],
        world["ae"],
    }
    assert got(ec2, **{"requester-vpc-info.vpc-id": world["a"], "tag:Name": "ac"}) == {world["ac"]}
    assert got(ec2, **{"status-code": "active", "tag:Name": "ac"}) == set()


def test_filter_without_match_is_empty_not_an_error(ec2, world):
    out = ec2.describe_vpc_peering_connections(Filters=filters(**{"tag:Name": "nothing"}))
    assert out["VpcPeeringConnections"] == []


def test_unknown_filter_name_is_invalid_parameter_value(ec2, world):
    # As for the other describes: "InvalidParameterValue: The filter 'x' is invalid"
    with raises_code("InvalidParameterValue"):
        ec2.describe_vpc_peering_connections(Filters=filters(**{"no-such-filter": "x"}))


def test_the_accepter_account_filters_its_view(client_factory, world):
    b = client_factory("ec2", account=ACCOUNT_B)
    wait_status(b, world["ae"], "pending-acceptance")
    assert pcx_ids(b) == {world["ae"]}
    assert pcx_ids(b, Filters=filters(**{"accepter-vpc-info.owner-id": ACCOUNT_B})) == {world["ae"]}
    assert pcx_ids(b, Filters=filters(**{"requester-vpc-info.owner-id": DEFAULT_ACCOUNT})) == {world["ae"]}
    assert pcx_ids(b, Filters=filters(**{"status-code": "active"})) == set()


# --- pagination ----------------------------------------------------------------------


@pytest.fixture
def seven(ec2):
    hub = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    made = set()
    for i in range(7):
        spoke = create_vpc(ec2, f"10.{i + 1}.0.0/16")["VpcId"]
        made.add(request_peering(ec2, hub, spoke)["VpcPeeringConnectionId"])
    return made


def test_max_results_and_next_token(ec2, seven):
    seen, kwargs, pages = [], {"MaxResults": 5}, 0
    while True:
        page = ec2.describe_vpc_peering_connections(**kwargs)
        pages += 1
        assert len(page["VpcPeeringConnections"]) <= 5
        seen += [p["VpcPeeringConnectionId"] for p in page["VpcPeeringConnections"]]
        token = page.get("NextToken")
        if not token:
            break
        assert pages < 10, "NextToken never ends"
        kwargs["NextToken"] = token
    assert pages == 2
    assert len(seen) == len(set(seen)) == 7
    assert set(seen) == seven


def test_paginator_with_a_filter(ec2, seven):
    some = sorted(seven)[:3]
    for pcx in some:
        ec2.create_tags(Resources=[pcx], Tags=[{"Key": "pick", "Value": "yes"}])
    pages = list(
        ec2.get_paginator("describe_vpc_peering_connections").paginate(PaginationConfig={"PageSize": 5})
    )
    seen = [p["VpcPeeringConnectionId"] for page in pages for p in page["VpcPeeringConnections"]]
    assert all(len(page["VpcPeeringConnections"]) <= 5 for page in pages)
    dupes = [k for k, n in Counter(seen).items() if n > 1]
    assert not dupes and set(seen) == seven
    pages = ec2.get_paginator("describe_vpc_peering_connections").paginate(
        Filters=filters(**{"tag:pick": "yes"}), PaginationConfig={"PageSize": 5}
    )
    assert sorted(p["VpcPeeringConnectionId"] for page in pages for p in page["VpcPeeringConnections"]) == some


@pytest.mark.parametrize("value", [4, 1001])
def test_max_results_out_of_range(ec2_raw, value):
    with raises_code("InvalidParameterValue"):
        ec2_raw.describe_vpc_peering_connections(MaxResults=value)


def test_dry_run(ec2):
    with raises_code("DryRunOperation"):
        ec2.describe_vpc_peering_connections(DryRun=True)


# --- the shape of a connection --------------------------------------------------------


def test_shape_of_an_active_connection(ec2):
    a = vpc_with_cidrs(ec2, "10.0.0.0/16", "10.5.0.0/16")
    b = create_vpc(ec2, "10.1.0.0/16", AmazonProvidedIpv6CidrBlock=True)["VpcId"]
    b_ipv6 = [
        x["Ipv6CidrBlock"]
        for x in ec2.describe_vpcs(VpcIds=[b])["Vpcs"][0].get("Ipv6CidrBlockAssociationSet", [])
    ]
    assert len(b_ipv6) == 1
    pcx = active_peering(ec2, a, b)
    d = describe_pcx(ec2, pcx)
    assert set(d) >= {"VpcPeeringConnectionId", "Status", "RequesterVpcInfo", "AccepterVpcInfo"}
    assert d["Status"] == {"Code": "active", "Message": "Active"}
    req, acc = d["RequesterVpcInfo"], d["AccepterVpcInfo"]
    assert req["VpcId"] == a and acc["VpcId"] == b
    assert req["OwnerId"] == acc["OwnerId"] == DEFAULT_ACCOUNT
    assert req["Region"] == acc["Region"] == "us-east-1"
    assert req["CidrBlock"] == "10.0.0.0/16"
    assert sorted(c["CidrBlock"] for c in req["CidrBlockSet"]) == ["10.0.0.0/16", "10.5.0.0/16"]
    assert req.get("Ipv6CidrBlockSet", []) == []
    assert acc["CidrBlock"] == "10.1.0.0/16"
    assert [c["CidrBlock"] for c in acc["CidrBlockSet"]] == ["10.1.0.0/16"]
    assert [c["Ipv6CidrBlock"] for c in acc["Ipv6CidrBlockSet"]] == b_ipv6
    for side in (req, acc):
        assert side["PeeringOptions"]["AllowDnsResolutionFromRemoteVpc"] is False
    assert d.get("Tags", []) == []


def test_shape_of_a_pending_request(ec2):
    a = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    b = create_vpc(ec2, "10.1.0.0/16")["VpcId"]
    d = request_peering(ec2, a, b)
    assert isinstance(d["ExpirationTime"], datetime.datetime)
    assert d["RequesterVpcInfo"]["CidrBlock"] == "10.0.0.0/16"
    assert {"OwnerId", "VpcId", "Region"} <= set(d["AccepterVpcInfo"])


def test_wire_format(raw, ec2):
    a = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    b = create_vpc(ec2, "10.1.0.0/16")["VpcId"]
    pcx = active_peering(ec2, a, b)
    r = raw({"Action": "DescribeVpcPeeringConnections", "Version": "2016-11-15", "VpcPeeringConnectionId.1": pcx})
    assert r.status_code == 200, r.text
    root = xml_root(r)
    assert xml_texts(root, "vpcPeeringConnectionId") == [pcx]
    assert sorted(xml_texts(root, "vpcId")) == sorted([a, b])
    assert xml_texts(root, "code") == ["active"]
    for element in ("requesterVpcInfo", "accepterVpcInfo", "cidrBlockSet", "peeringOptions", "region", "ownerId"):
        assert xml_texts(root, element), f"<{element}> missing: {r.text[:2000]}"
    assert set(xml_texts(root, "allowDnsResolutionFromRemoteVpc")) == {"false"}
