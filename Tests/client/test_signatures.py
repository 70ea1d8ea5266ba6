"""SigV4 verification (`serve --verify-signatures`): a signature test matrix of botocore-signed requests.

One server is started for this module with `--verify-signatures` and a credentials file in the AWS CLI's format,
plus a key in the server's own environment. Every request is signed by botocore (boto3, the AWS CLI, or botocore's
signers directly); the refusals are AWS's codes and HTTP statuses: IncompleteSignature (400),
MissingAuthenticationToken (403), RequestExpired (400); for a signature that does not match or an unknown key, EC2
says AuthFailure (401) where STS says SignatureDoesNotMatch and InvalidClientTokenId (403), as AWS does (and moto,
`moto/iam/access_control.py`).
"""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import time
from pathlib import Path
from unittest import mock

import botocore.auth
import botocore.awsrequest
import botocore.credentials
import pytest
import requests

import lvpc
from console_helpers import requires_browser, start_browser

pytestmark = pytest.mark.own_server

ACCOUNT_KEY = "111122223333"
ACCOUNT_SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
NAMED_KEY = "AKIAIOSFODNN7EXAMPLE"
NAMED_SECRET = "named+secret/with=signs"
TEMP_KEY = "ASIAQEXAMPLETEMPKEY"
TEMP_SECRET = "temporary-secret"
TEMP_TOKEN = "FwoGZXIvYXdzEXAMPLE//token=="
ENV_KEY = "444455556666"
ENV_SECRET = "secret-from-the-server-environment"
DEFAULT_ACCOUNT = "000000000000"
EC2_REFUSAL = "AWS was not able to validate the provided access credentials"
MISMATCH = (
    "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key "
    "and signing method. Consult the service documentation for details."
)


@pytest.fixture(scope="module")
def verifying(tmp_path_factory):
    root = tmp_path_factory.mktemp("signatures")
    credentials = root / "credentials"
    credentials.write_text(
        f"[default]\naws_access_key_id = {ACCOUNT_KEY}\naws_secret_access_key = {ACCOUNT_SECRET}\n\n"
        f"[named]\naws_access_key_id = {NAMED_KEY}\naws_secret_access_key = {NAMED_SECRET}\n\n"
        f"[temporary]\naws_access_key_id = {TEMP_KEY}\naws_secret_access_key = {TEMP_SECRET}\naws_session_token = {TEMP_TOKEN}\n"
    )
    srv = lvpc.ServerProcess(
        root / "state",
        extra_args=["--verify-signatures", "--credentials-file", str(credentials), "--default-account", DEFAULT_ACCOUNT],
        extra_env={"AWS_ACCESS_KEY_ID": ENV_KEY, "AWS_SECRET_ACCESS_KEY": ENV_SECRET, "AWS_SESSION_TOKEN": ""},
        log_path=root / "server.log",
    )
    srv.start(timeout=30)
    yield srv
    code = srv.stop()
    assert code == 0, f"localvpc exited with {code}:\n{srv.log_text()}"


def client(endpoint, service="ec2", *, key=ACCOUNT_KEY, secret=ACCOUNT_SECRET, token=None, region="us-east-1"):
    import boto3

    return boto3.session.Session().client(
        service, endpoint_url=endpoint, region_name=region, aws_access_key_id=key, aws_secret_access_key=secret,
        aws_session_token=token, config=lvpc.client_config(),
    )


def signed_post(endpoint, body, *, key=ACCOUNT_KEY, secret=ACCOUNT_SECRET, region="us-east-1", service="ec2", when=None):
    """A form POST signed by botocore's SigV4Auth, at `when` (a UTC datetime) if given."""
    request = botocore.awsrequest.AWSRequest(
        method="POST", url=endpoint + "/", data=body.encode(), headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
    signer = botocore.auth.SigV4Auth(botocore.credentials.Credentials(key, secret), service, region)
    if when is None:
        signer.add_auth(request)
    else:
        with mock.patch("botocore.auth.get_current_datetime", return_value=when):
            signer.add_auth(request)
    return dict(request.headers.items())


def error_of(response):
    root = lvpc.xml_root(response)
    return (lvpc.xml_texts(root, "Code") or [None])[0], (lvpc.xml_texts(root, "Message") or [None])[0]


DESCRIBE = "Action=DescribeVpcs&Version=2016-11-15"


# --- valid -------------------------------------------------------------------------------------------------------


def test_health_says_signatures_are_verified(verifying):
    assert requests.get(verifying.endpoint + "/_localvpc/health", timeout=10).json()["signatures"] == {"verified": True}


def test_a_valid_signature_acts_as_the_keys_account(verifying):
    ec2 = client(verifying.endpoint)
    vpc = ec2.create_vpc(CidrBlock="10.7.0.0/16")["Vpc"]
    assert vpc["OwnerId"] == ACCOUNT_KEY
    assert vpc["VpcId"] in [v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"]]
    assert client(verifying.endpoint, "sts").get_caller_identity()["Account"] == ACCOUNT_KEY


def test_a_key_that_is_not_an_account_id_acts_as_the_default_account(verifying):
    sts = client(verifying.endpoint, "sts", key=NAMED_KEY, secret=NAMED_SECRET)
    assert sts.get_caller_identity()["Account"] == DEFAULT_ACCOUNT


def test_the_servers_environment_key_verifies(verifying):
    assert client(verifying.endpoint, "sts", key=ENV_KEY, secret=ENV_SECRET).get_caller_identity()["Account"] == ENV_KEY


def test_a_session_token_must_come_with_its_key(verifying):
    ec2 = client(verifying.endpoint, key=TEMP_KEY, secret=TEMP_SECRET, token=TEMP_TOKEN)
    ec2.describe_vpcs()
    with lvpc.raises_code("AuthFailure", message="security token included in the request is invalid") as info:
        client(verifying.endpoint, key=TEMP_KEY, secret=TEMP_SECRET).describe_vpcs()
    assert info.http_status == 401
    with lvpc.raises_code("AuthFailure") as info:
        client(verifying.endpoint, key=TEMP_KEY, secret=TEMP_SECRET, token="forged").describe_vpcs()


def test_session_tokens_issued_by_localvpc_verify_with_their_secret_and_token(verifying):
    issued = client(verifying.endpoint, "sts").get_session_token(DurationSeconds=900)["Credentials"]
    assert issued["AccessKeyId"].startswith("ASIA")
    temporary = client(verifying.endpoint, key=issued["AccessKeyId"], secret=issued["SecretAccessKey"], token=issued["SessionToken"])
    # They act as the account that asked for them.
    assert temporary.create_vpc(CidrBlock="10.16.0.0/16")["Vpc"]["OwnerId"] == ACCOUNT_KEY
    with lvpc.raises_code("AuthFailure", message="security token included in the request is invalid"):
        client(verifying.endpoint, key=issued["AccessKeyId"], secret=issued["SecretAccessKey"]).describe_vpcs()
    with lvpc.raises_code("AuthFailure"):
        client(verifying.endpoint, key=issued["AccessKeyId"], secret="guess", token=issued["SessionToken"]).describe_vpcs()
    with lvpc.raises_code("AccessDenied", message="Cannot call GetSessionToken with session credentials"):
        client(verifying.endpoint, "sts", key=issued["AccessKeyId"], secret=issued["SecretAccessKey"], token=issued["SessionToken"]).get_session_token()
    # botocore checks the bounds itself; a raw signed request reaches the server's check.
    body = "Action=GetSessionToken&Version=2011-06-15&DurationSeconds=60"
    refused = requests.post(verifying.endpoint + "/", data=body, headers=signed_post(verifying.endpoint, body, service="sts"), timeout=10)
    assert (refused.status_code, error_of(refused)[0]) == (400, "ValidationError")


def test_the_moto_account_header_cannot_override_the_signed_key(verifying):
    ec2 = lvpc.make_boto_client(
        verifying.endpoint, access_key=ACCOUNT_KEY, secret_key=ACCOUNT_SECRET, headers={"x-moto-account-id": "999988887777"})
    assert ec2.create_vpc(CidrBlock="10.8.0.0/16")["Vpc"]["OwnerId"] == ACCOUNT_KEY


# --- refused ------------------------------------------------------------------------------------------------------


def test_a_wrong_secret_does_not_match(verifying):
    # EC2's answer.
    with lvpc.raises_code("AuthFailure") as info:
        client(verifying.endpoint, secret="not-the-secret").describe_vpcs()
    assert (info.http_status, info.message) == (401, EC2_REFUSAL)
    # STS's.
    with lvpc.raises_code("SignatureDoesNotMatch") as info:
        client(verifying.endpoint, "sts", secret="not-the-secret").get_caller_identity()
    assert (info.http_status, info.message) == (403, MISMATCH)


def test_a_changed_body_does_not_match(verifying):
    headers = signed_post(verifying.endpoint, DESCRIBE)
    response = requests.post(verifying.endpoint + "/", data=b"Action=CreateVpc&Version=2016-11-15&CidrBlock=10.9.0.0/16", headers=headers, timeout=10)
    assert response.status_code == 401
    assert error_of(response) == ("AuthFailure", EC2_REFUSAL)
    assert client(verifying.endpoint).describe_vpcs(Filters=[{"Name": "cidr", "Values": ["10.9.0.0/16"]}])["Vpcs"] == []


def test_a_wrong_region_in_the_scope_does_not_match(verifying):
    # Signed for eu-west-1 (its own derived key), the scope then edited to claim us-east-1.
    headers = signed_post(verifying.endpoint, DESCRIBE, region="eu-west-1")
    headers["Authorization"] = headers["Authorization"].replace("/eu-west-1/", "/us-east-1/")
    response = requests.post(verifying.endpoint + "/", data=DESCRIBE, headers=headers, timeout=10)
    assert response.status_code == 401
    assert error_of(response) == ("AuthFailure", EC2_REFUSAL)
    # The same for STS, in its words.
    body = "Action=GetCallerIdentity&Version=2011-06-15"
    headers = signed_post(verifying.endpoint, body, region="eu-west-1", service="sts")
    headers["Authorization"] = headers["Authorization"].replace("/eu-west-1/", "/us-east-1/")
    response = requests.post(verifying.endpoint + "/", data=body, headers=headers, timeout=10)
    assert (response.status_code, error_of(response)) == (403, ("SignatureDoesNotMatch", MISMATCH))
    # A region AWS does not have is refused with AWS's words for it.
    with lvpc.raises_code("AuthFailure", message="Credential should be scoped to a valid region, not 'mars-north-1'") as info:
        client(verifying.endpoint, region="mars-north-1").describe_vpcs()
    assert info.http_status == 401
    with lvpc.raises_code("SignatureDoesNotMatch", message="Credential should be scoped to a valid region, not 'mars-north-1'") as info:
        client(verifying.endpoint, "sts", region="mars-north-1").get_caller_identity()
    assert info.http_status == 403
    # The region signed for is the one acted in.
    eu = client(verifying.endpoint, region="eu-west-1")
    vpc = eu.create_vpc(CidrBlock="10.10.0.0/16")["Vpc"]["VpcId"]
    assert vpc not in [v["VpcId"] for v in client(verifying.endpoint).describe_vpcs()["Vpcs"]]


def test_a_date_over_15_minutes_old_or_ahead_has_expired(verifying):
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    for offset in (-16, 16, -24 * 60):
        headers = signed_post(verifying.endpoint, DESCRIBE, when=now + datetime.timedelta(minutes=offset))
        response = requests.post(verifying.endpoint + "/", data=DESCRIBE, headers=headers, timeout=10)
        assert response.status_code == 400, offset
        assert error_of(response)[0] == "RequestExpired", offset
    # Within the skew it is fine.
    headers = signed_post(verifying.endpoint, DESCRIBE, when=now - datetime.timedelta(minutes=14))
    assert requests.post(verifying.endpoint + "/", data=DESCRIBE, headers=headers, timeout=10).status_code == 200


def test_the_cloud_clock_moved_forward_does_not_expire_requests(verifying):
    lvpc.advance_server_clock(verifying.endpoint, 3600)
    assert client(verifying.endpoint).describe_vpcs()["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_a_presigned_url_works_until_it_expires(verifying):
    ec2 = client(verifying.endpoint, region="eu-west-1")
    ec2.create_vpc(CidrBlock="10.11.0.0/16")
    url = ec2.generate_presigned_url("describe_vpcs", Params={}, ExpiresIn=300, HttpMethod="GET")
    assert "X-Amz-Signature=" in url and "X-Amz-Expires=300" in url
    response = requests.get(url, timeout=10)
    assert response.status_code == 200, response.text
    assert "10.11.0.0/16" in response.text
    # Tampering with a signed parameter breaks it.
    tampered = requests.get(url.replace("DescribeVpcs", "DescribeSubnets"), timeout=10)
    assert (tampered.status_code, error_of(tampered)[0]) == (401, "AuthFailure")
    # Past X-Amz-Expires: signed 10 minutes ago for 5 minutes.
    with mock.patch("botocore.auth.get_current_datetime", return_value=datetime.datetime.utcnow() - datetime.timedelta(minutes=10)):
        old = ec2.generate_presigned_url("describe_vpcs", Params={}, ExpiresIn=300, HttpMethod="GET")
    expired = requests.get(old, timeout=10)
    assert (expired.status_code, error_of(expired)) == (400, ("RequestExpired", "Request has expired."))


def test_an_unsigned_request_is_missing_its_token(verifying):
    response = requests.post(verifying.endpoint + "/", data=DESCRIBE, headers={"Content-Type": "application/x-www-form-urlencoded"}, timeout=10)
    assert response.status_code == 403
    assert error_of(response)[0] == "MissingAuthenticationToken"
    get = requests.get(verifying.endpoint + "/?" + DESCRIBE, timeout=10)
    assert (get.status_code, error_of(get)[0]) == (403, "MissingAuthenticationToken")


def test_an_unknown_key_is_ec2s_auth_failure_and_stss_invalid_client_token_id(verifying):
    with lvpc.raises_code("AuthFailure", message="AWS was not able to validate the provided access credentials") as info:
        client(verifying.endpoint, key="AKIAUNKNOWNKEY000000", secret="whatever").describe_vpcs()
    assert info.http_status == 401
    with lvpc.raises_code("InvalidClientTokenId", message="The security token included in the request is invalid") as info:
        client(verifying.endpoint, "sts", key="AKIAUNKNOWNKEY000000", secret="whatever").get_caller_identity()
    assert info.http_status == 403


def test_an_incomplete_signature_names_what_is_missing(verifying):
    headers = signed_post(verifying.endpoint, DESCRIBE)
    headers["Authorization"] = headers["Authorization"].split(", Signature=")[0]
    response = requests.post(verifying.endpoint + "/", data=DESCRIBE, headers=headers, timeout=10)
    assert response.status_code == 400
    code, message = error_of(response)
    assert code == "IncompleteSignature"
    assert message.startswith("Authorization header requires 'Signature' parameter.")


def test_nothing_refused_changes_anything(verifying):
    before = client(verifying.endpoint).describe_vpcs()["Vpcs"]
    with lvpc.raises_code("AuthFailure"):
        client(verifying.endpoint, secret="wrong").create_vpc(CidrBlock="10.12.0.0/16")
    with lvpc.raises_code("AuthFailure"):
        client(verifying.endpoint, key="AKIANOBODY", secret="x").create_vpc(CidrBlock="10.12.0.0/16")
    assert client(verifying.endpoint).describe_vpcs()["Vpcs"] == before


# --- the AWS CLI, end to end --------------------------------------------------------------------------------------


def run_aws(endpoint, tmp_path, args, *, key, secret):
    env = lvpc.cli_env(endpoint, key, "us-east-1", tmp_path)
    env["AWS_SECRET_ACCESS_KEY"] = secret
    return subprocess.run([shutil.which("aws"), *args, "--output", "json"], env=env, capture_output=True, text=True, timeout=60)


def test_the_aws_cli_signs_and_is_verified(verifying, tmp_path):
    made = run_aws(verifying.endpoint, tmp_path, ["ec2", "create-vpc", "--cidr-block", "10.13.0.0/16"], key=ACCOUNT_KEY, secret=ACCOUNT_SECRET)
    assert made.returncode == 0, made.stderr
    listed = run_aws(verifying.endpoint, tmp_path, ["ec2", "describe-vpcs"], key=ACCOUNT_KEY, secret=ACCOUNT_SECRET)
    assert "10.13.0.0/16" in listed.stdout
    refused = run_aws(verifying.endpoint, tmp_path, ["ec2", "describe-vpcs"], key=ACCOUNT_KEY, secret="wrong")
    assert refused.returncode != 0 and "(AuthFailure)" in refused.stderr


# --- start-up -----------------------------------------------------------------------------------------------------


def test_verification_without_any_key_refuses_to_start(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(LOCALVPC_VERIFY_SIGNATURES="1", AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "none"))
    proc = subprocess.run(
        [str(lvpc.localvpc_bin()), "serve", "--ephemeral", "--data-plane", "off", "--port", str(lvpc.free_port())],
        env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0
    assert "--verify-signatures needs at least one key" in proc.stderr


def test_off_by_default_any_key_is_accepted(endpoint):
    response = lvpc.raw_post(endpoint, DESCRIBE, access_key="AKIAANYTHING")
    assert response.status_code == 200
    assert requests.get(endpoint + "/_localvpc/health", timeout=10).json()["signatures"] == {"verified": False}


# --- the console --------------------------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node to run the console's module")
def test_the_consoles_signer_gives_aws_suite_signatures(tmp_path):
    api = Path(__file__).resolve().parents[2] / "Sources/Server/Console/Assets/api.js"
    script = tmp_path / "check.mjs"
    script.write_text(
        f'import {{ signatureV4 }} from "{api}";\n'
        'const keys = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };\n'
        'const common = { method: "GET", path: "/", region: "us-east-1", service: "service", host: "example.amazonaws.com",'
        ' date: new Date("2015-08-30T12:36:00Z") };\n'
        'console.log((await signatureV4({ ...common, keys, query: [["Param2", "value2"], ["Param1", "value1"]] })).Authorization);\n'
        'console.log((await signatureV4({ ...common, keys: { ...keys, sessionToken: '
        '"6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267" } })).Authorization);\n'
    )
    lines = subprocess.run(["node", str(script)], capture_output=True, text=True, timeout=30, check=True).stdout.split("\n")
    # AWS's suite: get-vanilla-query-order-key-case and get-vanilla-with-session-token.
    assert lines[0].endswith("SignedHeaders=host;x-amz-date, Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500")
    assert lines[1].endswith(
        "SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8")


@requires_browser
def test_the_console_asks_for_keys_and_signs_with_them(verifying):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    client(verifying.endpoint).create_vpc(
        CidrBlock="10.14.0.0/16", TagSpecifications=[{"ResourceType": "vpc", "Tags": [{"Key": "Name", "Value": "signed-console"}]}])
    driver = start_browser()
    try:
        wait = WebDriverWait(driver, 15, poll_frequency=0.05)
        driver.get(verifying.endpoint + "/#/vpcs")
        form = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "form.sign-in"))[0]
        assert "checks SigV4 signatures" in form.text

        def sign_in(secret):
            for name, value in (("accessKeyId", ACCOUNT_KEY), ("secretAccessKey", secret)):
                field = driver.find_element(By.NAME, name)
                field.clear()
                field.send_keys(value)
            driver.find_element(By.XPATH, "//button[normalize-space()='Sign in']").click()

        sign_in("wrong-secret")
        wait.until(lambda d: "SignatureDoesNotMatch" in d.find_element(By.CSS_SELECTOR, ".sign-in-problem").text)
        assert driver.execute_script("return sessionStorage.getItem('lvpc.signingKeys')") is None

        sign_in(ACCOUNT_SECRET)
        wait.until(lambda d: "signed-console" in d.find_element(By.ID, "main").text)
        assert f"Account {ACCOUNT_KEY}" in driver.find_element(By.ID, "signed-in").text
        # The keys live in this tab's sessionStorage, never in localStorage.
        assert ACCOUNT_SECRET in driver.execute_script("return sessionStorage.getItem('lvpc.signingKeys')")
        assert ACCOUNT_SECRET not in str(driver.execute_script("return JSON.stringify(localStorage)"))
        # A change made in the console is signed too: create a VPC through its form's API call.
        outcome = driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            " import('/console/api.js').then(({ Ec2 }) => new Ec2('ignored', 'us-east-1').call('CreateVpc', { CidrBlock: '10.15.0.0/16' }))"
            ".then(() => done('ok'), (error) => done(String(error)));")
        assert outcome == "ok"
        assert "10.15.0.0/16" in [v["CidrBlock"] for v in client(verifying.endpoint).describe_vpcs()["Vpcs"]]

        driver.find_element(By.ID, "sign-out").click()
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "form.sign-in"))
    finally:
        driver.quit()
