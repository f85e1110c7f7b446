"""M8: a mentor's card and photo. What a mentee sees of a mentor is the card; the photo is an image we
redraw without its metadata, kept in the documents storage and served only to those who may see the card."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from matches.models import Match, MatchStatus
from profiles.models import Profile

from .factories import mentee, mentor, requests_on

pytestmark = pytest.mark.django_db


def jpeg_with_location(size=(800, 600)) -> bytes:
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = {1: "N", 2: (53.0, 32.0, 0.0), 3: "W", 4: (113.0, 29.0, 0.0)}
    exif[0x8825] = gps  # GPSInfo: where the photo was taken
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def upload(
    client, person, data: bytes, name="me.jpg", bio="I inspect bridges and enjoy helping people find their way."
):
    client.force_login(person)
    return client.post(
        reverse("requests:my_card"),
        {"bio": bio, "photo": SimpleUploadedFile(name, data, content_type="image/jpeg")},
        follow=True,
    )


def test_a_photo_is_kept_small_and_without_its_location(client):
    grace = mentor("Grace Okafor")
    original = jpeg_with_location()
    assert Image.open(io.BytesIO(original)).getexif().get(0x8825)

    response = upload(client, grace, original)

    assert "Your card is saved" in response.content.decode()
    served = client.get(reverse("requests:photo", args=[grace.pk]))
    assert served["Content-Type"] == "image/jpeg"
    assert served["Cache-Control"] == "private, max-age=600"
    kept = Image.open(io.BytesIO(b"".join(served.streaming_content)))
    assert max(kept.size) <= 480
    assert not kept.getexif(), "the photo kept metadata"
    assert b"PhoneMaker" not in b"".join(client.get(reverse("requests:photo", args=[grace.pk])).streaming_content)


def test_a_file_that_is_not_an_image_is_refused(client):
    grace = mentor("Grace Okafor")

    response = upload(client, grace, b"%PDF-1.7 not a photo", name="cv.jpg")

    assert "This file is not a photo we can read" in response.content.decode()
    assert not Profile.objects.get(user=grace).photo


def test_a_huge_image_is_refused(client):
    grace = mentor("Grace Okafor")
    out = io.BytesIO()
    Image.new("L", (9000, 9000)).save(out, format="PNG")  # 81 million pixels, a small file

    response = upload(client, grace, out.getvalue(), name="huge.png")

    assert "too many pixels" in response.content.decode()
    assert not Profile.objects.get(user=grace).photo


def test_a_file_over_five_megabytes_is_refused(client):
    grace = mentor("Grace Okafor")

    response = upload(client, grace, b"\xff\xd8" + b"0" * (5 * 1024 * 1024 + 1))

    assert "The photo is too large" in response.content.decode()


def test_the_card_shows_what_it_lacks_until_it_is_complete(client):
    grace = mentor("Grace Okafor")
    client.force_login(grace)

    page = client.get(reverse("requests:my_card")).content.decode()

    assert "Mentees choose by this" in page
    assert "a photo (optional" in page
    assert "a bio of a few sentences" in page


def test_who_may_fetch_a_photo(client, coordinator):
    requests_on()
    grace = mentor("Grace Okafor")
    upload(client, grace, jpeg_with_location())
    client.logout()
    url = reverse("requests:photo", args=[grace.pk])
    suggested_to = mentee("Aisha Rahman")
    partner = mentee("Priya Sharma")
    Match.objects.create(mentor=grace, mentee=partner, status=MatchStatus.ACTIVE)
    not_suggested = mentee("Olek Kowalczyk", languages=["Polish"])  # no language in common with Grace
    other_mentor = mentor("Zoë Fairbairn")

    assert client.get(url).status_code == 302  # a visitor: to log in, never the photo
    for person, status in [
        (grace, 200),
        (coordinator, 200),
        (suggested_to, 200),
        (partner, 200),
        (not_suggested, 404),
        (other_mentor, 404),
    ]:
        client.force_login(person)
        assert client.get(url).status_code == status, person
        assert client.get(reverse("requests:card", args=[grace.pk])).status_code == status, person


def test_a_mentee_never_reaches_a_card_outside_her_suggestions(client):
    requests_on(suggestions_shown=1)
    best, second = mentor("Grace Okafor"), mentor("Łukasz Nowak", city="Calgary")
    aisha = mentee("Aisha Rahman")
    client.force_login(aisha)

    page = client.get(reverse("requests:choose")).content.decode()

    assert "Grace Okafor" in page
    assert "Łukasz Nowak" not in page
    assert client.get(reverse("requests:card", args=[best.pk])).status_code == 200
    assert client.get(reverse("requests:card", args=[second.pk])).status_code == 404


def test_the_card_shows_only_what_mentees_choose_by(client):
    requests_on()
    grace = mentor("Grace Okafor")
    Profile.objects.filter(user=grace).update(coordinator_notes="Private: slow to answer e-mail.")
    client.force_login(mentee("Aisha Rahman"))

    page = client.get(reverse("requests:card", args=[grace.pk])).content.decode()

    assert "Grace Okafor" in page
    assert "Expertise" in page
    assert "slow to answer" not in page
    assert grace.email not in page


def test_a_mentors_photo_is_in_her_data_download_and_gone_when_she_is_erased(
    client, django_capture_on_commit_callbacks
):
    from profiles import privacy

    grace = mentor("Grace Okafor")
    upload(client, grace, jpeg_with_location())
    stored = Profile.objects.get(user=grace).photo
    name, storage = stored.name, stored.storage

    exported = privacy.export(grace)
    assert Image.open(io.BytesIO(exported.files["photo.jpg"])).format == "JPEG"

    with django_capture_on_commit_callbacks(execute=True):
        counts = privacy.erase(grace)

    assert counts["photos"] == 1
    assert not Profile.objects.get(user=grace).photo
    assert not storage.exists(name)
