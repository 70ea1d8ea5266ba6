"""VPC peering lifecycle in one account and region: create, accept, reject,
delete, expiry after 7 days, how long ended connections stay visible, CIDR
overlap and wrong PeerOwnerId (status `failed`, not an error), duplicates,
quotas, DryRun, unknown and malformed ids, and DeleteVpc while peered.

Time moves with POST /_localvpc/clock (the `advance_clock` fixture), never by
sleeping. Lifecycle and visibility windows: VPC Peering Guide, "VPC peering
connection lifecycle" (see peering_helpers.py).
"""

from __future__ import annotations

import datetime

import pytest

from lvpc import (
    DEFAULT_ACCOUNT,
    UNKNOWN_IDS,
    ServerProcess,
    create_vpc,
    filters,
    make_boto_client,
    raises_code,
    tag_spec,
    tags_of,
)
from peering_helpers import (
    ACCOUNT_B,
    DAY,
    FAILED_MESSAGE,
    HOUR,
    MALFORMED,
    MINUTE,
    NOT_FOUND,
    PCX_ID,
    SEVEN_DAYS,
    UNKNOWN_PCX,
    accept,
    active_peering,
    attempt,
    assert_not_visible,
    default_vpc_id,
    describe_pcx,
    pcx_ids,
    request_peering,
    status_of,
    vpc_with_cidrs,
    wait_status,
)


@pytest.fixture
def a(ec2):
    return create_vpc(ec2, "10.0.0.0/16", name="a")["VpcId"]


@pytest.fixture
def b(ec2):
    return create_vpc(ec2, "10.1.0.0/16", name="b")["VpcId"]


@pytest.fixture
def pending(ec2, a, b):
    return request_peering(ec2, a, b)["VpcPeeringConnectionId"]


# --- create / accept / reject / delete -----------------------------------------


def test_create_answers_the_request_and_it_awaits_acceptance(ec2, a, b, server_now):
    before = server_now()
    out = ec2.create_vpc_peering_connection(VpcId=a, PeerVpcId=b)["VpcPeeringConnection"]
    pcx = out["VpcPeeringConnectionId"]
    assert PCX_ID.fullmatch(pcx), pcx
    # The CLI reference's create example answers "initiating-request"
    # ("Initiating Request to 444455556666"); pending-acceptance follows.
    assert out["Status"]["Code"] in ("initiating-request", "pending-acceptance"), out["Status"]
    assert out["RequesterVpcInfo"]["VpcId"] == a
    assert out["RequesterVpcInfo"]["OwnerId"] == DEFAULT_ACCOUNT
    assert out["AccepterVpcInfo"]["VpcId"] == b
    assert out["AccepterVpcInfo"]["OwnerId"] == DEFAULT_ACCOUNT

    d = wait_status(ec2, pcx, "pending-acceptance")
    # CLI reference (describe-vpc-peering-connections example):
    # "Message": "Pending Acceptance by 444455556666"
    assert d["Status"]["Message"] == f"Pending Acceptance by {DEFAULT_ACCOUNT}"
    assert d["RequesterVpcInfo"]["Region"] == "us-east-1"
    assert d["AccepterVpcInfo"]["Region"] == "us-east-1"
    # "The VPC peering connection request expires after 7 days" (CreateVpcPeeringConnection)
    expires = d["ExpirationTime"]
    assert isinstance(expires, datetime.datetime)
    expected = before + datetime.timedelta(days=7)
    assert abs((expires - expected).total_seconds()) < 5 * MINUTE, (expires, expected)


def test_create_with_tags(ec2, a, b):
    out = ec2.create_vpc_peering_connection(
        VpcId=a, PeerVpcId=b, TagSpecifications=tag_spec("vpc-peering-connection", Name="a-b", env="dev")
    )["VpcPeeringConnection"]
    assert tags_of(out) == {"Name": "a-b", "env": "dev"}
    assert tags_of(describe_pcx(ec2, out["VpcPeeringConnectionId"])) == {"Name": "a-b", "env": "dev"}


def test_accept_makes_it_active(ec2, a, b, pending):
    out = ec2.accept_vpc_peering_connection(VpcPeeringConnectionId=pending)["VpcPeeringConnection"]
    assert out["VpcPeeringConnectionId"] == pending
    # The answer may still say provisioning ("will soon be in the active state").
    assert out["Status"]["Code"] in ("provisioning", "active"), out["Status"]
    d = wait_status(ec2, pending, "active")
    assert d["Status"]["Message"] == "Active"  # CLI reference example
    assert d["RequesterVpcInfo"]["VpcId"] == a and d["AccepterVpcInfo"]["VpcId"] == b
    # CIDR information is returned for an active connection (VpcPeeringConnection docs).
    assert d["RequesterVpcInfo"]["CidrBlock"] == "10.0.0.0/16"
    assert d["AccepterVpcInfo"]["CidrBlock"] == "10.1.0.0/16"


def test_blocks_added_beside_a_peering_follow_the_user_guides_rules(ec2, a):
    """VPC User Guide, "IPv4 CIDR block association restrictions": while the request is pending-acceptance "the owner
    of the requester VPC cannot add any CIDR block"; a block the accepter adds that overlaps the requester makes the
    request fail, "and cannot be accepted"; while a connection is active a block may be added "provided they do not
    overlap with a CIDR block of the peer VPC"."""
    accepter = create_vpc(ec2, "10.8.0.0/16", name="accepter")["VpcId"]
    pending = request_peering(ec2, a, accepter)["VpcPeeringConnectionId"]
    with raises_code("OperationNotPermitted"):
        ec2.associate_vpc_cidr_block(VpcId=a, CidrBlock="10.5.0.0/16")
    # The accepter adds a block inside a's 10.0.0.0/16.
    ec2.associate_vpc_cidr_block(VpcId=accepter, CidrBlock="10.0.0.0/24")
    out = ec2.accept_vpc_peering_connection(VpcPeeringConnectionId=pending)["VpcPeeringConnection"]
    assert out["Status"]["Code"] == "failed", out["Status"]
    assert describe_pcx(ec2, pending)["Status"] == {"Code": "failed", "Message": FAILED_MESSAGE}

    c = create_vpc(ec2, "10.2.0.0/16", name="c")["VpcId"]
    d = create_vpc(ec2, "10.3.0.0/16", name="d")["VpcId"]
    active_peering(ec2, c, d)
    ec2.associate_vpc_cidr_block(VpcId=d, CidrBlock="10.6.0.0/16")
    for overlapping in ("10.6.0.0/24", "10.3.0.0/16"):
        with raises_code("InvalidVpc.Range"):
            ec2.associate_vpc_cidr_block(VpcId=c, CidrBlock=overlapping)
    ec2.associate_vpc_cidr_block(VpcId=c, CidrBlock="10.7.0.0/16")


def test_reject_makes_it_rejected(ec2, pending):
    assert ec2.reject_vpc_peering_connection(VpcPeeringConnectionId=pending)["Return"] is True
    wait_status(ec2, pending, "rejected")


def test_requester_deletes_its_pending_request(ec2, pending):
    assert ec2.delete_vpc_peering_connection(VpcPeeringConnectionId=pending)["Return"] is True
    wait_status(ec2, pending, "deleted")


def test_delete_active(ec2, a, b):
    pcx = active_peering(ec2, a, b)
    assert ec2.delete_vpc_peering_connection(VpcPeeringConnectionId=pcx)["Return"] is True
    d = wait_status(ec2, pcx, "deleted")
    assert d["RequesterVpcInfo"]["VpcId"] == a and d["AccepterVpcInfo"]["VpcId"] == b


def test_a_new_peering_after_delete(ec2, a, b):
    first = active_peering(ec2, a, b)
    ec2.delete_vpc_peering_connection(VpcPeeringConnectionId=first)
    wait_status(ec2, first, "deleted")
    second = active_peering(ec2, a, b)
    assert second != first
    assert status_of(ec2, first) == "deleted"


# --- terminal states refuse every action ----------------------------------------


def _in_state(ec2, advance_clock, state: str) -> str:
    a = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    b = create_vpc(ec2, "10.0.0.0/16" if state == "failed" else "10.1.0.0/16")["VpcId"]
    if state == "failed":
        return request_peering(ec2, a, b, expect="failed")["VpcPeeringConnectionId"]
    pcx = request_peering(ec2, a, b)["VpcPeeringConnectionId"]
    if state == "active":
        accept(ec2, pcx)
    elif state == "rejected":
        ec2.reject_vpc_peering_connection(VpcPeeringConnectionId=pcx)
    elif state == "deleted":
        ec2.delete_vpc_peering_connection(VpcPeeringConnectionId=pcx)
    elif state == "expired":
        advance_clock(SEVEN_DAYS + HOUR)
    wait_status(ec2, pcx, state)
    return pcx


@pytest.mark.parametrize(
    "state,action",
    [
        # EC2 error-code table, InvalidStateTransition: "you may be trying to
        # accept a VPC peering request that has failed, or that was rejected".
        ("failed", "accept"),
        ("rejected", "accept"),
        # Real AWS (terraform #2322, #7465; aws-nuke #723): "InvalidStateTransition:
        # Invalid state transition for pcx-…, attempted to transition from failed
        # (rejected) to deleting".
        ("failed", "delete"),
        ("rejected", "delete"),
        # UNSURE: the guide says these cannot be acted on ("cannot be accepted,
        # rejected, or deleted", "no action can be taken on it by either VPC
        # owner"); that the code is InvalidStateTransition is inferred from the
        # cases above.
        ("failed", "reject"),
        ("rejected", "reject"),
        ("deleted", "accept"),
        ("deleted", "reject"),
        ("deleted", "delete"),
        ("expired", "accept"),
        ("expired", "reject"),
        ("expired", "delete"),
        # UNSURE (code): "either of the VPC owners can delete the VPC peering
        # connection, but cannot reject it".
        ("active", "reject"),
    ],
)
def test_state_refuses_action(ec2, advance_clock, state, action):
    pcx = _in_state(ec2, advance_clock, state)
    call = getattr(ec2, f"{action}_vpc_peering_connection")
    # A refused delete is "... to deleting", which Terraform's provider matches to finish a destroy.
    ending = rf"attempted to transition from {state} to deleting$" if action == "delete" else None
    with raises_code("InvalidStateTransition", message=ending):
        call(VpcPeeringConnectionId=pcx)
    assert status_of(ec2, pcx) == state


# --- expiry and visibility windows (the server's clock) ------------------------


def test_pending_request_expires_after_7_days(ec2, pending, advance_clock):
    advance_clock(SEVEN_DAYS - 10 * MINUTE)
    assert status_of(ec2, pending) == "pending-acceptance"
    advance_clock(20 * MINUTE)
    wait_status(ec2, pending, "expired")
    with raises_code("InvalidStateTransition"):  # UNSURE (code), see above
        ec2.accept_vpc_peering_connection(VpcPeeringConnectionId=pending)


def test_expired_stays_visible_for_2_days(ec2, pending, advance_clock):
    # "The expired VPC peering connection remains visible to both VPC owners for 2 days"
    advance_clock(SEVEN_DAYS + MINUTE)
    wait_status(ec2, pending, "expired")
    advance_clock(2 * DAY - 10 * MINUTE)
    assert status_of(ec2, pending) == "expired"
    assert pending in pcx_ids(ec2, Filters=filters(**{"status-code": "expired"}))
    advance_clock(20 * MINUTE)
    assert_not_visible(ec2, pending)


def test_accepted_request_does_not_expire(ec2, pending, advance_clock):
    accept(ec2, pending)
    advance_clock(SEVEN_DAYS + DAY)
    assert status_of(ec2, pending) == "active"


def test_deleted_stays_visible_for_2_hours_in_one_account(ec2, a, b, advance_clock):
    # "If the VPC peering connection was created within the same AWS account,
    # the deleted request remains visible for 2 hours."
    pcx = active_peering(ec2, a, b)
    ec2.delete_vpc_peering_connection(VpcPeeringConnectionId=pcx)
    wait_status(ec2, pcx, "deleted")
    advance_clock(2 * HOUR - 10 * MINUTE)
    assert status_of(ec2, pcx) == "deleted"
    assert pcx in pcx_ids(ec2)
    assert pcx in pcx_ids(ec2, Filters=filters(**{"status-code": "deleted"}))
    advance_clock(20 * MINUTE)
    assert_not_visible(ec2, pcx)
    assert pcx not in pcx_ids(ec2, Filters=filters(**{"status-code": "deleted"}))


def test_rejected_stays_visible_for_2_hours_in_one_account(ec2, pending, advance_clock):
    # "If the request was created within the same AWS account, the rejected
    # request remains visible for 2 hours."
    ec2.reject_vpc_peering_connection(VpcPeeringConnectionId=pending)
    wait_status(ec2, pending, "rejected")
    advance_clock(2 * HOUR - 10 * MINUTE)
    assert status_of(ec2, pending) == "rejected"
    advance_clock(20 * MINUTE)
    assert_not_visible(ec2, pending)


def test_failed_stays_visible_to_the_requester_for_2_hours(ec2, a, advance_clock):
    # "The failed VPC peering connection remains visible to the requester for 2 hours."
    twin = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    pcx = request_peering(ec2, a, twin, expect="failed")["VpcPeeringConnectionId"]
    advance_clock(2 * HOUR - 10 * MINUTE)
    assert status_of(ec2, pcx) == "failed"
    advance_clock(20 * MINUTE)
    assert_not_visible(ec2, pcx)


def test_clock_endpoint_moves_time_forward(server_now, advance_clock):
    t0 = server_now()
    assert abs((t0 - datetime.datetime.now(datetime.timezone.utc)).total_seconds()) < 5 * MINUTE
    t1 = advance_clock(HOUR)
    assert HOUR - 1 <= (t1 - t0).total_seconds() < HOUR + MINUTE
    assert (server_now() - t1).total_seconds() >= 0


# --- failed, not refused: overlapping CIDRs, wrong owner -----------------------


@pytest.mark.parametrize(
    "requester_cidrs,accepter_cidrs",
    [
        (["10.0.0.0/16"], ["10.0.0.0/16"]),  # same primary block
        (["10.0.0.0/16"], ["10.0.128.0/17"]),  # accepter primary inside requester primary
        (["10.0.0.0/24"], ["10.0.0.0/16"]),  # requester primary inside accepter primary
        (["10.0.0.0/16", "10.5.0.0/16"], ["10.5.0.0/24"]),  # requester secondary
        # accepter secondary (its primary is outside 10.0.0.0/15, or the User Guide's table refuses the secondary)
        (["10.0.0.0/16"], ["10.8.0.0/16", "10.0.64.0/18"]),
        (["10.0.0.0/16", "10.5.0.0/16"], ["10.1.0.0/16", "10.5.8.0/21"]),  # secondary vs secondary
    ],
    ids=["same-primary", "nested", "nested-other-way", "req-secondary", "acc-secondary", "secondaries"],
)
def test_overlapping_cidrs_make_it_fail_not_error(ec2, requester_cidrs, accepter_cidrs):
    # "If you create a VPC peering connection request between VPCs with
    # overlapping CIDR blocks, the VPC peering connection has a status of
    # failed." (CreateVpcPeeringConnection); "If you have multiple IPv4 CIDR
    # blocks, you can't create a VPC peering connection if any of the CIDR
    # blocks overlap" (VPC peering limitations).
    req = vpc_with_cidrs(ec2, *requester_cidrs)
    acc = vpc_with_cidrs(ec2, *accepter_cidrs)
    d = request_peering(ec2, req, acc, expect="failed")
    assert d["Status"]["Message"] == FAILED_MESSAGE
    with raises_code("InvalidStateTransition"):
        ec2.accept_vpc_peering_connection(VpcPeeringConnectionId=d["VpcPeeringConnectionId"])


def test_ipv4_overlap_fails_even_with_distinct_ipv6_blocks(ec2):
    # "If they overlap, the status of the VPC peering connection immediately
    # goes to failed. This limitation applies even if the VPCs have unique IPv6
    # CIDR blocks." (Create a VPC peering connection, prerequisites)
    a = create_vpc(ec2, "10.0.0.0/16", AmazonProvidedIpv6CidrBlock=True)["VpcId"]
    b = create_vpc(ec2, "10.0.0.0/16", AmazonProvidedIpv6CidrBlock=True)["VpcId"]
    d = request_peering(ec2, a, b, expect="failed")
    assert d["Status"]["Message"] == FAILED_MESSAGE


def test_wrong_peer_owner_makes_it_fail_not_error(ec2, a, b):
    # b belongs to this account, not to ACCOUNT_B: "Failed due to incorrect
    # VPC-ID, Account ID, or overlapping CIDR range".
    d = request_peering(ec2, a, b, PeerOwnerId=ACCOUNT_B, expect="failed")
    assert d["Status"]["Message"] == FAILED_MESSAGE
    assert d["AccepterVpcInfo"]["OwnerId"] == ACCOUNT_B


def test_unknown_requester_vpc_is_not_found(ec2, b):
    with raises_code("InvalidVpcID.NotFound"):
        ec2.create_vpc_peering_connection(VpcId=UNKNOWN_IDS["vpc"], PeerVpcId=b)


def test_requester_vpc_of_another_account_is_not_found(ec2, client_factory, b):
    other = create_vpc(client_factory("ec2", account=ACCOUNT_B), "10.9.0.0/16")["VpcId"]
    with raises_code("InvalidVpcID.NotFound"):
        ec2.create_vpc_peering_connection(VpcId=other, PeerVpcId=b)


def test_a_vpc_cannot_peer_with_itself(ec2, a):
    # UNSURE (code): AWS documents that a VPC cannot peer with itself but not the
    # code; InvalidParameterValue is what EC2 uses for an unusable value.
    with raises_code("InvalidParameterValue"):
        ec2.create_vpc_peering_connection(VpcId=a, PeerVpcId=a)
    assert pcx_ids(ec2) == set()


# --- one pending-or-active connection per pair ---------------------------------


@pytest.mark.parametrize("state", ["pending-acceptance", "active"])
def test_same_request_again_answers_the_existing_connection(ec2, a, b, pending, state):
    # Terraform's aws_vpc_peering_connection docs (hashicorp/terraform-provider-aws
    # #27750/#27751): "Creating multiple aws_vpc_peering_connection resources with
    # the same peer_vpc_id and vpc_id will not produce an error. Instead, AWS will
    # return the connection id that already exists".
    if state == "active":
        accept(ec2, pending)
    again = ec2.create_vpc_peering_connection(VpcId=a, PeerVpcId=b)["VpcPeeringConnection"]
    assert again["VpcPeeringConnectionId"] == pending
    assert pcx_ids(ec2) == {pending}
    assert status_of(ec2, pending) == state


def test_reverse_request_while_active_cannot_be_accepted(ec2, a, b, pending):
    # Real AWS (hashicorp/terraform-provider-aws #44315; ansible community.aws
    # #580): with A->B active, CreateVpcPeeringConnection B->A succeeds, and
    # AcceptVpcPeeringConnection of it answers "VpcPeeringConnectionAlreadyExists:
    # The vpc peering connection identified by pcx-… already exists."
    accept(ec2, pending)
    reverse = request_peering(ec2, b, a)["VpcPeeringConnectionId"]
    assert reverse != pending
    with raises_code("VpcPeeringConnectionAlreadyExists"):
        ec2.accept_vpc_peering_connection(VpcPeeringConnectionId=reverse)
    assert status_of(ec2, pending) == "active"
    assert status_of(ec2, reverse) == "pending-acceptance"


def test_reverse_request_while_pending_never_gives_two_active(ec2, a, b, pending):
    # UNSURE (which call refuses): with A->B pending, AWS either refuses B->A at
    # once or lets it be created and refuses the second accept; either way the
    # code is VpcPeeringConnectionAlreadyExists and only one becomes active.
    reverse = attempt(
        "VpcPeeringConnectionAlreadyExists", ec2.create_vpc_peering_connection, VpcId=b, PeerVpcId=a
    )
    if reverse is None:
        return
    reverse_id = reverse["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    assert reverse_id != pending
    wait_status(ec2, reverse_id, "pending-acceptance")
    accept(ec2, pending)
    with raises_code("VpcPeeringConnectionAlreadyExists"):
        ec2.accept_vpc_peering_connection(VpcPeeringConnectionId=reverse_id)
    assert status_of(ec2, reverse_id) == "pending-acceptance"


def test_ended_connections_do_not_block_a_new_one(ec2, a, b, pending):
    ec2.reject_vpc_peering_connection(VpcPeeringConnectionId=pending)
    wait_status(ec2, pending, "rejected")
    fresh = request_peering(ec2, a, b)["VpcPeeringConnectionId"]
    assert fresh != pending
    accept(ec2, fresh)


# --- DryRun, unknown and malformed ids ------------------------------------------


def test_dry_run_changes_nothing(ec2, a, b, pending):
    c = create_vpc(ec2, "10.2.0.0/16")["VpcId"]
    with raises_code("DryRunOperation"):
        ec2.create_vpc_peering_connection(VpcId=a, PeerVpcId=c, DryRun=True)
    assert pcx_ids(ec2) == {pending}
    with raises_code("DryRunOperation"):
        ec2.accept_vpc_peering_connection(VpcPeeringConnectionId=pending, DryRun=True)
    with raises_code("DryRunOperation"):
        ec2.reject_vpc_peering_connection(VpcPeeringConnectionId=pending, DryRun=True)
    with raises_code("DryRunOperation"):
        ec2.delete_vpc_peering_connection(VpcPeeringConnectionId=pending, DryRun=True)
    with raises_code("DryRunOperation"):
        ec2.describe_vpc_peering_connections(DryRun=True)
    assert status_of(ec2, pending) == "pending-acceptance"


@pytest.mark.parametrize("action", ["accept", "reject", "delete"])
def test_unknown_id_is_not_found(ec2, action):
    # EC2 error-code table: "InvalidVpcPeeringConnectionID.NotFound — The
    # specified VPC peering connection ID does not exist."
    with raises_code(NOT_FOUND):
        getattr(ec2, f"{action}_vpc_peering_connection")(VpcPeeringConnectionId=UNKNOWN_PCX)


def test_describe_unknown_id_is_not_found(ec2, pending):
    with raises_code(NOT_FOUND):
        ec2.describe_vpc_peering_connections(VpcPeeringConnectionIds=[UNKNOWN_PCX])
    with raises_code(NOT_FOUND):
        ec2.describe_vpc_peering_connections(VpcPeeringConnectionIds=[pending, UNKNOWN_PCX])


@pytest.mark.parametrize("bad", ["pcx-xyz", "not-a-pcx", "vpc-0123456789abcdef0", "pcx_0123456789abcdef0"])
@pytest.mark.parametrize("action", ["describe", "accept", "reject", "delete"])
def test_malformed_id(ec2, action, bad):
    # EC2 error-code table: "InvalidVpcPeeringConnectionId.Malformed — … Ensure
    # that you provide the ID in the form pcx-xxxxxxxxxxxxxxxxx." (lower-case Id)
    with raises_code(MALFORMED):
        if action == "describe":
            ec2.describe_vpc_peering_connections(VpcPeeringConnectionIds=[bad])
        else:
            getattr(ec2, f"{action}_vpc_peering_connection")(VpcPeeringConnectionId=bad)


# --- DeleteVpc while peered -----------------------------------------------------


@pytest.mark.parametrize("state", ["pending-acceptance", "active"])
@pytest.mark.parametrize("side", ["requester", "accepter"])
def test_delete_vpc_while_peered_is_dependency_violation(ec2, a, b, pending, state, side):
    # Real AWS: DeleteVpc of a VPC with an active peering keeps answering
    # "DependencyViolation: The vpc 'vpc-…' has dependencies and cannot be
    # deleted" until the peering is deleted (hashicorp/terraform-provider-aws
    # #3118, cloudposse/terraform-aws-vpc-peering #15). UNSURE for a same-account
    # pending request: the guide only says an accepter VPC with a pending request
    # from another account cannot be deleted.
    if state == "active":
        accept(ec2, pending)
    with raises_code("DependencyViolation"):
        ec2.delete_vpc(VpcId=a if side == "requester" else b)
    assert status_of(ec2, pending) == state


def test_delete_vpc_after_the_peering_is_gone(ec2, a, b):
    pcx = active_peering(ec2, a, b)
    ec2.delete_vpc_peering_connection(VpcPeeringConnectionId=pcx)
    wait_status(ec2, pcx, "deleted")
    ec2.delete_vpc(VpcId=a)
    ec2.delete_vpc(VpcId=b)


def test_rejected_or_failed_peering_does_not_block_delete_vpc(ec2, a, b, pending):
    ec2.reject_vpc_peering_connection(VpcPeeringConnectionId=pending)
    wait_status(ec2, pending, "rejected")
    twin = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    request_peering(ec2, twin, a, expect="failed")
    ec2.delete_vpc(VpcId=b)
    ec2.delete_vpc(VpcId=twin)
    ec2.delete_vpc(VpcId=a)


# --- the AWS CLI ------------------------------------------------------------------


def test_cli_round_trip(aws):
    a = aws("ec2", "create-vpc", "--cidr-block", "10.0.0.0/16")["Vpc"]["VpcId"]
    b = aws("ec2", "create-vpc", "--cidr-block", "172.16.0.0/16")["Vpc"]["VpcId"]
    pcx = aws(
        "ec2", "create-vpc-peering-connection", "--vpc-id", a, "--peer-vpc-id", b,
        "--tag-specifications", "ResourceType=vpc-peering-connection,Tags=[{Key=Name,Value=cli}]",
    )["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    got = aws("ec2", "describe-vpc-peering-connections", "--filters", "Name=tag:Name,Values=cli")
    assert [p["VpcPeeringConnectionId"] for p in got["VpcPeeringConnections"]] == [pcx]
    aws("ec2", "accept-vpc-peering-connection", "--vpc-peering-connection-id", pcx)
    got = aws("ec2", "describe-vpc-peering-connections", "--vpc-peering-connection-ids", pcx)
    assert got["VpcPeeringConnections"][0]["Status"]["Code"] in ("provisioning", "active")
    assert aws("ec2", "delete-vpc-peering-connection", "--vpc-peering-connection-id", pcx) == {"Return": True}
    with raises_code(NOT_FOUND):
        aws("ec2", "delete-vpc-peering-connection", "--vpc-peering-connection-id", UNKNOWN_PCX)
    with raises_code(MALFORMED):
        aws("ec2", "describe-vpc-peering-connections", "--vpc-peering-connection-ids", "pcx-nope")


# --- quotas (a second server with --enforce-quotas) --------------------------------
#
# AWS: "Active VPC peering connections per VPC: 50 (adjustable up to 125)",
# "Outstanding VPC peering connection requests: 25". LocalVPC leaves adjustable
# quotas off unless started with --enforce-quotas (README), so these run on a
# server of their own. With quotas on, each account has 5 VPCs per region, so
# the peers are spread over several accounts (cross-account requests).


@pytest.fixture(scope="module")
def quota_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("localvpc-quotas")
    srv = ServerProcess(root / "state", log_path=root / "server.log", extra_args=["--enforce-quotas"])
    srv.start(timeout=30)
    yield srv
    alive = srv.is_running()
    code = srv.stop()
    assert alive, f"the quota server died:\n{srv.log_text()}"
    assert code == 0, srv.log_text()


def _peer_vpcs(endpoint: str, accounts: list[str]) -> list[tuple[object, str, str]]:
    """(client, account, vpc id) for each account's default VPC and 3 more."""
    out = []
    for acct in accounts:
        c = make_boto_client(endpoint, access_key=acct)
        out.append((c, acct, default_vpc_id(c)))
        for j in range(3):
            out.append((c, acct, create_vpc(c, f"10.{j + 1}.0.0/16")["VpcId"]))
    return out


@pytest.mark.own_server
def test_26th_outstanding_request_of_a_vpc_is_refused(quota_server):
    ep = quota_server.endpoint
    requester = make_boto_client(ep, access_key="444400000000")
    a = create_vpc(requester, "10.0.0.0/16")["VpcId"]
    peers = _peer_vpcs(ep, [f"4444000001{i:02d}" for i in range(7)])  # 28 VPCs
    made = []
    for _, acct, vpc in peers[:25]:
        out = requester.create_vpc_peering_connection(VpcId=a, PeerVpcId=vpc, PeerOwnerId=acct)
        made.append(out["VpcPeeringConnection"]["VpcPeeringConnectionId"])
    # EC2 error-code table: "OutstandingVpcPeeringConnectionLimitExceeded — You've
    # reached the limit on the number of VPC peering connection requests that you
    # can create for the specified VPC." UNSURE: a 2017 report saw
    # PendingVpcPeeringConnectionLimitExceeded ("Vpc peering connection request
    # limit exceeded") for the same situation.
    _, acct, vpc = peers[25]
    with raises_code("OutstandingVpcPeeringConnectionLimitExceeded"):
        requester.create_vpc_peering_connection(VpcId=a, PeerVpcId=vpc, PeerOwnerId=acct)
    # Withdrawing one request makes room for another.
    requester.delete_vpc_peering_connection(VpcPeeringConnectionId=made[0])
    wait_status(requester, made[0], "deleted")
    requester.create_vpc_peering_connection(VpcId=a, PeerVpcId=vpc, PeerOwnerId=acct)


@pytest.mark.own_server
def test_51st_active_peering_of_a_vpc_is_refused(quota_server):
    ep = quota_server.endpoint
    requester = make_boto_client(ep, access_key="555500000000")
    a = create_vpc(requester, "10.0.0.0/16")["VpcId"]
    peers = _peer_vpcs(ep, [f"5555000001{i:02d}" for i in range(13)])  # 52 VPCs
    for client, acct, vpc in peers[:50]:
        pcx = requester.create_vpc_peering_connection(VpcId=a, PeerVpcId=vpc, PeerOwnerId=acct)[
            "VpcPeeringConnection"
        ]["VpcPeeringConnectionId"]
        wait_status(client, pcx, "pending-acceptance")
        client.accept_vpc_peering_connection(VpcPeeringConnectionId=pcx)
    assert len(pcx_ids(requester, Filters=filters(**{"status-code": "active"}))) == 50
    # EC2 error-code table: "ActiveVpcPeeringConnectionPerVpcLimitExceeded —
    # You've reached the limit on the number of active VPC peering connections
    # you can have for the specified VPC." UNSURE (which call): the request may be
    # refused at once or only when it would become active.
    client, acct, vpc = peers[50]
    out = attempt(
        "ActiveVpcPeeringConnectionPerVpcLimitExceeded",
        requester.create_vpc_peering_connection,
        VpcId=a,
        PeerVpcId=vpc,
        PeerOwnerId=acct,
    )
    if out is None:
        return
    pcx = out["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    wait_status(client, pcx, "pending-acceptance")
    with raises_code("ActiveVpcPeeringConnectionPerVpcLimitExceeded"):
        client.accept_vpc_peering_connection(VpcPeeringConnectionId=pcx)
    assert status_of(client, pcx) == "pending-acceptance"
