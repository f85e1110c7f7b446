"""Move documents an older version wrote under MEDIA_ROOT into the documents storage, names unchanged."""

from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from documents.storage import documents_storage

# The folders under MEDIA_ROOT that held generated documents.
FOLDERS = ["agreements"]


class Command(BaseCommand):
    help = (
        "Copy every generated document under MEDIA_ROOT (agreements/) into the documents storage "
        "under the same name, so the rows that name them need no change. Run it once on every machine "
        "that rendered documents; it skips what is already stored, so running it twice is harmless."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--media-root", default=settings.MEDIA_ROOT, help="where the files are (default MEDIA_ROOT)"
        )
        parser.add_argument("--delete", action="store_true", help="remove each local file once it is stored")

    def handle(self, *args, media_root, delete, **options):
        root = Path(media_root)
        storage = documents_storage()
        copied = skipped = 0
        for folder in FOLDERS:
            if not (root / folder).is_dir():
                continue
            for path in sorted(p for p in (root / folder).rglob("*") if p.is_file()):
                name = path.relative_to(root).as_posix()
                if storage.exists(name):
                    skipped += 1
                else:
                    with path.open("rb") as handle:
                        stored = storage.save(name, File(handle, name=name))
                    if stored != name:
                        raise CommandError(f"{name} was stored as {stored}; its row would not find it.")
                    copied += 1
                if delete:
                    path.unlink()
        self.stdout.write(f"{copied} document(s) stored, {skipped} already there.")
