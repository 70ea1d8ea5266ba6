"""Issue 16, item 3: no request holds up the others, and a large launch is still all or nothing.

A launch or termination of hundreds of instances is worked out off the server's write queue (on low-priority threads,
against a view of its account and region) and then committed as one batch. What a client can see: while another
client launches and terminates hundreds of instances over and over, every describe sees each launch whole (all of its
instances, never part of a reservation) and each termination whole; a dry run of a large launch launches nothing; a
launch that cannot be satisfied launches nothing; another account's requests are answered meanwhile.
"""

from __future__ import annotations

import threading
from collections import Counter

import pytest

from lvpc import ServerProcess, create_subnet, create_vpc, make_boto_client, raises_code

IMAGE = "ami-0123456789abcdef0"
COUNT = 300


def test_describes_never_see_part_of_a_large_launch_or_termination(client_factory):
    ec2 = client_factory("ec2", account="111111111111")
    watcher = client_factory("ec2", account="111111111111", retries={"max_attempts": 1})
    other = client_factory("ec2", account="222222222222")
    subnet = create_subnet(ec2, create_vpc(ec2)["VpcId"], "10.0.0.0/20")["SubnetId"]
    other_vpc = create_vpc(other)["VpcId"]
    stop = threading.Event()
    launched: list[str] = []
    failures: list[BaseException] = []

    def churn():
        try:
            for _ in range(4):
                reservation = ec2.run_instances(ImageId=IMAGE, MinCount=COUNT, MaxCount=COUNT, SubnetId=subnet)
                ids = [i["InstanceId"] for i in reservation["Instances"]]
                assert len(ids) == COUNT
                launched.append(reservation["ReservationId"])
                changes = ec2.terminate_instances(InstanceIds=ids)["TerminatingInstances"]
                assert len(changes) == COUNT
        except BaseException as error:  # reported by the main thread
            failures.append(error)
        finally:
            stop.set()

    worker = threading.Thread(target=churn)
    worker.start()
    looks, other_calls = 0, 0
    while not stop.is_set() or looks == 0:
        reservations = watcher.describe_instances(Filters=[{"Name": "subnet-id", "Values": [subnet]}])["Reservations"]
        for reservation in reservations:
            states = Counter(i["State"]["Name"] for i in reservation["Instances"])
            assert sum(states.values()) == COUNT, f"a reservation seen in part: {states}"
            # A termination is seen whole too: all of a reservation's instances running, or all of them gone.
            assert len(states) == 1, f"a termination seen in part: {states}"
        looks += 1
        other.create_tags(Resources=[other_vpc], Tags=[{"Key": "n", "Value": str(other_calls)}])
        assert other.describe_vpcs(VpcIds=[other_vpc])["Vpcs"][0]["VpcId"] == other_vpc
        other_calls += 1
    worker.join()
    assert not failures, failures
    assert len(launched) == 4 and looks > 0 and other_calls > 0


def test_a_large_dry_run_and_an_unsatisfiable_launch_launch_nothing(client_factory):
    ec2 = client_factory("ec2", account="111111111111", retries={"max_attempts": 1})
    subnet = create_subnet(ec2, create_vpc(ec2)["VpcId"], "10.0.0.0/24")["SubnetId"]
    with raises_code("DryRunOperation") as info:
        ec2.run_instances(ImageId=IMAGE, MinCount=200, MaxCount=200, SubnetId=subnet, DryRun=True)
    assert info.http_status == 412
    # A /24 has 251 usable addresses: at least 252 instances cannot be launched, and none are.
    with raises_code("InsufficientFreeAddressesInSubnet"):
        ec2.run_instances(ImageId=IMAGE, MinCount=252, MaxCount=300, SubnetId=subnet)
    assert ec2.describe_instances(Filters=[{"Name": "subnet-id", "Values": [subnet]}])["Reservations"] == []
    # As many as fit are launched when only MaxCount is too many, in one reservation.
    reservation = ec2.run_instances(ImageId=IMAGE, MinCount=1, MaxCount=300, SubnetId=subnet)
    assert len(reservation["Instances"]) == 251
    described = ec2.describe_instances(Filters=[{"Name": "subnet-id", "Values": [subnet]}])["Reservations"]
    assert [len(r["Instances"]) for r in described] == [251]


@pytest.mark.own_server
def test_launches_staged_in_slices_survive_kill_9_with_what_ran_beside_them(tmp_path):
    """A launch of 300 is a flight: its rows staged in slices, published at once, folded into the resource table
    afterwards, while another account's writes go first. Killed with -9 right after (the fold likely unfinished), the
    server starts again with every launch whole, each termination whole, and the other account's last write."""
    srv = ServerProcess(tmp_path / "state").start()
    try:
        ec2 = make_boto_client(srv.endpoint, access_key="111111111111")
        other = make_boto_client(srv.endpoint, access_key="222222222222")
        subnet = create_subnet(ec2, create_vpc(ec2)["VpcId"], "10.0.0.0/20")["SubnetId"]
        other_vpc = create_vpc(other)["VpcId"]
        failures: list[BaseException] = []

        def tag():
            try:
                for n in range(40):
                    other.create_tags(Resources=[other_vpc], Tags=[{"Key": "n", "Value": str(n)}])
            except BaseException as error:  # reported below
                failures.append(error)

        tagger = threading.Thread(target=tag)
        tagger.start()
        kept = [i["InstanceId"] for i in ec2.run_instances(ImageId=IMAGE, MinCount=COUNT, MaxCount=COUNT, SubnetId=subnet)["Instances"]]
        gone = [i["InstanceId"] for i in ec2.run_instances(ImageId=IMAGE, MinCount=COUNT, MaxCount=COUNT, SubnetId=subnet)["Instances"]]
        ec2.terminate_instances(InstanceIds=gone)
        tagger.join()
        assert not failures, failures
    finally:
        srv.kill()
    srv = ServerProcess(tmp_path / "state").start()
    try:
        ec2 = make_boto_client(srv.endpoint, access_key="111111111111")
        other = make_boto_client(srv.endpoint, access_key="222222222222")
        states = Counter()
        for reservation in ec2.describe_instances(Filters=[{"Name": "subnet-id", "Values": [subnet]}])["Reservations"]:
            for instance in reservation["Instances"]:
                states[(instance["InstanceId"] in kept, instance["State"]["Name"])] += 1
        assert states == Counter({(True, "running"): COUNT, (False, "terminated"): COUNT}), states
        tags = other.describe_vpcs(VpcIds=[other_vpc])["Vpcs"][0]["Tags"]
        assert {"Key": "n", "Value": "39"} in tags
    finally:
        code = srv.stop()
    assert code == 0, srv.log_text()
