"""G1–G4: agreements read, agreed and signed by both, frozen with a digest, and a PDF only they can fetch."""

import hashlib
import io
from datetime import datetime
from datetime import timezone as dt_timezone
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from agreements import finalise, selectors, services
from agreements.models import Agreement, AgreementText, Kind, Signature
from documents.models import StoredFile
from documents.pdf import StaticOnlyFetcher, static_base_url
from matches.tests.factories import MatchFactory
from profiles.tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db

TERMS = {
    "goals": "Earn my certification within a year.",
    "expectations": "Monthly coffee and a shared reading list.",
    "min_months": 9,
    "meetings_per_month": 2,
    "contact_between": "weekly",
    "mentee_responsibilities": "Send an agenda the day before.",
    "mentor_responsibilities": "Introduce two people in the industry.",
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def match():
    mentor = ProfileFactory(mentor=True, user__name="Zoë Fairbairn", user__email="zoe@example.org").user
    mentee = ProfileFactory(user__name="Nguyễn Văn An", user__email="an@example.org").user
    return MatchFactory(mentor=mentor, mentee=mentee)


@pytest.fixture
def partnership(match):
    return services.agreement_ensure(match, Kind.PARTNERSHIP)


def agreement_url(name, agreement):
    return reverse(f"agreements:{name}", args=[agreement.match_id, agreement.kind])


def sign(client, agreement, person, django_capture_on_commit_callbacks, name=None, confirmed="on"):
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(
            agreement_url("sign", agreement),
            {"typed_name": person.name if name is None else name, "confirmed": confirmed, "without_goals": "on"},
            follow=True,
        )


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_opening_the_agreements_shows_both_with_the_current_wording_and_writes_nothing(client, match):
    client.force_login(match.mentor)

    body = client.get(reverse("agreements:for_match", args=[match.pk])).content.decode()
    detail = client.get(reverse("agreements:detail", args=[match.pk, Kind.CONFIDENTIALITY])).content.decode()

    assert "Confidentiality agreement" in body
    assert "Mentoring partnership agreement" in body
    assert body.count("Not started") == 2
    assert "keep what is said between us in confidence" in detail
    assert not Agreement.objects.exists(), "a page view creates nothing"


def test_the_first_change_makes_both_agreements_with_the_current_wording(client, match):
    client.force_login(match.mentee)

    client.post(reverse("agreements:terms", args=[match.pk, Kind.PARTNERSHIP]), TERMS)

    assert {(a.kind, a.text.version) for a in Agreement.objects.filter(match=match)} == {
        (Kind.CONFIDENTIALITY, 1),
        (Kind.PARTNERSHIP, 1),
    }


def test_either_partner_edits_the_terms_before_anyone_signs(client, match, partnership):
    client.force_login(match.mentor)

    response = client.post(agreement_url("terms", partnership), TERMS, follow=True)

    assert "Terms saved." in response.content.decode()
    partnership.refresh_from_db()
    assert (partnership.min_months, partnership.contact_between) == (9, "weekly")
    assert "Earn my certification within a year." in response.content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"min_months": 0}, "Ensure this value is greater than or equal to 1."),
        ({"min_months": "a year"}, "Enter a whole number."),
        ({"meetings_per_month": 40}, "Ensure this value is less than or equal to 8."),
        ({"contact_between": "hourly"}, "Select a valid choice."),
    ],
)
def test_bad_terms_are_refused_with_a_message(client, match, partnership, changes, message):
    client.force_login(match.mentee)

    response = client.post(agreement_url("terms", partnership), {**TERMS, **changes})

    assert message in response.content.decode()
    partnership.refresh_from_db()
    assert partnership.min_months == 6


def test_signing_needs_the_exact_name_and_the_tick(client, match, partnership, django_capture_on_commit_callbacks):
    wrong = sign(client, partnership, match.mentee, django_capture_on_commit_callbacks, name="An Nguyen")
    unticked = sign(client, partnership, match.mentee, django_capture_on_commit_callbacks, confirmed="")

    assert "Please type your full name exactly as on your account: Nguyễn Văn An." in wrong.content.decode()
    assert "Please tick the box to confirm you have read the agreement." in unticked.content.decode()
    assert not Signature.objects.exists()

    ok = sign(client, partnership, match.mentee, django_capture_on_commit_callbacks, name="  nguyễn   văn AN ")
    assert "Signed. Your partner is next" in ok.content.decode()


def test_the_first_signature_freezes_exactly_what_was_signed(
    client, match, partnership, django_capture_on_commit_callbacks
):
    client.force_login(match.mentor)
    client.post(agreement_url("terms", partnership), TERMS)

    sign(client, partnership, match.mentee, django_capture_on_commit_callbacks)

    partnership.refresh_from_db()
    assert partnership.digest == hashlib.sha256(partnership.content.encode()).hexdigest()
    assert "Zoë Fairbairn" in partnership.content
    assert "Nguyễn Văn An" in partnership.content
    assert "Earn my certification within a year." in partnership.content
    signature = Signature.objects.get()
    assert (signature.signer, signature.digest, signature.confirmed) == (match.mentee, partnership.digest, True)
    # New wording saved by the coordinator later does not touch the frozen text.
    AgreementText.objects.create(kind=Kind.PARTNERSHIP, version=2, body="Entirely new wording.")
    assert selectors.agreement_content(partnership) == partnership.content


def test_changing_terms_after_a_signature_warns_then_clears_it_and_tells_the_signer(
    client, match, partnership, django_capture_on_commit_callbacks
):
    sign(client, partnership, match.mentee, django_capture_on_commit_callbacks)
    client.force_login(match.mentor)
    url = agreement_url("terms", partnership)

    warned = client.post(url, TERMS)
    assert "Changing the terms clears the signature of Nguyễn Văn An." in warned.content.decode()
    assert Signature.objects.count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        cleared = client.post(url, {**TERMS, "confirm_clear": "on"}, follow=True)

    assert "has been told by e-mail" in cleared.content.decode()
    assert not Signature.objects.exists()
    partnership.refresh_from_db()
    assert (partnership.digest, partnership.content) == ("", "")
    [notice] = [m for m in mail.outbox if m.to == ["an@example.org"]]
    assert "signature was cleared" in notice.subject


def test_both_signatures_make_one_pdf_emailed_once_to_both(
    client, match, partnership, django_capture_on_commit_callbacks, tmp_path
):
    client.force_login(match.mentee)
    client.post(agreement_url("terms", partnership), TERMS)
    sign(client, partnership, match.mentee, django_capture_on_commit_callbacks)
    done = sign(client, partnership, match.mentor, django_capture_on_commit_callbacks)
    again = sign(client, partnership, match.mentor, django_capture_on_commit_callbacks)

    assert "Signed by you both" in done.content.decode()
    assert "You had already signed this agreement." in again.content.decode()
    assert Signature.objects.count() == 2
    partnership.refresh_from_db()
    stored = partnership.pdf.read()
    pdfs = [m for m in mail.outbox if m.attachments]
    assert sorted(m.to[0] for m in pdfs) == ["an@example.org", "zoe@example.org"]
    [turn] = [m for m in mail.outbox if not m.attachments]  # the mentee signed first: the mentor's turn
    assert turn.to == ["zoe@example.org"]
    assert turn.subject == "Nguyễn Văn An signed your mentoring partnership agreement: your turn"
    for message in pdfs:
        name, data, mime = message.attachments[0]
        assert (name, mime) == ("Mentoring partnership agreement.pdf", "application/pdf")
        assert data == stored
        assert partnership.digest in message.body

    text = pdf_text(stored)
    for words in [
        "Zoë Fairbairn",
        "Nguyễn Văn An",
        "Earn my certification within a year.",
        "at least 9 months",
        "Introduce two people in the industry.",
        partnership.digest,
        "Page 1 of",
    ]:
        assert words in text.replace("\n", " ") or words in text, words
    assert hashlib.sha256(partnership.content.encode()).hexdigest() == partnership.digest

    # A retried task renders and sends nothing more; downloads are the stored file, byte for byte.
    finalise.agreement_finalise(agreement_id=partnership.pk)
    assert len(mail.outbox) == 3
    for person in (match.mentor, match.mentee):
        client.force_login(person)
        response = client.get(agreement_url("pdf", partnership))
        assert b"".join(response.streaming_content) == stored
    # The PDF is kept where every node reads it (the database by default), not on this machine's disk.
    assert StoredFile.objects.get(name=partnership.pdf.name).content == stored
    assert not any(tmp_path.rglob("*.pdf"))


def test_the_pdf_is_pdf_a_with_accents_for_every_name(client, django_capture_on_commit_callbacks):
    mentor = ProfileFactory(mentor=True, user__name="Søren Łukasz Kristensen").user
    mentee = ProfileFactory(user__name="Zoë Nguyễn").user
    match = MatchFactory(mentor=mentor, mentee=mentee)
    [confidentiality, _] = services.agreements_ensure(match)
    for person in (mentor, mentee):
        sign(client, confidentiality, person, django_capture_on_commit_callbacks)

    confidentiality.refresh_from_db()
    reader = PdfReader(io.BytesIO(confidentiality.pdf.read()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Søren Łukasz Kristensen" in text
    assert "Zoë Nguyễn" in text
    metadata = reader.trailer["/Root"]["/Metadata"].get_data()  # type: ignore[index]  # pypdf types objects loosely
    assert b'pdfaid:part="2" pdfaid:conformance="U"' in metadata


def test_the_pdf_stamps_signatures_in_the_programs_local_time(
    client, settings, match, partnership, django_capture_on_commit_callbacks
):
    settings.TIME_ZONE = "America/Edmonton"
    # 17:30 UTC on 24 November is 10:30 in Edmonton (MST, UTC−7).
    with time_machine.travel(datetime(2026, 11, 24, 17, 30, tzinfo=dt_timezone.utc), tick=False):
        for person in (match.mentee, match.mentor):
            sign(client, partnership, person, django_capture_on_commit_callbacks)
    partnership.refresh_from_db()
    text = pdf_text(partnership.pdf.read())
    assert "24 November 2026, 10:30 MST" in text
    assert "17:30" not in text
    assert "UTC" not in text


def test_what_people_type_is_never_fetched_and_shows_as_text(
    client, match, partnership, django_capture_on_commit_callbacks
):
    hostile = {**TERMS, "goals": '<img src="http://127.0.0.1:9/x">', "expectations": '<link href="file:///etc/passwd">'}
    client.force_login(match.mentee)
    client.post(agreement_url("terms", partnership), hostile)
    asked = []
    real_fetch = StaticOnlyFetcher.fetch

    def recording_fetch(fetcher, url, headers=None):
        asked.append(url)
        return real_fetch(fetcher, url, headers)

    with mock.patch.object(StaticOnlyFetcher, "fetch", recording_fetch):
        sign(client, partnership, match.mentee, django_capture_on_commit_callbacks)
        sign(client, partnership, match.mentor, django_capture_on_commit_callbacks)

    partnership.refresh_from_db()
    text = pdf_text(partnership.pdf.read())
    assert '<img src="http://127.0.0.1:9/x">' in text
    assert "root:" not in text
    # The agreement was drawn through the locked fetcher, which was asked for the stylesheet alone.
    assert asked == [static_base_url() + "css/pdf.css"]


def test_agreements_are_not_found_for_strangers_and_other_matches(
    client, match, partnership, coordinator, django_capture_on_commit_callbacks
):
    for person in (match.mentee, match.mentor):
        sign(client, partnership, person, django_capture_on_commit_callbacks)
    other_match = MatchFactory()
    stranger = ProfileFactory().user
    urls = [
        ("get", reverse("agreements:for_match", args=[match.pk])),
        ("get", agreement_url("detail", partnership)),
        ("get", agreement_url("pdf", partnership)),
        ("post", agreement_url("sign", partnership)),
        ("post", agreement_url("terms", partnership)),
    ]
    for person in (stranger, other_match.mentor, other_match.mentee):
        client.force_login(person)
        for method, url in urls:
            assert getattr(client, method)(url, {"typed_name": person.name, "confirmed": "on"}).status_code == 404, (
                person,
                url,
            )
    client.logout()
    assert client.get(agreement_url("pdf", partnership)).status_code == 302

    client.force_login(coordinator)
    assert client.get(agreement_url("pdf", partnership)).status_code == 200
    assert (
        client.post(agreement_url("sign", partnership), {"typed_name": coordinator.name, "confirmed": "on"}).status_code
        == 404
    )


def test_the_coordinator_edits_the_wording_as_new_versions(client, coordinator, match, partnership, mentor):
    client.force_login(coordinator)
    url = reverse("agreements:texts")

    response = client.post(url, {"kind": "partnership", "body": "Our new wording."}, follow=True)
    same = client.post(url, {"kind": "partnership", "body": "Our new wording."}, follow=True)

    assert "Saved as version 2" in response.content.decode()
    assert "No change to save." in same.content.decode()
    assert list(AgreementText.objects.filter(kind="partnership").values_list("version", flat=True)) == [2, 1]
    partnership.refresh_from_db()
    assert partnership.text.version == 1, "an existing agreement keeps its wording"
    newer = MatchFactory(mentor=mentor)
    assert services.agreements_ensure(newer)[1].text.body == "Our new wording."
    client.force_login(mentor)
    assert client.get(url).status_code == 404


def test_each_wording_version_opens_read_only_with_its_changes_word_by_word_and_who_signed_it(
    client, coordinator, match, django_capture_on_commit_callbacks
):
    confidentiality = services.agreement_ensure(match, Kind.CONFIDENTIALITY)
    for person in (match.mentee, match.mentor):
        sign(client, confidentiality, person, django_capture_on_commit_callbacks)
    first = AgreementText.objects.get(kind="confidentiality", version=1).body
    second = first.replace("in confidence", "strictly in confidence", 1) + "\n\nA new closing paragraph."
    services.text_update(kind="confidentiality", body=second, by=coordinator)
    client.force_login(coordinator)

    listing = client.get(reverse("agreements:texts") + "?kind=confidentiality").content.decode()
    one = client.get(reverse("agreements:text_version", args=["confidentiality", 1])).content.decode()
    two = client.get(reverse("agreements:text_version", args=["confidentiality", 2])).content.decode()

    assert f'href="{reverse("agreements:text_version", args=["confidentiality", 1])}">Version 1</a>' in listing
    assert (
        f'href="{reverse("agreements:text_version", args=["confidentiality", 2])}">Version 2</a> (current)' in listing
    )
    assert "What changed" not in one, "the first version has nothing before it"
    assert "A newer version (version 2) is used for new agreements" in one
    assert "Nguyễn Văn An and Zoë Fairbairn" in one
    assert "<textarea" not in one, "read-only"
    assert "What changed from version 1" in two
    assert '<ins><span class="visually-hidden">added: </span>strictly</ins>' in two
    assert '<ins><span class="visually-hidden">added: </span>A new closing paragraph.</ins>' in two
    assert "No agreement signed with this version." in two
    assert "This is the current version" in two
    for missing in (["confidentiality", 3], ["nonsense", 1], ["confidentiality", 0]):
        assert client.get(reverse("agreements:text_version", args=missing)).status_code == 404


def test_status_shows_on_the_match_and_the_home_page_says_what_waits(
    client, coordinator, match, partnership, django_capture_on_commit_callbacks
):
    sign(client, partnership, match.mentee, django_capture_on_commit_callbacks)

    client.force_login(match.mentor)
    home = client.get(reverse("home")).content.decode()
    assert "Waiting for your signature" in home
    assert f"Mentoring partnership agreement with {match.mentee.name}</a> (signed by one)" in home
    client.force_login(match.mentee)
    home = client.get(reverse("home")).content.decode()
    assert "Mentoring partnership agreement with" not in home
    assert f"Confidentiality agreement with {match.mentor.name}</a> (not started)" in home

    client.force_login(coordinator)
    page = client.get(reverse("dashboard:match", args=[match.pk])).content.decode()
    assert "signed by one" in page
    assert "not started" in page


def test_a_match_counts_as_unsigned_until_both_have_signed_both_agreements(match):
    from agreements.selectors import unsigned_matches

    from .factories import AgreementFactory, SignatureFactory

    confidentiality = AgreementFactory(match=match, kind=Kind.CONFIDENTIALITY, frozen=True)
    partnership = AgreementFactory(match=match, kind=Kind.PARTNERSHIP, frozen=True)
    for agreement in (confidentiality, partnership):
        SignatureFactory(agreement=agreement)
    assert list(unsigned_matches()) == [match]

    SignatureFactory(agreement=confidentiality, signer=match.mentor)
    SignatureFactory(agreement=partnership, signer=match.mentor)
    assert list(unsigned_matches()) == []
    assert partnership.digest == hashlib.sha256(partnership.content.encode()).hexdigest()


def test_signing_with_no_goals_written_asks_first(client, match, partnership, django_capture_on_commit_callbacks):
    client.force_login(match.mentee)
    page = client.get(agreement_url("detail", partnership)).content.decode()
    assert "Our goals are not written yet; I sign anyway." in page
    assert page.index("Our terms") < page.index("Sign the agreement"), "the terms come before the signature"

    refused = client.post(
        agreement_url("sign", partnership), {"typed_name": match.mentee.name, "confirmed": "on"}, follow=True
    )
    assert "Your goals are not written yet." in refused.content.decode()
    assert not Signature.objects.exists()

    client.post(agreement_url("terms", partnership), TERMS)
    page = client.get(agreement_url("detail", partnership)).content.decode()
    assert "I sign anyway" not in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(agreement_url("sign", partnership), {"typed_name": match.mentee.name, "confirmed": "on"})
    assert Signature.objects.count() == 1


def test_the_text_reads_as_headings_paragraphs_and_lists(client, match, partnership):
    client.force_login(match.mentor)

    page = client.get(agreement_url("detail", partnership)).content.decode()

    assert "<h4>Our goals for this partnership</h4>" in page
    assert "<li>The partnership lasts at least 6 months.</li>" in page
    assert "OUR TERMS" not in page
    assert "- " not in page.split('agreement-text">')[1].split("</div>")[0]


def test_the_document_form_escapes_what_people_type():
    from agreements.text import to_html

    html = to_html("# Title\nA <b>bold</b> claim\n\n- one <script>\n- two\nOUR TERMS\n\nEnd.")

    assert html == (
        "<h2>Title</h2>\n<p>A &lt;b&gt;bold&lt;/b&gt; claim</p>\n<ul><li>one &lt;script&gt;</li><li>two</li></ul>\n"
        "<h2>Our terms</h2>\n<p>End.</p>"
    )


@pytest.mark.parametrize("typed", ["Nguyen Van An", "nguyễn văn an", "  NGUYEN   van  AN "])
def test_a_name_typed_without_accents_signs_and_the_typing_is_kept(
    client, match, partnership, typed, django_capture_on_commit_callbacks
):
    response = sign(client, partnership, match.mentee, django_capture_on_commit_callbacks, name=typed)

    assert "Signed. Your partner is next" in response.content.decode()
    assert Signature.objects.get().typed_name == " ".join(typed.split())


def test_names_fold_letters_that_have_no_accent_to_drop():
    from agreements.signatures import names_match

    assert names_match("Soren Lukasz Kristensen", "Søren Łukasz Kristensen")
    assert names_match("Dang Thi Mai", "Đặng Thị Mai")
    assert not names_match("Nguyen Van Anh", "Nguyễn Văn An")


def test_the_pdf_header_prints_the_program_name_as_written_and_the_download_names_it_safely(
    client, match, django_capture_on_commit_callbacks
):
    from profiles.models import ProgramSettings

    program = ProgramSettings.load()
    program.program_name = 'Bow Valley "Bridges" <Mentoring> & Co\'s'
    program.save()
    [confidentiality, _] = services.agreements_ensure(match)
    for person in (match.mentor, match.mentee):
        sign(client, confidentiality, person, django_capture_on_commit_callbacks)

    confidentiality.refresh_from_db()
    text = pdf_text(confidentiality.pdf.read())
    assert 'Bow Valley "Bridges" <Mentoring> & Co\'s' in text
    assert "u0022" not in text
    assert "&quot;" not in text
    assert "&lt;" not in text
    response = client.get(agreement_url("pdf", confidentiality))
    assert response["Content-Disposition"] == (
        'attachment; filename="Confidentiality agreement - Nguyen Van An and Zoe Fairbairn.pdf"; '
        "filename*=utf-8''Confidentiality%20agreement%20-%20Nguy%E1%BB%85n%20V%C4%83n%20An%20and%20Zo%C3%AB%20Fairbairn.pdf"
    )


def test_a_mentor_with_two_mentees_sees_each_agreement_named_by_partner(client, match):
    """27.4: four links "Confidentiality agreement", "Mentoring partnership agreement" twice, no name."""
    other = MatchFactory(mentor=match.mentor, mentee=ProfileFactory(user__name="Aisha Bello").user)
    services.agreements_ensure(match)
    services.agreements_ensure(other)
    client.force_login(match.mentor)

    home = client.get(reverse("home")).content.decode()
    mine = client.get(reverse("my_match")).content.decode()
    page = client.get(reverse("agreements:for_match", args=[other.pk])).content.decode()

    for mentee in (match.mentee, other.mentee):
        for label in ("Confidentiality agreement", "Mentoring partnership agreement"):
            assert f"{label} with {mentee.name}</a>" in home
        assert f'agreements<span class="visually-hidden"> with {mentee.name}</span>' in home
        assert f"Agreements with {mentee.get_short_name()}</a>" in mine
        assert f"Notebook with {mentee.get_short_name()}</a>" in mine
    assert f'<h1 class="h3 mb-1">Agreements of Aisha Bello and {match.mentor.name}</h1>' in page


def test_a_name_typed_in_lower_case_is_printed_beside_the_accounts_name(
    client, match, partnership, django_capture_on_commit_callbacks
):
    """27.12: "farida rahimi" was printed as typed; the account's name is printed first, the typing beside it."""
    client.force_login(match.mentee)
    client.post(agreement_url("terms", partnership), TERMS)
    sign(client, partnership, match.mentee, django_capture_on_commit_callbacks, name="nguyen van an")
    sign(client, partnership, match.mentor, django_capture_on_commit_callbacks)

    page = client.get(agreement_url("detail", partnership)).content.decode()
    partnership.refresh_from_db()
    text = " ".join(pdf_text(partnership.pdf.read()).split())

    assert "<strong>Nguyễn Văn An</strong> signed on" in page
    assert "(typed “nguyen van an”)" in page
    assert "<strong>Zoë Fairbairn</strong> signed on" in page
    assert "(typed “Zoë Fairbairn”)" not in page, "nothing to add when typed as on the account"
    assert "Signed by (the account's name)" in text
    assert "Name as typed" in text
    assert "Nguyễn Văn An" in text
    assert "nguyen van an" in text
    assert str(Signature.objects.get(signer=match.mentee)).startswith("Nguyễn Văn An (typed “nguyen van an”)")
