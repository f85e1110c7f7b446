"""The access table: for every URL pattern of the project, who may open it with the demo's objects.

Objects belong to one pair, Aisha (mentee) and Grace (mentor), or, for what follows a close, to
Mateo and Søren's completed partnership. Everyone else is someone to whom these are other
people's objects: Priya and Zoë (another pair), an applicant, the visitor. ``tests/test_access.py``
opens every URL as every one of them; a URL pattern missing here fails that test by name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

VISITOR, APPLICANT = "visitor", "applicant"
MENTEE, MENTOR = "mentee", "mentor"  # the pair the objects belong to
OTHER_MENTEE, OTHER_MENTOR = "other mentee", "other mentor"  # another active pair
FORMER_MENTEE, FORMER_MENTOR = "former mentee", "former mentor"  # a completed partnership
COORDINATOR = "coordinator"

PEOPLE = {
    VISITOR: None,
    APPLICANT: "lea@example.com",
    MENTEE: "aisha@example.com",
    MENTOR: "grace@example.com",
    OTHER_MENTEE: "priya@example.com",
    OTHER_MENTOR: "zoe@example.com",
    FORMER_MENTEE: "mateo@example.com",
    FORMER_MENTOR: "soren@example.com",
    COORDINATOR: "coordinator@example.com",
}
EVERYONE = frozenset(PEOPLE)
LOGGED_IN = EVERYONE - {VISITOR}
PARTICIPANTS = LOGGED_IN - {COORDINATOR}
APPROVED = PARTICIPANTS - {APPLICANT}
MENTEES = {MENTEE, OTHER_MENTEE, FORMER_MENTEE}
MENTORS = {MENTOR, OTHER_MENTOR, FORMER_MENTOR}
PAIR = {MENTEE, MENTOR}
ONLY_COORDINATOR = {COORDINATOR}


@dataclass(frozen=True)
class Rule:
    """Who may use the URL (``allowed``); everyone else gets 404 (a visitor: 404 or the login page).

    ``get``/``post``: which methods are tried. A POST by someone not allowed must change nothing.
    ``args``: the URL's parameters, by name, from the world (see ``world``).
    ``public``: anyone may use it (the login pages, links carrying their own token); only no 5xx is checked.
    """

    allowed: frozenset | set = frozenset()
    args: dict = field(default_factory=dict)
    get: bool = True
    post: bool = True
    public: bool = False


def public(**args) -> Rule:
    return Rule(allowed=EVERYONE, args=args, post=False, public=True)


TABLE: dict[str, Rule] = {
    # Public pages and allauth's own.
    "home": public(),
    "contact": public(),
    "healthz": public(),
    "health": public(),
    "favicon.ico": public(),
    "guide": public(),
    "guide_page": public(page="boundaries"),
    "my_match": Rule(allowed=APPROVED, post=False),
    "account": Rule(allowed=LOGGED_IN, post=False),
    "my_plan": public(),  # only a redirect to plans:mine, which decides who may see what
    "account_login": public(),
    "account_logout": Rule(allowed=EVERYONE, post=False, public=True),
    "account_inactive": public(),
    "account_signup": public(),
    "account_reauthenticate": Rule(allowed=LOGGED_IN, post=False),
    "account_email": Rule(allowed=LOGGED_IN, post=False),
    "account_email_verification_sent": public(),
    "account_change_password": Rule(allowed=LOGGED_IN, post=False),
    "account_set_password": Rule(allowed=LOGGED_IN, post=False, public=True),
    "account_reset_password": public(),
    "account_confirm_login_code": public(),
    "account_confirm_email": public(key="not-a-key"),
    "account_reset_password_from_key_done": public(),
    "account_reset_password_from_key": public(uidb36="1", key="not-a-key"),
    "account_reset_password_done": public(),
    "account_request_login_code": public(),
    # allauth.mfa: each person's own two-factor settings (a step of logging in, for mfa_authenticate).
    "mfa_index": Rule(allowed=LOGGED_IN, post=False, public=True),
    "mfa_authenticate": public(),
    "mfa_reauthenticate": Rule(allowed=LOGGED_IN, post=False, public=True),
    "mfa_activate_totp": Rule(allowed=LOGGED_IN, post=False, public=True),
    "mfa_deactivate_totp": Rule(allowed=LOGGED_IN, post=False, public=True),
    "mfa_view_recovery_codes": Rule(allowed=LOGGED_IN, post=False, public=True),
    "mfa_generate_recovery_codes": Rule(allowed=LOGGED_IN, post=False, public=True),
    "mfa_download_recovery_codes": Rule(allowed=LOGGED_IN, post=False, public=True),
    "mfa_list_webauthn": Rule(allowed=LOGGED_IN, post=False, public=True),
    "mfa_add_webauthn": Rule(allowed=LOGGED_IN, post=False, public=True),
    "mfa_reauthenticate_webauthn": Rule(allowed=LOGGED_IN, post=False, public=True),
    # Someone else's security key (Łukasz's): allauth first asks anyone to confirm their password
    # (a redirect, whatever the id), then looks the key up among their own: a 404
    # (profiles/tests/test_two_factor.py checks that second step).
    "mfa_edit_webauthn": Rule(allowed=LOGGED_IN, args={"pk": "security_key"}, public=True),
    "mfa_remove_webauthn": Rule(allowed=LOGGED_IN, args={"pk": "security_key"}, public=True),
    # notifications: each person's own; the unsubscribe link carries its own token
    "notifications:list": Rule(allowed=LOGGED_IN, post=False),
    "notifications:open": Rule(allowed={MENTEE}, args={"pk": "notification"}, get=False),
    "notifications:read_all": Rule(allowed=LOGGED_IN, get=False),
    "notifications:preferences": Rule(allowed=LOGGED_IN, get=False),
    "notifications:unsubscribe": public(token="unsubscribe_token"),
    # profiles
    "profiles:apply": Rule(allowed=LOGGED_IN, post=False, public=True),
    "profiles:names": Rule(allowed=LOGGED_IN, post=False),
    "profiles:apply_role": Rule(allowed=LOGGED_IN, args={"role": "mentee"}, post=False, public=True),
    "profiles:invitation": public(token="invitation_token"),
    "profiles:review_list": Rule(allowed=ONLY_COORDINATOR),
    "profiles:review_detail": Rule(allowed=ONLY_COORDINATOR, args={"pk": "applicant_profile"}),
    "profiles:invite": Rule(allowed=ONLY_COORDINATOR),
    "profiles:invitation_resend": Rule(allowed=ONLY_COORDINATOR, args={"pk": "invitation"}, get=False),
    "profiles:invitation_withdraw": Rule(allowed=ONLY_COORDINATOR, args={"pk": "invitation"}, get=False),
    "profiles:review_approve": Rule(allowed=ONLY_COORDINATOR, get=False),
    "profiles:settings": Rule(allowed=ONLY_COORDINATOR),
    # matches
    "matches:workspace": Rule(allowed=ONLY_COORDINATOR),
    "matches:propose_bulk": Rule(allowed=ONLY_COORDINATOR, get=False),
    "matches:proposal": Rule(allowed=ONLY_COORDINATOR, args={"pk": "proposal_run"}),
    "matches:publish_all": Rule(allowed=ONLY_COORDINATOR, get=False),
    "matches:suggestions": Rule(allowed=ONLY_COORDINATOR, args={"mentee_pk": "waiting_mentee"}),
    "matches:publish": Rule(allowed=ONLY_COORDINATOR, args={"pk": "proposed_match"}, get=False),
    "matches:drop": Rule(allowed=ONLY_COORDINATOR, args={"pk": "proposed_match"}, get=False),
    "matches:detail": Rule(allowed=PAIR | ONLY_COORDINATOR, args={"pk": "match"}, post=False),
    "matches:not_again": Rule(allowed=ONLY_COORDINATOR, args={"mentee_pk": "waiting_mentee"}, get=False),
    # requests (M8): the demo's Olek asked Grace, who has not answered; Grace's card (and photo) is for
    # herself, her mentee, the coordinator, and mentees who have her among their suggestions (none of the
    # table's: Priya is matched, Mateo's suggestions are others) or asked her (Olek, not in the table).
    "requests:choose": Rule(allowed=MENTEES),
    "requests:card": Rule(allowed=PAIR | ONLY_COORDINATOR, args={"mentor_pk": "mentor_user"}, post=False),
    "requests:photo": Rule(allowed=PAIR | ONLY_COORDINATOR, args={"mentor_pk": "mentor_user"}, post=False),
    "requests:my_card": Rule(allowed=MENTORS),
    "requests:withdraw": Rule(allowed=ONLY_COORDINATOR, args={"pk": "mentor_request"}, get=False),
    "requests:incoming": Rule(allowed=MENTORS, post=False),
    "requests:answer": Rule(allowed={MENTOR}, args={"pk": "asked_choice"}),
    "requests:answer_by_link": public(pk="asked_choice", token="asked_choice_token"),
    "requests:coordinator": Rule(allowed=ONLY_COORDINATOR, post=False),
    "requests:answer_for": Rule(allowed=ONLY_COORDINATOR, args={"pk": "asked_choice"}, get=False),
    "requests:match_by_hand": Rule(allowed=ONLY_COORDINATOR, args={"pk": "mentor_request"}, get=False),
    # checkins
    "checkins:answer": Rule(allowed={MENTEE}, args={"pk": "checkin"}),
    "checkins:answer_by_link": public(pk="checkin", token="checkin_token"),
    "checkins:notebook": Rule(allowed=PAIR, args={"match_pk": "match"}),
    "checkins:notebook_edit": Rule(allowed={MENTEE}, args={"pk": "notebook_entry"}),
    "checkins:notebook_remove": Rule(allowed={MENTEE}, args={"pk": "notebook_entry"}, get=False),
    "checkins:coordinator": Rule(allowed=ONLY_COORDINATOR, post=False),
    "checkins:open_month": Rule(allowed=ONLY_COORDINATOR, get=False),
    # meetings: a partnership's meetings are its partners' alone; the coordinator sees that they happen on
    # the match page, never this page with what they were to talk about (404). "meeting" is Grace and
    # Aisha's planned one; the calendar address is each approved participant's own.
    "meetings:for_match": Rule(allowed=PAIR, args={"match_pk": "match"}),
    "meetings:accept": Rule(allowed=PAIR, args={"pk": "meeting"}, get=False),
    "meetings:decline": Rule(allowed=PAIR, args={"pk": "meeting"}, get=False),
    "meetings:change": Rule(allowed=PAIR, args={"pk": "meeting"}),
    "meetings:cancel": Rule(allowed=PAIR, args={"pk": "meeting"}, get=False),
    "meetings:held": Rule(allowed=PAIR, args={"pk": "meeting"}),
    "meetings:missed": Rule(allowed=PAIR, args={"pk": "meeting"}, get=False),
    "meetings:invitation": Rule(allowed=PAIR, args={"pk": "meeting"}, post=False),
    "meetings:calendar": Rule(allowed=APPROVED),
    "meetings:feed": public(token="feed_token"),
    # agreements
    "agreements:for_match": Rule(allowed=PAIR | ONLY_COORDINATOR, args={"match_pk": "match"}, post=False),
    "agreements:detail": Rule(
        allowed=PAIR | ONLY_COORDINATOR, args={"match_pk": "match", "kind": "partnership"}, post=False
    ),
    "agreements:terms": Rule(allowed=PAIR, args={"match_pk": "match", "kind": "partnership"}, get=False),
    "agreements:sign": Rule(allowed=PAIR, args={"match_pk": "match", "kind": "confidentiality"}, get=False),
    "agreements:pdf": Rule(
        allowed=PAIR | ONLY_COORDINATOR, args={"match_pk": "match", "kind": "confidentiality"}, post=False
    ),
    "agreements:texts": Rule(allowed=ONLY_COORDINATOR),
    "agreements:text_version": Rule(
        allowed=ONLY_COORDINATOR, args={"kind": "confidentiality", "version": "1"}, post=False
    ),
    # plans (the mentee shares the plan with the coordinator in the demo)
    "plans:mine": Rule(allowed=MENTEES, post=False),
    "plans:create": Rule(allowed=MENTEES, post=False),
    "plans:carry": Rule(allowed=MENTEES, get=False),
    "plans:detail": Rule(allowed=PAIR | ONLY_COORDINATOR, args={"pk": "plan"}, post=False),
    "plans:edit": Rule(allowed={MENTEE}, args={"pk": "plan"}),
    "plans:action_status": Rule(allowed={MENTEE}, args={"pk": "plan", "goal": "1", "action": "1"}, get=False),
    "plans:checkpoint_held": Rule(allowed={MENTEE}, args={"pk": "plan", "position": "1"}, get=False),
    "plans:versions": Rule(allowed=PAIR | ONLY_COORDINATOR, args={"pk": "plan"}, post=False),
    "plans:version": Rule(allowed=PAIR | ONLY_COORDINATOR, args={"pk": "plan", "number": "1"}, post=False),
    "plans:diff": Rule(allowed=PAIR | ONLY_COORDINATOR, args={"pk": "plan"}, post=False),
    "plans:comments": Rule(allowed=PAIR, args={"pk": "plan"}),
    "plans:pdf": Rule(allowed=PAIR | ONLY_COORDINATOR, args={"pk": "plan"}, post=False),
    "plans:overview": Rule(allowed=ONLY_COORDINATOR, post=False),
    # support
    "support:report": Rule(allowed=PARTICIPANTS, post=False),
    "support:report_by_link": public(token="report_token"),
    "support:mine": Rule(allowed=PARTICIPANTS, post=False),
    "support:inbox": Rule(allowed=ONLY_COORDINATOR, post=False),
    "support:detail": Rule(allowed=ONLY_COORDINATOR, args={"pk": "concern"}),
    "support:library": Rule(allowed=LOGGED_IN, post=False),
    "support:resources": Rule(allowed=ONLY_COORDINATOR, post=False),
    "support:resource_add": Rule(allowed=ONLY_COORDINATOR),
    "support:resource_edit": Rule(allowed=ONLY_COORDINATOR, args={"pk": "resource"}),
    "support:resource_retire": Rule(allowed=ONLY_COORDINATOR, args={"pk": "resource"}, get=False),
    # endings
    "endings:close": Rule(allowed=PAIR | ONLY_COORDINATOR, args={"pk": "match"}),
    "endings:closed": Rule(allowed={FORMER_MENTEE, FORMER_MENTOR}, args={"pk": "closed_match"}, post=False),
    "endings:plan_archive": Rule(allowed={FORMER_MENTEE, FORMER_MENTOR}, args={"pk": "closed_match"}, post=False),
    "endings:thank": Rule(allowed={MENTEE}, args={"match_pk": "match"}),
    "endings:nominate": Rule(allowed={MENTEE}, args={"match_pk": "match"}),
    "endings:survey": Rule(allowed={FORMER_MENTEE}, args={"pk": "survey"}),
    "endings:survey_by_link": public(pk="survey", token="survey_token"),
    "endings:ask_for_mentor": Rule(allowed=MENTEES, get=False),
    "endings:availability": Rule(allowed=MENTORS, get=False),
    "endings:thanks_received": Rule(allowed=MENTORS, post=False),
    "endings:put_back": Rule(allowed=ONLY_COORDINATOR, args={"pk": "closed_match"}, get=False),
    "endings:surveys": Rule(allowed=ONLY_COORDINATOR, post=False),
    "endings:surveys_csv": Rule(allowed=ONLY_COORDINATOR, post=False),
    "endings:nominations": Rule(allowed=ONLY_COORDINATOR, post=False),
    "endings:nominations_csv": Rule(allowed=ONLY_COORDINATOR, post=False),
    # dashboard
    "dashboard:dashboard": Rule(allowed=ONLY_COORDINATOR, post=False),
    "dashboard:participants": Rule(allowed=ONLY_COORDINATOR, post=False),
    "dashboard:matches": Rule(allowed=ONLY_COORDINATOR, post=False),
    "dashboard:match": Rule(allowed=ONLY_COORDINATOR, args={"pk": "match"}, post=False),
    "dashboard:export": Rule(allowed=ONLY_COORDINATOR, args={"kind": "hours"}, post=False),
    "dashboard:mentor_statement": Rule(allowed=ONLY_COORDINATOR, args={"user_pk": "mentor_user"}, post=False),
    "dashboard:my_statement": Rule(allowed=MENTORS, post=False),
    "dashboard:failed_emails": Rule(allowed=ONLY_COORDINATOR),
    "dashboard:search": Rule(allowed=ONLY_COORDINATOR, post=False),
    "reports:report": Rule(allowed=ONLY_COORDINATOR, post=False),
    "reports:pdf": Rule(allowed=ONLY_COORDINATOR, get=False),
    "reports:pdf_download": Rule(allowed=ONLY_COORDINATOR, args={"pk": "board_pdf"}, post=False),
    "reports:csv": Rule(allowed=ONLY_COORDINATOR, post=False),
    "dashboard:messages": Rule(allowed=ONLY_COORDINATOR, post=False),
    "dashboard:message_new": Rule(allowed=ONLY_COORDINATOR),
    # privacy (the download link is the mentee's; someone else's is a 404 even with the link)
    "privacy:notice": public(),
    "privacy:consent": Rule(allowed=LOGGED_IN, post=False),
    "privacy:export": Rule(allowed=LOGGED_IN, get=False),
    "privacy:download": Rule(allowed={MENTEE}, args={"pk": "data_export", "token": "data_export_token"}, post=False),
    "privacy:erase": Rule(allowed=PARTICIPANTS, post=False),  # a POST would erase the account
    "privacy:erased": public(),
    "privacy:coordinator": Rule(allowed=ONLY_COORDINATOR),
    "privacy:erase_person": Rule(allowed=ONLY_COORDINATOR, args={"user_pk": "mentor_user"}, post=False),
    "privacy:person_data": Rule(allowed=ONLY_COORDINATOR, args={"user_pk": "mentor_user"}, post=False),
}


def world() -> dict[str, str]:
    """The demo's objects the table names, as URL parameter values; made here where the demo has none."""
    from allauth.mfa.models import Authenticator
    from django.core.files.base import ContentFile

    from agreements.finalise import agreement_finalise
    from agreements.models import Agreement
    from agreements.services import agreement_sign
    from checkins.links import make_token as checkin_token
    from checkins.models import CheckIn, CheckInStatus, NotebookEntry
    from endings.links import make_token as survey_token
    from endings.models import Survey
    from match_requests.links import make_token as answer_token
    from match_requests.models import Choice, ChoiceStatus
    from matches.models import Match, MatchStatus, ProposalRun, RunStatus
    from matches.services import match_propose
    from meetings.models import Meeting
    from meetings.services import feed_make
    from notifications.links import UNSUBSCRIBE
    from notifications.services import notify
    from plans.models import Plan
    from privacy.links import DOWNLOAD
    from privacy.services import export_build, export_request
    from profiles.models import Invitation, Profile, Status, User
    from reports.models import BoardPdf
    from support.links import make_token as report_token
    from support.models import Concern, Resource

    people = {role: User.objects.get(email=email) for role, email in PEOPLE.items() if email}
    mentee, mentor = people[MENTEE], people[MENTOR]
    match = Match.objects.get(mentee=mentee, mentor=mentor, status=MatchStatus.ACTIVE)
    closed = Match.objects.get(mentee=people[FORMER_MENTEE], mentor=people[FORMER_MENTOR], status=MatchStatus.CLOSED)
    for person in (mentee, mentor):  # a signed agreement, with its PDF
        agreement_sign(match=match, kind="confidentiality", signer=person, typed_name=person.name, confirmed=True)
    agreement_finalise(agreement_id=Agreement.objects.get(match=match, kind="confidentiality").pk)
    checkin = CheckIn.objects.filter(match=match, person=mentee, status=CheckInStatus.OPEN).first()
    entry = NotebookEntry.objects.create(
        match=match,
        author=mentee,
        date=timezone.localdate(),
        form="video",
        minutes=30,
        topics="Access table",
        notes="Only the two of them.",
    )
    plan = Plan.objects.get(mentee=mentee)
    Plan.objects.filter(pk=plan.pk).update(shared_with_coordinator=True)
    survey = Survey.objects.get(match=closed, person=people[FORMER_MENTEE])
    waiting = (
        Profile.objects.filter(role="mentee", status=Status.APPROVED)
        .exclude(user__in=Match.objects.open().values("mentee"))
        .first()
        .user
    )
    proposed = match_propose(
        mentee=waiting, mentor=User.objects.get(email="lukasz@example.com"), by=people[COORDINATOR]
    )
    run = ProposalRun.objects.create(status=RunStatus.DONE, created_by=people[COORDINATOR], min_score=50)
    board_pdf = BoardPdf.objects.create(
        first_year=2025, last_year=2025, start_month=9, status="done", requested_at=timezone.now()
    )
    board_pdf.pdf.save("board.pdf", ContentFile(b"%PDF-1.7 the access table"))
    key = Authenticator.objects.create(
        user=User.objects.get(email="lukasz@example.com"),
        type=Authenticator.Type.WEBAUTHN,
        data={"name": "Łukasz's key", "credential": {}},
    )
    data_export, _ = export_request(user=mentee, by=mentee)
    export_build(export_id=data_export.pk)
    notification = notify(mentee, "plans.comment", text="Grace commented on your plan.", key="access-table")
    asked = Choice.objects.get(mentor=mentor, status=ChoiceStatus.ASKED)
    return {
        "asked_choice": str(asked.pk),
        "asked_choice_token": answer_token(asked),
        "mentor_request": str(asked.request_id),
        "notification": str(notification.pk),
        "unsubscribe_token": UNSUBSCRIBE.make(user=mentee.pk, kind="plans.comment"),
        "data_export": str(data_export.pk),
        "data_export_token": DOWNLOAD.make(export=data_export.pk, user=mentee.pk),
        "match": str(match.pk),
        "closed_match": str(closed.pk),
        "proposed_match": str(proposed.pk),
        "checkin": str(checkin.pk),
        "meeting": str(Meeting.objects.get(match=match, status="accepted").pk),
        "feed_token": feed_make(user=mentee),
        "checkin_token": checkin_token(checkin),
        "notebook_entry": str(entry.pk),
        "plan": str(plan.pk),
        "survey": str(survey.pk),
        "survey_token": survey_token(survey),
        "concern": str(Concern.objects.filter(reporter=mentee).first().pk),
        "resource": str(Resource.objects.first().pk),
        "report_token": report_token(person_id=mentee.pk, match_id=match.pk),
        "applicant_profile": str(people[APPLICANT].profile.pk),
        "waiting_mentee": str(waiting.pk),
        "mentor_user": str(mentor.pk),
        "proposal_run": str(run.pk),
        "board_pdf": str(board_pdf.pk),
        "invitation_token": "not-a-token",
        "invitation": str(
            Invitation.objects.get_or_create(email="invited@example.org", defaults={"name": "Ines", "role": "mentee"})[
                0
            ].pk
        ),
        "security_key": str(key.pk),
    }
