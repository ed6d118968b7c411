"""A real S3-compatible server for the object-storage tests: moto's S3
server on a free local port, one bucket for the run, and a fixture that
makes it the default storage (as S3_BUCKET does in production), each test
under a prefix of its own."""

import logging
import uuid

import boto3
import pytest
from moto.server import ThreadedMotoServer

from websesam.settings import s3_storage

BUCKET = "websesam-test"
REGION = "eu-north-1"
KEY = "testing"


class Bucket:
    """The test's view of the bucket, through boto3 and not the app."""

    def __init__(self, client, prefix):
        self.client = client
        self.prefix = prefix

    def key(self, name):
        return f"{self.prefix}/{name}"

    def read(self, name):
        return self.client.get_object(Bucket=BUCKET, Key=self.key(name))["Body"].read()

    def keys(self):
        listed = self.client.list_objects_v2(Bucket=BUCKET, Prefix=f"{self.prefix}/")
        return [entry["Key"] for entry in listed.get("Contents", [])]

    def remove(self, name):
        self.client.delete_object(Bucket=BUCKET, Key=self.key(name))

    def acl_grants(self, name):
        return self.client.get_object_acl(Bucket=BUCKET, Key=self.key(name))["Grants"]


@pytest.fixture(scope="session")
def s3_server():
    """moto's S3 server in a thread on a port the system picks, with the
    bucket; stopped at the end of the run."""
    # Not a line per request in the tests' captured log.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    # start() returns once the server's socket listens.
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=KEY,
        aws_secret_access_key=KEY,
    )
    client.create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION}
    )
    yield endpoint, client
    server.stop()


@pytest.fixture
def s3(s3_server, settings):
    """The default storage is the bucket for this test, under a prefix of
    its own (S3_PREFIX), so no test sees another's files."""
    endpoint, client = s3_server
    prefix = f"test-{uuid.uuid4().hex}"
    # Setting STORAGES resets default_storage (Django's setting_changed),
    # which every FileField without a storage of its own reaches through.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_storage(
            BUCKET,
            endpoint_url=endpoint,
            region=REGION,
            access_key_id=KEY,
            secret_access_key=KEY,
            prefix=prefix,
        ),
    }
    return Bucket(client, prefix)
