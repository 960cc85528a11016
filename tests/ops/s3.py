"""An S3-compatible server on loopback for the tests: moto's, in a thread of the test run."""

import socket
import uuid

import boto3

ACCESS = {"aws_access_key_id": "centenaire-test", "aws_secret_access_key": "centenaire-test"}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class S3Server:
    def __init__(self):
        from moto.server import ThreadedMotoServer

        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)

    def __enter__(self):
        self.server.start()
        return self

    def __exit__(self, *exc):
        self.server.stop()

    def client(self):
        return boto3.client("s3", endpoint_url=self.endpoint, region_name="us-east-1", **ACCESS)

    def new_bucket(self):
        name = f"centenaire-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(Bucket=name)
        return name

    def environment(self, bucket):
        """The variables that switch production settings to this bucket."""
        return {
            "AWS_STORAGE_BUCKET_NAME": bucket,
            "AWS_S3_ENDPOINT_URL": self.endpoint,
            "AWS_S3_REGION_NAME": "us-east-1",
            "AWS_S3_ADDRESSING_STYLE": "path",
            "AWS_ACCESS_KEY_ID": ACCESS["aws_access_key_id"],
            "AWS_SECRET_ACCESS_KEY": ACCESS["aws_secret_access_key"],
        }

    def storages(self, bucket, **options):
        """STORAGES as centenaire/settings/base.py builds it from those variables."""
        return {
            "default": {
                "BACKEND": "stories.object_storage.MediaStorage",
                "OPTIONS": {
                    "bucket_name": bucket,
                    "endpoint_url": self.endpoint,
                    "region_name": "us-east-1",
                    "addressing_style": "path",
                    "access_key": ACCESS["aws_access_key_id"],
                    "secret_key": ACCESS["aws_secret_access_key"],
                    "default_acl": None,
                    "file_overwrite": False,
                    "signature_version": "s3v4",
                    **options,
                },
            },
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
