"""The documents storage: bytes in the database, through Django's storage API; files moved from MEDIA_ROOT."""

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from documents.models import StoredFile
from documents.storage import DatabaseStorage, documents_storage

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF"


def test_the_default_documents_storage_is_the_database():
    assert isinstance(documents_storage(), DatabaseStorage)


def test_a_saved_document_reads_back_byte_for_byte_and_is_deleted():
    storage = documents_storage()

    name = storage.save("agreements/partnership-1-abc.pdf", ContentFile(PDF))

    assert name == "agreements/partnership-1-abc.pdf"
    assert storage.exists(name)
    assert storage.size(name) == len(PDF)
    with storage.open(name) as handle:
        assert handle.read() == PDF
    assert storage.listdir("agreements") == ([], ["partnership-1-abc.pdf"])
    assert storage.listdir("") == (["agreements"], [])
    storage.delete(name)
    assert not storage.exists(name)
    assert not StoredFile.objects.exists()


def test_a_name_already_taken_is_never_overwritten():
    storage = documents_storage()
    first = storage.save("agreements/a.pdf", ContentFile(b"first"))

    second = storage.save("agreements/a.pdf", ContentFile(b"second"))

    assert second != first
    assert second.startswith("agreements/a_")
    assert second.endswith(".pdf")
    assert storage.open(first).read() == b"first"
    assert storage.open(second).read() == b"second"


def test_a_missing_document_is_a_clear_file_not_found():
    with pytest.raises(FileNotFoundError, match=r"agreements/none\.pdf"):
        documents_storage().open("agreements/none.pdf")
    with pytest.raises(FileNotFoundError):
        documents_storage().size("agreements/none.pdf")


def test_documents_left_under_media_root_are_moved_under_the_same_names(tmp_path, capsys):
    (tmp_path / "agreements").mkdir()
    (tmp_path / "agreements" / "partnership-7-old.pdf").write_bytes(PDF)
    (tmp_path / "unrelated.txt").write_text("not a document")

    call_command("documents_import", media_root=str(tmp_path), delete=True)
    call_command("documents_import", media_root=str(tmp_path))

    assert documents_storage().open("agreements/partnership-7-old.pdf").read() == PDF
    assert list(StoredFile.objects.values_list("name", flat=True)) == ["agreements/partnership-7-old.pdf"]
    assert not (tmp_path / "agreements" / "partnership-7-old.pdf").exists()
    assert (tmp_path / "unrelated.txt").exists()
    out = capsys.readouterr().out
    assert "1 document(s) stored, 0 already there." in out
    assert "0 document(s) stored" in out
