"""``DOCUMENTS_STORAGE=s3``: the settings' own S3 configuration (django-storages) against an S3 API
served in-process by moto. A signed agreement's PDF is kept in the bucket, privately, and downloads
through the app byte for byte; /health/ probes the bucket; ``documents_import`` moves old files there."""

import hashlib
import importlib.util

import boto3
import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from moto import mock_aws

from agreements.models import Agreement, Kind
from agreements.services import agreement_ensure
from agreements.tests.test_agreements import agreement_url, sign
from documents.models import StoredFile
from documents.storage import documents_storage
from matches.tests.factories import MatchFactory
from profiles.tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db

BUCKET = "program-documents"
REGION = "eu-central-1"
PDF = b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\n%%EOF"


def storages_with_s3(monkeypatch) -> dict:
    """STORAGES as mentoring/settings.py builds it from the environment an operator sets for S3."""
    for name, value in {
        "DOCUMENTS_STORAGE": "s3",
        "DOCUMENTS_S3_BUCKET": BUCKET,
        "DOCUMENTS_S3_REGION": REGION,
        "DOCUMENTS_S3_ACCESS_KEY_ID": "test-key",
        "DOCUMENTS_S3_SECRET_ACCESS_KEY": "test-secret",
    }.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("s3_settings", django_settings.BASE_DIR / "mentoring" / "settings.py")
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.STORAGES


@pytest.fixture
def bucket(settings, monkeypatch):
    storages = storages_with_s3(monkeypatch)
    assert storages["documents"]["BACKEND"] == "storages.backends.s3.S3Storage"
    with mock_aws():
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
        settings.STORAGES = storages  # Django rebuilds its storages from the new setting
        # Model fields take their storage when the models are imported, as a process started with
        # DOCUMENTS_STORAGE=s3 would; this one started without it.
        monkeypatch.setattr(Agreement._meta.get_field("pdf"), "storage", documents_storage())
        yield s3


def keys(s3) -> list[str]:
    return [item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def test_a_signed_agreement_is_kept_in_the_bucket_privately_and_downloads_byte_for_byte(
    client, bucket, django_capture_on_commit_callbacks
):
    mentor, mentee = ProfileFactory(mentor=True).user, ProfileFactory().user
    agreement = agreement_ensure(MatchFactory(mentor=mentor, mentee=mentee), Kind.CONFIDENTIALITY)
    for person in (mentee, mentor):
        sign(client, agreement, person, django_capture_on_commit_callbacks)

    agreement.refresh_from_db()
    [key] = keys(bucket)
    assert key == f"documents/{agreement.pdf.name}"
    assert key.endswith(".pdf")
    stored = bucket.get_object(Bucket=BUCKET, Key=key)["Body"].read()
    assert stored.startswith(b"%PDF")
    grants = bucket.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    assert not any("AllUsers" in grant["Grantee"].get("URI", "") for grant in grants), "never public"
    assert not StoredFile.objects.exists()

    response = client.get(agreement_url("pdf", agreement))  # the mentor, logged in last
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == hashlib.sha256(stored).hexdigest()


def test_health_probes_the_bucket_and_leaves_nothing_behind(client, bucket):
    body = client.get("/health/").json()

    assert body["checks"]["storage"]["ok"] is True
    assert body["checks"]["storage"]["detail"] == "wrote, read and deleted a probe"
    assert keys(bucket) == []


def test_documents_left_under_media_root_are_moved_into_the_bucket(bucket, tmp_path):
    (tmp_path / "agreements").mkdir()
    (tmp_path / "agreements" / "partnership-7-old.pdf").write_bytes(PDF)

    call_command("documents_import", media_root=str(tmp_path))
    call_command("documents_import", media_root=str(tmp_path))  # twice is harmless

    assert keys(bucket) == ["documents/agreements/partnership-7-old.pdf"]
    assert documents_storage().open("agreements/partnership-7-old.pdf").read() == PDF
