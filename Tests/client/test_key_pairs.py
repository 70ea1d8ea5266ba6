"""Key pairs (issue 11 point 6): Create/Import/Describe/DeleteKeyPair with real
key material, fingerprints as AWS computes them (checked with the commands of
the EC2 User Guide's "verify the fingerprint" page), and RunInstances' KeyName.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import re
import shutil
import subprocess

import pytest

from compute_helpers import run
from lvpc import create_subnet, create_vpc, filters, raises_code, tag_spec, tags_of


def sh(*args: str, input: bytes | None = None) -> bytes:
    return subprocess.run(args, input=input, check=True, capture_output=True).stdout


def private_key_file(tmp_path, material: str):
    path = tmp_path / "key.pem"
    path.write_text(material)
    path.chmod(0o600)
    return path


def describe_one(ec2, **kwargs) -> dict:
    [key] = ec2.describe_key_pairs(**kwargs)["KeyPairs"]
    return key


def test_create_rsa_key_pair_gives_a_usable_key_with_aws_fingerprint(ec2, tmp_path):
    created = ec2.create_key_pair(KeyName="deploy", TagSpecifications=tag_spec("key-pair", team="ops"))
    assert re.fullmatch(r"key-[0-9a-f]{17}", created["KeyPairId"])
    assert created["KeyName"] == "deploy"
    assert tags_of(created) == {"team": "ops"}
    material = created["KeyMaterial"]
    assert material.startswith("-----BEGIN RSA PRIVATE KEY-----")
    key = private_key_file(tmp_path, material)
    # The User Guide: openssl pkcs8 -in key.pem -inform PEM -outform DER -topk8 -nocrypt | openssl sha1 -c
    der = sh("openssl", "pkcs8", "-in", str(key), "-inform", "PEM", "-outform", "DER", "-topk8", "-nocrypt")
    assert created["KeyFingerprint"] == ":".join(f"{b:02x}" for b in hashlib.sha1(der).digest())
    public = sh("ssh-keygen", "-y", "-f", str(key)).decode().split()
    assert public[0] == "ssh-rsa"
    assert "2048 " in sh("ssh-keygen", "-l", "-f", str(key)).decode()
    described = describe_one(ec2, KeyNames=["deploy"], IncludePublicKey=True)
    assert described["PublicKey"].split()[:2] == public[:2]
    assert described["KeyType"] == "rsa"
    assert described["KeyFingerprint"] == created["KeyFingerprint"]
    assert described["KeyPairId"] == created["KeyPairId"]
    assert isinstance(described["CreateTime"], datetime.datetime)
    assert "KeyMaterial" not in described, "AWS never shows the private key again"


def test_create_ed25519_key_pair_matches_ssh_keygen(ec2, tmp_path):
    created = ec2.create_key_pair(KeyName="edge", KeyType="ed25519", KeyFormat="pem")
    assert created["KeyMaterial"].startswith("-----BEGIN OPENSSH PRIVATE KEY-----")
    key = private_key_file(tmp_path, created["KeyMaterial"])
    # The User Guide: ssh-keygen -l -f key.pem prints SHA256:<base64 without padding>.
    shown = re.search(r"SHA256:(\S+)", sh("ssh-keygen", "-l", "-f", str(key)).decode()).group(1)
    assert created["KeyFingerprint"].rstrip("=") == shown
    assert len(base64.b64decode(created["KeyFingerprint"])) == 32
    public = sh("ssh-keygen", "-y", "-f", str(key)).decode().split()
    described = describe_one(ec2, KeyPairIds=[created["KeyPairId"]], IncludePublicKey=True)
    assert described["PublicKey"].split()[:2] == public[:2]
    assert described["PublicKey"].startswith("ssh-ed25519 ")
    assert described["KeyType"] == "ed25519"
    assert "PublicKey" not in describe_one(ec2, KeyPairIds=[created["KeyPairId"]])


def make_key(tmp_path, kind: str, bits: str | None = None):
    path = tmp_path / kind
    args = ["ssh-keygen", "-q", "-t", kind, "-N", "", "-C", "me@example", "-f", str(path)]
    if bits:
        args[4:4] = ["-b", bits]
    sh(*args)
    return path


def test_import_rsa_key_is_fingerprinted_by_the_md5_of_its_der_public_key(ec2, tmp_path):
    key = make_key(tmp_path, "rsa", "3072")
    pub = (tmp_path / "rsa.pub").read_bytes()
    imported = ec2.import_key_pair(KeyName="mine", PublicKeyMaterial=pub, TagSpecifications=tag_spec("key-pair", Name="mine"))
    assert imported["KeyPairId"].startswith("key-")
    assert tags_of(imported) == {"Name": "mine"}
    # The User Guide's command for an imported key, given a PEM private key: openssl rsa -pubout -outform DER | openssl md5 -c.
    pem = tmp_path / "rsa.pem"
    pem.write_bytes(key.read_bytes())
    pem.chmod(0o600)
    sh("ssh-keygen", "-p", "-m", "PEM", "-N", "", "-f", str(pem))
    der = sh("openssl", "rsa", "-in", str(pem), "-pubout", "-outform", "DER")
    assert imported["KeyFingerprint"] == ":".join(f"{b:02x}" for b in hashlib.md5(der).digest())
    described = describe_one(ec2, KeyNames=["mine"], IncludePublicKey=True)
    assert described["PublicKey"].split()[:2] == pub.decode().split()[:2]
    assert described["KeyType"] == "rsa"


def test_import_a_der_public_key_from_openssl(ec2, tmp_path):
    key = tmp_path / "rsa.pem"
    sh("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", str(key))
    der = sh("openssl", "pkey", "-in", str(key), "-pubout", "-outform", "DER")
    imported = ec2.import_key_pair(KeyName="der", PublicKeyMaterial=base64.b64encode(der))
    assert imported["KeyFingerprint"] == ":".join(f"{b:02x}" for b in hashlib.md5(der).digest())
    key.chmod(0o600)
    public = sh("ssh-keygen", "-y", "-f", str(key)).decode().split()
    assert describe_one(ec2, KeyNames=["der"], IncludePublicKey=True)["PublicKey"].split()[:2] == public[:2]


def test_import_ed25519_key_with_the_cli(aws, ec2, tmp_path):
    key = make_key(tmp_path, "ed25519")
    out = aws("ec2", "import-key-pair", "--key-name", "cli-key", "--public-key-material", f"fileb://{tmp_path / 'ed25519.pub'}")
    shown = re.search(r"SHA256:(\S+)", sh("ssh-keygen", "-l", "-f", str(key)).decode()).group(1)
    assert out["KeyFingerprint"].rstrip("=") == shown
    listed = aws("ec2", "describe-key-pairs", "--key-names", "cli-key")["KeyPairs"]
    assert [k["KeyType"] for k in listed] == ["ed25519"]


@pytest.mark.parametrize(
    "material",
    [b"not a key", b"ssh-dss AAAAB3NzaC1kc3MAAACBAP", b"ssh-rsa !!!notbase64"],
)
def test_import_refuses_what_aws_cannot_read(ec2, material):
    with raises_code("InvalidKeyPair.Format"):
        ec2.import_key_pair(KeyName="bad", PublicKeyMaterial=material)


def test_import_refuses_ecdsa(ec2, tmp_path):
    make_key(tmp_path, "ecdsa")
    with raises_code("InvalidKeyPair.Format"):
        ec2.import_key_pair(KeyName="ec", PublicKeyMaterial=(tmp_path / "ecdsa.pub").read_bytes())


def test_names_are_unique(ec2, tmp_path):
    ec2.create_key_pair(KeyName="dup", KeyType="ed25519")
    with raises_code("InvalidKeyPair.Duplicate", message="'dup' already exists"):
        ec2.create_key_pair(KeyName="dup")
    make_key(tmp_path, "ed25519")
    with raises_code("InvalidKeyPair.Duplicate"):
        ec2.import_key_pair(KeyName="dup", PublicKeyMaterial=(tmp_path / "ed25519.pub").read_bytes())


def test_describe_by_name_id_and_filters(ec2):
    a = ec2.create_key_pair(KeyName="alpha", KeyType="ed25519", TagSpecifications=tag_spec("key-pair", env="prod"))
    b = ec2.create_key_pair(KeyName="beta", KeyType="ed25519")
    names = lambda **kw: sorted(k["KeyName"] for k in ec2.describe_key_pairs(**kw)["KeyPairs"])  # noqa: E731
    assert names() == ["alpha", "beta"]
    assert names(KeyNames=["beta"]) == ["beta"]
    assert names(KeyPairIds=[a["KeyPairId"]]) == ["alpha"]
    assert names(Filters=filters(**{"key-name": "al*"})) == ["alpha"]
    assert names(Filters=filters(fingerprint=b["KeyFingerprint"])) == ["beta"]
    assert names(Filters=filters(**{"key-pair-id": b["KeyPairId"]})) == ["beta"]
    assert names(Filters=filters(**{"tag:env": "prod"})) == ["alpha"]
    assert names(Filters=filters(**{"tag-key": "env"})) == ["alpha"]
    with raises_code("InvalidKeyPair.NotFound", message="The key pair 'gamma' does not exist"):
        ec2.describe_key_pairs(KeyNames=["alpha", "gamma"])
    with raises_code("InvalidKeyPair.NotFound"):
        ec2.describe_key_pairs(KeyPairIds=["key-0123456789abcdef0"])
    with raises_code("InvalidParameterValue"):
        ec2.describe_key_pairs(Filters=filters(**{"key-type": "rsa"}))


def test_delete_by_name_or_id(ec2):
    a = ec2.create_key_pair(KeyName="a", KeyType="ed25519")
    ec2.create_key_pair(KeyName="b", KeyType="ed25519")
    assert ec2.delete_key_pair(KeyName="a")["Return"] is True
    # AWS answers success for a name that does not exist, so teardown can run twice.
    assert ec2.delete_key_pair(KeyName="a")["Return"] is True
    b_id = describe_one(ec2, KeyNames=["b"])["KeyPairId"]
    assert ec2.delete_key_pair(KeyPairId=b_id)["KeyPairId"] == b_id
    assert ec2.describe_key_pairs()["KeyPairs"] == []
    with raises_code("InvalidKeyPair.NotFound"):
        ec2.delete_key_pair(KeyPairId=a["KeyPairId"])
    ec2.create_key_pair(KeyName="a", KeyType="ed25519")


def test_tags_and_describe_tags_know_key_pairs(ec2):
    key_id = ec2.create_key_pair(KeyName="t", KeyType="ed25519")["KeyPairId"]
    ec2.create_tags(Resources=[key_id], Tags=[{"Key": "Name", "Value": "tagged"}])
    assert tags_of(describe_one(ec2, KeyPairIds=[key_id])) == {"Name": "tagged"}
    tags = ec2.describe_tags(Filters=filters(**{"resource-type": "key-pair"}))["Tags"]
    assert [(t["ResourceId"], t["Key"]) for t in tags] == [(key_id, "Name")]
    ec2.delete_tags(Resources=[key_id])
    assert tags_of(describe_one(ec2, KeyPairIds=[key_id])) == {}


def test_dry_run(ec2):
    with raises_code("DryRunOperation"):
        ec2.create_key_pair(KeyName="dry", DryRun=True)
    with raises_code("DryRunOperation"):
        ec2.describe_key_pairs(DryRun=True)
    assert ec2.describe_key_pairs()["KeyPairs"] == []


def test_bad_key_type_and_format(ec2):
    with raises_code("InvalidParameterValue"):
        ec2.create_key_pair(KeyName="x", KeyType="dsa")
    with raises_code("InvalidParameterValue"):
        ec2.create_key_pair(KeyName="x", KeyFormat="der")
    assert ec2.describe_key_pairs()["KeyPairs"] == []


@pytest.mark.parametrize("key_type", ["rsa", "ed25519"])
def test_ppk_key_material_loads_in_puttygen(ec2, tmp_path, key_type):
    if shutil.which("puttygen") is None:
        pytest.skip("puttygen (Debian's putty-tools) is not installed")
    created = ec2.create_key_pair(KeyName=f"putty-{key_type}", KeyType=key_type, KeyFormat="ppk")
    material = created["KeyMaterial"]
    assert material.startswith(f"PuTTY-User-Key-File-2: ssh-{key_type}")
    ppk = tmp_path / "key.ppk"
    ppk.write_text(material)
    # puttygen checks the MAC and the key, then writes the OpenSSH public key.
    public = sh("puttygen", str(ppk), "-O", "public-openssh").decode().split()
    described = describe_one(ec2, KeyNames=[f"putty-{key_type}"], IncludePublicKey=True)
    assert described["PublicKey"].split()[:2] == public[:2]
    # And the private key it holds is the same one: converted to OpenSSH, ssh-keygen derives the same public key.
    openssh = tmp_path / "key.openssh"
    sh("puttygen", str(ppk), "-O", "private-openssh", "-o", str(openssh))
    assert sh("ssh-keygen", "-y", "-f", str(openssh)).decode().split()[:2] == public[:2]


def test_run_instances_checks_and_reports_key_name(ec2):
    vpc_id = create_vpc(ec2, "10.0.0.0/16")["VpcId"]
    subnet_id = create_subnet(ec2, vpc_id, "10.0.1.0/24")["SubnetId"]
    with raises_code("InvalidKeyPair.NotFound", message="The key pair 'nokey' does not exist"):
        run(ec2, subnet_id, KeyName="nokey")
    ec2.create_key_pair(KeyName="deploy", KeyType="ed25519")
    [instance] = run(ec2, subnet_id, KeyName="deploy")["Instances"]
    assert instance["KeyName"] == "deploy"
    listed = ec2.describe_instances(Filters=filters(**{"key-name": "deploy"}))["Reservations"]
    assert [i["InstanceId"] for r in listed for i in r["Instances"]] == [instance["InstanceId"]]
