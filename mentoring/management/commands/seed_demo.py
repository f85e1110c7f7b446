import copy
import random
import uuid
from datetime import datetime, time, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from agreements.finalise import agreement_finalise
from agreements.models import Agreement, Kind, Signature
from agreements.services import agreement_sign, terms_update
from checkins import dates
from checkins.models import CheckIn, NotebookEntry
from checkins.selectors import checkins_changed
from checkins.services import checkins_open_month, quiet_pairs_nudge
from dashboard.groups import Group
from dashboard.services import group_message_send
from endings.models import Survey, ThankYou
from endings.services import mentor_ask, mentor_nominate, partnership_close, survey_answer, thanks_send
from match_requests.selectors import requester_profile, suggested_for
from match_requests.services import choice_decline, request_send
from matches.models import CloseReason, Match, MatchEvent, MatchStatus
from matches.pool import pool_changed
from matches.services import match_propose, match_publish
from meetings import services as meetings
from meetings.models import Meeting, MeetingEvent
from notifications.kinds import Delivery
from notifications.models import Notification
from notifications.services import preferences_set
from outbox.models import Message, MessageStatus
from plans import content as plan
from plans import services as plans
from plans.models import Comment, Plan, PlanEvent, PlanVersion
from profiles.mfa import totp_code
from profiles.models import Discipline, MatchMode, Profile, ProgramSettings, Role, Status, Topic, User
from profiles.services import coordinator_create, profile_card_update, program_settings_update, totp_enroll
from support.models import Audience, Category, ResourceKind
from support.services import concern_report, resource_save

DEMO_PASSWORD = "mentoring-demo"

# What the approved mentors' cards say of them (M8): mentees choose by this.
MENTOR_BIOS = {
    "zoe@example.com": (
        "I inspect bridges and culverts for the province and sit on our association's ethics committee. "
        "I enjoy helping people find their way to certification and speak up in meetings."
    ),
    "lukasz@example.com": (
        "I lead a small team building software for utilities. I moved here from Kraków twelve years ago, "
        "so I know how odd a first Canadian job search feels; happy to read résumés line by line."
    ),
    "soren@example.com": (
        "Twenty-five years of surveying, from field crews to running a department. I like slow conversations "
        "about where a career is going, and the unwritten rules of the profession."
    ),
    "grace@example.com": (
        "Environmental technologist in water quality. I came into the field through a college co-op and "
        "love helping mentees set goals they can actually measure, and ask for what they are worth."
    ),
}


def demo_photo() -> bytes:
    """A portrait-sized picture drawn here (a circle on a soft background), so the demo has a photo of its own."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 320), (214, 232, 226))
    draw = ImageDraw.Draw(image)
    draw.ellipse((100, 60, 220, 180), fill=(120, 82, 60))
    draw.ellipse((60, 190, 260, 400), fill=(38, 110, 120))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


# The demo coordinator has two-factor on (required of coordinators): add this key to an authenticator
# app, or type the code `python manage.py demo_code` prints.
DEMO_TOTP_SECRET = "MENTORINGDEMOTOTPKEYABCDEFGHIJKL"
COORDINATOR = ("coordinator@example.com", "Maya Lindqvist")

# The alumni of earlier years (``create_past_years``): names made of these, fictional.
PAST_FIRST = [
    "Amara",
    "Bjorn",
    "Chen",
    "Dalia",
    "Emeka",
    "Farah",
    "Gustavo",
    "Hana",
    "Ivan",
    "Jana",
    "Kofi",
    "Leila",
    "Marek",
    "Nadia",
    "Omar",
    "Paula",
    "Quentin",
    "Rosa",
    "Sanjay",
    "Tove",
]
PAST_LAST = [
    "Abara",
    "Brandt",
    "Castillo",
    "Dubois",
    "Eriksen",
    "Ferreira",
    "Gallagher",
    "Haddad",
    "Ito",
    "Jensen",
    "Kowalczyk",
    "Lindgren",
    "Moreau",
    "Nakamura",
    "Okafor",
    "Petrov",
    "Quinn",
    "Rossi",
]

# (email, name, status, discipline, city, fields)
MENTORS = [
    (
        "zoe@example.com",
        "Zoë Fairbairn",
        Status.APPROVED,
        "Civil engineering technology",
        "Edmonton",
        dict(
            years_experience=18,
            capacity=2,
            availability="Two evenings a month",
            expertise=[
                "Career options and paths",
                "Certification and professional ethics",
                "Leadership and communication",
            ],
            channels=["in_person", "video", "email"],
            languages=["English", "French"],
            meeting_frequency="monthly",
        ),
    ),
    (
        "lukasz@example.com",
        "Łukasz Nowak",
        Status.APPROVED,
        "Information technology",
        "Calgary",
        dict(
            years_experience=12,
            capacity=3,
            availability="Lunch hours, flexible",
            expertise=["Industry and market trends", "Networking", "Résumés, cover letters and standing out"],
            channels=["video", "phone", "email"],
            languages=["English", "Polish"],
            meeting_frequency="fortnightly",
        ),
    ),
    (
        "soren@example.com",
        "Søren Kristensen",
        Status.APPROVED,
        "Geomatics",
        "Edmonton",
        dict(
            years_experience=25,
            capacity=1,
            availability="Weekday mornings",
            expertise=["Workplace culture", "The profession's culture and vocabulary", "Changing roles or sectors"],
            channels=["in_person", "phone"],
            languages=["English", "Danish"],
            meeting_frequency="monthly",
        ),
    ),
    (
        "grace@example.com",
        "Grace Okafor",
        Status.APPROVED,
        "Environmental technology",
        "Red Deer",
        dict(
            years_experience=9,
            capacity=2,
            availability="About three hours a month",
            expertise=["Professional development", "Setting and reviewing career goals", "Pay and benefits"],
            channels=["video", "email", "text"],
            languages=["English", "Yoruba"],
            meeting_frequency="monthly",
        ),
    ),
    (
        "hiro@example.com",
        "Hiroshi Tanaka",
        Status.PENDING,
        "Instrumentation and control",
        "Fort McMurray",
        dict(
            years_experience=15,
            capacity=2,
            availability="Weekends",
            expertise=["Types of employers", "Industry and market trends"],
            channels=["video", "phone"],
            languages=["English", "Japanese"],
            meeting_frequency="monthly",
        ),
    ),
    (
        "bernard@example.com",
        "Bernard Lefèvre",
        Status.DECLINED,
        "Mechanical engineering technology",
        "Lethbridge",
        dict(
            years_experience=2,
            capacity=1,
            availability="Occasionally",
            expertise=["Networking"],
            channels=["email"],
            languages=["French"],
            meeting_frequency="bimonthly",
        ),
    ),
]

MENTEES = [
    (
        "an@example.com",
        "Nguyễn Văn An",
        Status.APPROVED,
        "Information technology",
        "Calgary",
        dict(
            category="international",
            goals="Get my foreign credentials recognised and find my feet in a Canadian IT team.",
            focus=["Certification and professional ethics", "Workplace culture", "Networking"],
            channels=["video", "email"],
            languages=["English", "Vietnamese"],
            meeting_frequency="fortnightly",
        ),
    ),
    (
        "priya@example.com",
        "Priya Raman",
        Status.APPROVED,
        "Civil engineering technology",
        "Edmonton",
        dict(
            category="student",
            goals="Choose between field work and design after graduating next spring.",
            focus=["Career options and paths", "Types of employers"],
            channels=["in_person", "video"],
            languages=["English", "Tamil"],
            meeting_frequency="monthly",
        ),
    ),
    (
        "mateo@example.com",
        "Mateo García",
        Status.APPROVED,
        "Geomatics",
        "Edmonton",
        dict(
            category="junior",
            goals="Grow from technician to crew lead within three years.",
            focus=["Leadership and communication", "Professional development"],
            channels=["in_person", "phone"],
            languages=["English", "Spanish"],
            meeting_frequency="monthly",
        ),
    ),
    (
        "aisha@example.com",
        "Aisha Bello",
        Status.APPROVED,
        "Environmental technology",
        "Red Deer",
        dict(
            category="junior",
            goals="Earn my professional certification and speak up more in meetings.",
            focus=["Certification and professional ethics", "Setting and reviewing career goals"],
            channels=["video", "text"],
            languages=["English"],
            meeting_frequency="monthly",
        ),
    ),
    (
        "olek@example.com",
        "Olek Kowalczyk",
        Status.APPROVED,
        "Information technology",
        "Calgary",
        dict(
            category="student",
            goals="Land a co-op placement and learn how teams really work.",
            focus=["Résumés, cover letters and standing out", "Industry and market trends"],
            channels=["video", "email"],
            languages=["English", "Polish"],
            meeting_frequency="fortnightly",
        ),
    ),
    (
        "lea@example.com",
        "Léa Tremblay",
        Status.PENDING,
        "Chemical technology",
        "Edmonton",
        dict(
            category="student",
            goals="Understand what a career in a lab looks like after college.",
            focus=["Career options and paths"],
            channels=["in_person", "email"],
            languages=["French", "English"],
            meeting_frequency="monthly",
        ),
    ),
    (
        "samir@example.com",
        "Samir Haddad",
        Status.PENDING,
        "Petroleum and energy",
        "Calgary",
        dict(
            category="international",
            goals="Move from oilfield operations abroad into a Canadian engineering office.",
            focus=["Workplace culture", "Changing roles or sectors"],
            channels=["video", "phone"],
            languages=["English", "Arabic"],
            meeting_frequency="monthly",
        ),
    ),
    (
        "noor@example.com",
        "Noor Siddiqui",
        Status.WAITLISTED,
        "Biological sciences",
        "Lethbridge",
        dict(
            category="junior",
            goals="Plan the next five years of my career in research support.",
            focus=["Professional development", "Pay and benefits"],
            channels=["email", "video"],
            languages=["English", "Urdu"],
            meeting_frequency="bimonthly",
        ),
    ),
    (
        "kenji@example.com",
        "Kenji Watanabe",
        Status.WAITLISTED,
        "Electrical and electronics",
        "Grande Prairie",
        dict(
            category="student",
            goals="Find out which specialisation suits me.",
            focus=["Career options and paths"],
            channels=["video"],
            languages=["English", "Japanese"],
            meeting_frequency="monthly",
        ),
    ),
    (
        "chloe@example.com",
        "Chloé Dubois",
        Status.DECLINED,
        "Mechanical engineering technology",
        "Calgary",
        dict(
            category="junior",
            goals="Find a new job quickly.",
            focus=["Résumés, cover letters and standing out"],
            channels=["email"],
            languages=["French"],
            meeting_frequency="weekly",
        ),
    ),
]

# (title, kind, for, link, note): the library a coordinator would start with.
RESOURCES = [
    (
        "Mentorship will change the world (Kam Phillips)",
        ResourceKind.TALK,
        Audience.MENTEES,
        "https://www.ted.com/search?q=Mentorship+will+change+the+world",
        "A short talk on what a mentee brings.",
    ),
    (
        "Failure and the importance of mentors (Patrick Boland)",
        ResourceKind.TALK,
        Audience.BOTH,
        "https://www.ted.com/search?q=Failure+and+the+Importance+of+Mentors",
        "",
    ),
    (
        "The power of mentoring (Lori Hunt)",
        ResourceKind.TALK,
        Audience.MENTORS,
        "https://www.ted.com/search?q=The+Power+of+Mentoring",
        "Why the mentor gains as much as the mentee.",
    ),
    (
        "Active listening",
        ResourceKind.ARTICLE,
        Audience.BOTH,
        "https://en.wikipedia.org/wiki/Active_listening",
        "The habit every good meeting starts with.",
    ),
    (
        "The Mentee's Guide: Making Mentoring Work for You (Lois J. Zachary)",
        ResourceKind.BOOK,
        Audience.MENTEES,
        "",
        "Practical ideas for making the most of a mentoring partnership.",
    ),
    (
        "The Mentor's Guide: Facilitating Effective Learning Relationships (Lois J. Zachary)",
        ResourceKind.BOOK,
        Audience.MENTORS,
        "",
        "The mentoring process from the first meeting to the last.",
    ),
    (
        "16 Personalities",
        ResourceKind.ASSESSMENT,
        Audience.MENTEES,
        "https://www.16personalities.com/",
        "A free questionnaire on how you work and why.",
    ),
]

# When each can meet, and when they like to be contacted.
TIMES = {
    "zoe@example.com": (["weekday_evenings"], ["weekday_evenings", "weekends"]),
    "lukasz@example.com": (["weekday_daytime", "weekday_evenings"], ["weekday_daytime"]),
    "soren@example.com": (["weekday_mornings"], ["weekday_mornings", "weekday_daytime"]),
    "grace@example.com": (["weekday_daytime", "weekends"], ["weekday_daytime", "weekday_evenings"]),
    "hiro@example.com": (["weekends"], ["weekends"]),
    "bernard@example.com": (["weekday_evenings"], ["weekday_evenings"]),
    "an@example.com": (["weekday_evenings", "weekends"], ["weekday_evenings"]),
    "priya@example.com": (["weekday_evenings"], ["weekday_evenings", "weekends"]),
    "mateo@example.com": (["weekday_mornings", "weekends"], ["weekday_mornings"]),
    "aisha@example.com": (["weekday_daytime"], ["weekday_daytime", "weekday_evenings"]),
    "olek@example.com": (["weekday_daytime", "weekday_evenings"], ["weekday_evenings"]),
    "lea@example.com": (["weekday_evenings"], ["weekday_evenings"]),
    "samir@example.com": (["weekday_evenings", "weekends"], ["weekday_evenings", "weekends"]),
    "noor@example.com": (["weekday_daytime"], ["weekday_daytime"]),
    "kenji@example.com": (["weekends"], ["weekends"]),
    "chloe@example.com": (["weekday_evenings"], ["weekday_evenings"]),
}

BIOS = {
    Role.MENTOR: "{first} has worked in {discipline} for {years} years and enjoys helping people find their own way.",
    Role.MENTEE: "{first} is looking for an experienced guide in {discipline}.",
}


class Command(BaseCommand):
    help = "Fill an empty development database with a demo program and print the logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing (but print the logins) when the database has people."
        )

    def handle(self, *args, if_empty, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo only runs with DEBUG on: it creates accounts with a known password.")
        if User.objects.exists():
            if not if_empty:
                raise CommandError("The database already has people in it; seed_demo only fills an empty one.")
            self.stdout.write("The database already has data; no demo data added.")
        else:
            self.seed()
        self.print_logins()

    @transaction.atomic
    def seed(self):
        pool_changed()  # some of the demo is written with update(), which sends no signal (matches/pool.py)
        checkins_changed()  # and check-ins and the notebook directly, not through their services
        coordinator, _ = coordinator_create(email=COORDINATOR[0], name=COORDINATOR[1], password=DEMO_PASSWORD)
        program_settings_update(
            data={
                "program_name": "Prairie Technologists Mentoring Program",
                "contact_name": COORDINATOR[1],
                "contact_email": "mentoring@example.com",
                "contact_phone": "+1 780 555 0142",
                "award_name": "Award for Excellence in Mentoring",
                "year_start_month": 9,  # the program year runs from September to August
            },
            by=coordinator,
        )
        totp_enroll(user=coordinator, secret=DEMO_TOTP_SECRET)
        for role, people in ((Role.MENTOR, MENTORS), (Role.MENTEE, MENTEES)):
            for email, name, status, discipline, city, fields in people:
                self.create_person(role, email, name, status, discipline, city, dict(fields))
        # Vietnamese names put the family name first: An is called An, not Nguyễn.
        User.objects.filter(email="an@example.com").update(called="An")
        self.create_matches(coordinator)
        self.create_past_years(coordinator)
        self.create_plans(coordinator)
        self.create_support()
        self.create_meetings()
        self.create_requests(coordinator)
        # The demo lives in the current month: its check-ins are open, as on the program's check-in day.
        checkins_open_month(month=timezone.localdate())
        self.bounce_one_email()
        self.create_notifications(coordinator)

    def create_notifications(self, coordinator):
        """What the bell shows: the demo's events made notifications as they happened; the older ones are read,
        the last few of each person are not. Grace takes comments in a daily digest; the coordinator wrote
        to all mentors once."""
        for user_id in Notification.objects.values_list("user_id", flat=True).distinct():
            latest = Notification.objects.filter(user_id=user_id).order_by("-created_at", "-pk")
            keep = list(latest.values_list("pk", flat=True)[:3])
            latest.exclude(pk__in=keep).update(read_at=timezone.now())
        grace = User.objects.get(email="grace@example.com")
        preferences_set(user_id=grace.pk, deliveries={"plans.comment": Delivery.DIGEST})
        group_message_send(
            token=uuid.UUID("00000000-0000-4000-8000-000000000022"),
            subject="Spring get-together for mentors",
            body=(
                "Thank you for the time you give your mentees this year.\n\n"
                "We meet on **the first Thursday of April**, 17:30, at the Prairie Technologists office:\n\n"
                "- a short round of what worked and what did not\n"
                "- ideas for the second half of the program\n\n"
                "Reply to this e-mail if you can come."
            ),
            group=Group("mentors", {}),
            by=coordinator,
        )

    def create_requests(self, coordinator):
        """Mentees may choose (M8): mentor cards with bios and one photo (drawn here), and Olek's request,
        his first choice declined with a reason and passed on to his second, who has yet to answer."""
        program_settings_update(data={"match_mode": MatchMode.BOTH}, by=coordinator)
        for email, bio in MENTOR_BIOS.items():
            user = User.objects.get(email=email)
            profile_card_update(user=user, bio=bio, photo=demo_photo() if email == "grace@example.com" else None)
        User.objects.filter(email="grace@example.com").update(called="Grace")
        olek = User.objects.get(email="olek@example.com")
        profile = requester_profile(olek)
        suggested = suggested_for(profile) if profile is not None else []
        if len(suggested) >= 2:
            asked = request_send(
                mentee=olek,
                mentor_ids=[s.profile.user_id for s in suggested[:3]],
                note="I would like to get back into field work after a year in an office, and to practise interviews.",
            )
            first = asked.choices.get(position=1)
            choice_decline(choice_id=first.pk, by=first.mentor, reason="I am away on a field season until June.")

    def bounce_one_email(self):
        """One check-in e-mail the mail server refused for good, so the coordinator sees how a failure reads."""
        Message.objects.filter(key__startswith="checkins.open:", to=["aisha@example.com"]).update(
            status=MessageStatus.FAILED,
            attempts=1,
            error="550 5.1.1 <aisha@example.com>: Recipient address rejected: User unknown in virtual mailbox table",
        )

    def create_matches(self, coordinator):
        """Two partnerships with months of history; one that was not a fit (its mentee waits first in line);
        one completed, with its surveys answered, a thank-you and an award nomination."""
        people = {user.email: user for user in User.objects.all()}
        now = timezone.now()
        plans = [
            ("aisha@example.com", "grace@example.com", 10, None, None),
            ("priya@example.com", "zoe@example.com", 5, None, None),
            ("olek@example.com", "zoe@example.com", 4, 1, CloseReason.NOT_A_FIT),
            ("mateo@example.com", "soren@example.com", 14, 2, CloseReason.COMPLETED),
        ]
        for mentee, mentor, months_ago, closed_months_ago, reason in plans:
            match = match_propose(mentee=people[mentee], mentor=people[mentor], by=coordinator)
            match_publish(match=match, by=coordinator)
            started = now - timedelta(days=30 * months_ago + 5)
            Match.objects.filter(pk=match.pk).update(created_at=started - timedelta(days=2), started_at=started)
            MatchEvent.objects.filter(match=match, to_status="proposed").update(at=started - timedelta(days=2))
            MatchEvent.objects.filter(match=match, to_status="active").update(at=started)
            match.refresh_from_db()
            self.sign_agreements(match, started)
            if closed_months_ago and reason is not None:
                closed = now - timedelta(days=30 * closed_months_ago)
                note = {CloseReason.NOT_A_FIT: "Different expectations about meeting."}.get(reason, "")
                by = people[mentee] if reason == CloseReason.COMPLETED else coordinator
                partnership_close(match=match, by=by, reason=reason, note=note)
                Match.objects.filter(pk=match.pk).update(closed_at=closed)
                MatchEvent.objects.filter(match=match, to_status="closed").update(at=closed)
                match.refresh_from_db()
            self.create_history(match, quiet_lately=mentee == "priya@example.com")
            if reason == CloseReason.COMPLETED:
                self.create_ending(match)

    def create_past_years(self, coordinator):
        """Earlier partnerships, all closed, so the year report has years to compare and a survival curve:
        fourteen mentees a year for the last two program years, with mentors who came back
        (or not), closings of every kind (some before the agreed minimum), surveys and thanks. These people
        are alumni: they wait for nobody and take no new mentee, so today's program is as above."""
        rng = random.Random(2024)
        program = ProgramSettings.load()
        now = timezone.now()
        this_year = program.year_of(timezone.localdate())
        disciplines = list(Discipline.objects.order_by("name"))
        mentors = []
        for i in range(10):
            first, last = PAST_FIRST[i], PAST_LAST[i]
            user = User.objects.create_user(email=f"alumni.mentor{i + 1}@example.com", name=f"{first} {last}")
            Profile.objects.create(
                user=user,
                role=Role.MENTOR,
                status=Status.APPROVED,
                discipline=disciplines[i % len(disciplines)],
                city="Edmonton",
                bio="A mentor of earlier years.",
                years_experience=8 + i,
                capacity=2,
                meeting_frequency="monthly",
                open_to_mentees=False,
            )
            Profile.objects.filter(user=user).update(
                submitted_at=timezone.now() - timedelta(days=800 + 20 * i),
                reviewed_at=timezone.now() - timedelta(days=790 + 20 * i),
            )
            mentors.append(user)
        categories = ["student", "junior", "international"]
        number = 0
        for offset in (2, 1):
            year = this_year - offset
            start = datetime(year, program.year_start_month, 1, 10, tzinfo=timezone.get_current_timezone())
            span = min(330, (now - start).days - 40)
            for k in range(14):
                number += 1
                first, last = PAST_FIRST[(number + 9) % len(PAST_FIRST)], PAST_LAST[(number * 7) % len(PAST_LAST)]
                mentee = User.objects.create_user(email=f"alumni.mentee{number}@example.com", name=f"{first} {last}")
                started = start + timedelta(days=rng.randint(0, span))
                profile = Profile.objects.create(
                    user=mentee,
                    role=Role.MENTEE,
                    status=Status.APPROVED,
                    discipline=disciplines[number % len(disciplines)],
                    city="Calgary",
                    bio="A mentee of earlier years.",
                    category=categories[k % 3],
                    goals="Grow in my field.",
                    meeting_frequency="monthly",
                    looking_for_mentor=False,
                )
                Profile.objects.filter(pk=profile.pk).update(
                    submitted_at=started - timedelta(days=rng.randint(30, 60)),
                    reviewed_at=started - timedelta(days=rng.randint(5, 28)),
                )
                # Some mentors of the first year come back in the next.
                mentor = mentors[(k // 2 + 4 * (2 - offset)) % len(mentors)]
                roll = rng.random()
                if roll < 0.55:
                    reason, months = CloseReason.COMPLETED, rng.randint(7, 12)
                elif roll < 0.75:
                    reason, months = CloseReason.NOT_A_FIT, rng.randint(1, 4)
                elif roll < 0.9:
                    reason, months = CloseReason.INACTIVE, rng.randint(2, 7)
                else:
                    reason, months = CloseReason.OTHER, rng.randint(3, 9)
                closed = min(started + timedelta(days=30 * months + rng.randint(0, 20)), now - timedelta(days=3))
                match = Match.objects.create(
                    mentor=mentor,
                    mentee=mentee,
                    status=MatchStatus.CLOSED,
                    close_reason=reason,
                    started_at=started,
                    closed_at=closed,
                    created_by=coordinator,
                )
                Match.objects.filter(pk=match.pk).update(created_at=started - timedelta(days=2))
                closer = {CloseReason.COMPLETED: mentee, CloseReason.NOT_A_FIT: mentor}.get(reason, coordinator)
                for to_status, when, actor in (("active", started, coordinator), ("closed", closed, closer)):
                    event = MatchEvent.objects.create(
                        match=match,
                        actor=actor,
                        from_status="" if to_status == "active" else "active",
                        to_status=to_status,
                        reason=reason if to_status == "closed" else "",
                    )
                    MatchEvent.objects.filter(pk=event.pk).update(at=when)
                self.create_history(match)
                closed_year = program.year_of(timezone.localdate(closed))
                for person, role in ((mentor, Role.MENTOR), (mentee, Role.MENTEE)):
                    answered = rng.random() < 0.7
                    Survey.objects.create(
                        match=match,
                        person=person,
                        role=role,
                        program_year=closed_year,
                        answered_at=closed + timedelta(days=4) if answered else None,
                        rating=(rng.choice([4, 5, 5]) if reason == CloseReason.COMPLETED else rng.choice([2, 3, 4]))
                        if answered
                        else None,
                        again=(reason == CloseReason.COMPLETED or rng.random() < 0.5) if answered else None,
                    )
                if reason == CloseReason.COMPLETED and rng.random() < 0.5:
                    thanks = ThankYou.objects.create(
                        match=match, mentee=mentee, mentor=mentor, message="Thank you for your time and advice."
                    )
                    ThankYou.objects.filter(pk=thanks.pk).update(created_at=closed + timedelta(days=2))

    def sign_agreements(self, match, started):
        """Both agreements agreed and signed in the partnership's first weeks, as the guide asks: a pair
        months along shows them signed, with their PDFs (drawn once the seed's transaction commits)."""
        mentee_first = match.mentee.get_short_name()
        terms_update(
            match=match,
            by=match.mentee,
            data=dict(
                goals=f"{mentee_first}'s goals, as in the action plan: a step forward in the profession this year.",
                expectations="Honest feedback, and meetings that start from the mentee's questions.",
                min_months=9,
                meetings_per_month=1,
                contact_between="fortnightly",
                mentee_responsibilities="Send a question or two before each meeting.",
                mentor_responsibilities="Introduce at least one person in the field.",
            ),
        )
        for kind, days in ((Kind.CONFIDENTIALITY, 6), (Kind.PARTNERSHIP, 12)):
            for person in (match.mentee, match.mentor):
                agreement_sign(match=match, kind=kind, signer=person, typed_name=person.name, confirmed=True)
            Signature.objects.filter(agreement__match=match, agreement__kind=kind).update(
                signed_at=started + timedelta(days=days)
            )
            # Drawn now, while the partnership is open and with the dates just set (the task would run after
            # the seed commits, and finds it done).
            agreement_finalise(agreement_id=Agreement.objects.get(match=match, kind=kind).pk)

    def create_ending(self, match):
        """What a well-ended partnership leaves: both surveys answered, a thank-you, a nomination."""
        answers = {
            match.mentee: dict(
                rating=5,
                goals_moved="yes",
                again=True,
                helped_most="Søren's stories about leading a survey crew, and his honest feedback.",
                program_change="A get-together for all pairs in the spring.",
            ),
            match.mentor: dict(
                rating=4,
                again=True,
                helped_most="Mateo came to every meeting with questions.",
                program_change="A short guide on giving feedback would help new mentors.",
            ),
        }
        for survey in Survey.objects.filter(match=match):
            survey_answer(survey=survey, answer=answers[survey.person])
        thanks_send(
            match=match,
            mentee=match.mentee,
            message=(
                "Thank you for a year of patient questions and good coffee. I lead my first crew next month, "
                "and I would not have dared to ask for it without our talks."
            ),
        )
        mentor_ask(mentee=match.mentee)  # an alum who asked for a new mentor: waiting again
        mentor_nominate(
            match=match,
            mentee=match.mentee,
            reason=(
                "Søren gave me his time every month for over a year. He never told me what to do: he asked the "
                "questions that made me find it myself, and he introduced me to three people who now mentor me too."
            ),
        )

    def create_meetings(self):
        """Grace and Aisha's next meeting, planned for next week; Łukasz's first proposal, waiting for An's
        answer; and Zoë and Priya's meeting of two days ago, for which both are asked "did you meet?"."""
        people = {user.email: user for user in User.objects.all()}
        today = timezone.localdate()

        def at(days, hour, minute=0):
            return timezone.make_aware(datetime.combine(today + timedelta(days=days), time(hour, minute)))

        grace, aisha = people["grace@example.com"], people["aisha@example.com"]
        match = Match.objects.active().get(mentor=grace, mentee=aisha)
        meeting, _ = meetings.meeting_propose(
            match=match,
            by=grace,
            starts_at=at(7, 18, 30),
            minutes=60,
            form="in_person",
            place="Stanley Milner Library, 7 Sir Winston Churchill Square, room 2",
            agenda="- Certification\nWhat happened at the networking evening, and whether to go to the next one.",
        )
        meetings.meeting_accept(meeting=meeting, by=aisha)

        lukasz, an = people["lukasz@example.com"], people["an@example.com"]
        meetings.meeting_propose(
            match=Match.objects.active().get(mentor=lukasz, mentee=an),
            by=lukasz,
            starts_at=at(4, 12, 0),
            minutes=45,
            form="video",
            link="https://meet.example.org/lukasz-an",
            agenda="Getting to know each other, and your first draft of the action plan.",
        )

        zoe, priya = people["zoe@example.com"], people["priya@example.com"]
        past, _ = meetings.meeting_propose(
            match=Match.objects.active().get(mentor=zoe, mentee=priya),
            by=priya,
            starts_at=at(3, 17, 0),
            minutes=60,
            form="video",
            link="https://meet.example.org/zoe-priya",
            agenda="My portfolio review.",
        )
        meetings.meeting_accept(meeting=past, by=zoe)
        # Held two days ago: moved into the past as it would have come, its reminder long sent.
        Meeting.objects.filter(pk=past.pk).update(
            starts_at=at(-2, 17, 0), ends_at=at(-2, 18, 0), reminded_for=at(-2, 17, 0)
        )
        MeetingEvent.objects.filter(meeting=past).update(starts_at=at(-2, 17, 0), at=timezone.now() - timedelta(days=6))
        meetings.meetings_ask()

    def create_support(self):
        """An open urgent concern, a quiet pair nudged, and a handful of resources."""
        aisha = User.objects.get(email="aisha@example.com")
        concern_report(
            reporter=aisha,
            category=Category.BULLYING,
            match=Match.objects.active().get(mentee=aisha),
            text=(
                "At the networking evening Grace invited me to, a man from another company kept mocking my "
                "accent in front of others, and laughed when I asked him to stop. Grace was not there. "
                "I do not want to go to these events again."
            ),
        )
        quiet_pairs_nudge()
        for title, kind, audience, url, note in RESOURCES:
            resource_save(data=dict(title=title, kind=kind, audience=audience, url=url, note=note))

    def create_plans(self, coordinator):
        """Action plans at three stages: Aisha's well under way (five versions, checkpoints held, a goal
        reached, comments), Priya's with an overdue checkpoint and action, a first draft by An, whose
        match with Łukasz was published a few days ago, and Mateo's, carried on after his partnership closed."""
        people = {user.email: user for user in User.objects.all()}
        today = timezone.localdate()

        def ago(days):
            return today - timedelta(days=days)

        match = match_propose(mentee=people["an@example.com"], mentor=people["lukasz@example.com"], by=coordinator)
        match_publish(match=match, by=coordinator)
        started = timezone.now() - timedelta(days=4)
        Match.objects.filter(pk=match.pk).update(created_at=started - timedelta(days=1), started_at=started)
        MatchEvent.objects.filter(match=match, to_status="proposed").update(at=started - timedelta(days=1))
        MatchEvent.objects.filter(match=match, to_status="active").update(at=started)

        A, G, L, C = plan.Action, plan.ShortGoal, plan.LongGoal, plan.Checkpoint
        exam = G(
            1,
            "Earn my professional certification (CET) by next autumn.",
            [
                A(
                    1,
                    "Complete the ethics and law module",
                    "Online course, two evenings a week.",
                    "Course fee (my employer pays it); the study guide.",
                    ago(280),
                    ago(190),
                )
            ],
        )
        aisha = plan.PlanContent(
            short_goals=[exam],
            long_goals=[
                L(
                    1,
                    "Lead environmental assessments for a regional consultancy.",
                    "Take the field lead on smaller sites; ask to join a full assessment from scoping to report.",
                    "Within five years",
                    "Few lead roles in Red Deer: look at Calgary too, or grow one in my team.",
                    "Named project lead on an assessment, and good feedback from the client.",
                )
            ],
            skills=["Public speaking", "Regulatory writing"],
            checkpoints=[C(1, ago(210), "video", "Ethics module done? Plan the work-experience record.")],
        )
        steps = [(290, copy.deepcopy(aisha))]
        exam.actions.append(
            A(
                2,
                "Submit the work-experience record",
                "Write up three projects with my supervisor's sign-off.",
                "Time with my supervisor; the records from the spill-response project.",
                ago(150),
                today + timedelta(days=30),
            )
        )
        aisha.short_goals = [
            exam,
            G(
                2,
                "Speak up at least once in every team meeting.",
                [
                    A(
                        1,
                        "Prepare one question or idea before each meeting",
                        "Ten minutes the day before; a list in my notebook.",
                        "",
                        ago(270),
                        ago(120),
                    )
                ],
            ),
        ]
        aisha.tasks_more = ["Site sampling and field notes", "Writing the summary sections of reports"]
        aisha.tasks_less = [
            plan.TaskToReduce(
                "Formatting lab spreadsheets", "Ask for the Calgary office's template and share it with the team"
            )
        ]
        aisha.checkpoints.append(C(2, ago(95), "video", "How is speaking up in meetings going?"))
        aisha.shared = True  # after the first meeting she shares it with the coordinator, who reads its versions
        steps.append((270, copy.deepcopy(aisha)))
        aisha.short_goals[0].actions[0].status, aisha.short_goals[0].actions[0].done_on = plan.DONE, ago(200)
        aisha.short_goals[0].actions[1].status = plan.UNDER_WAY
        aisha.checkpoints[0].held_on = ago(210)
        aisha.skills.append("GIS basics")
        steps.append((200, copy.deepcopy(aisha)))
        aisha.short_goals[1].actions[0].status, aisha.short_goals[1].actions[0].done_on = plan.DONE, ago(100)
        aisha.short_goals[1].actions.append(
            A(
                2,
                "Present the spill-response review to the team",
                "Fifteen minutes at the March team meeting.",
                "Slides; a practice run with Grace.",
                ago(80),
                ago(55),
            )
        )
        aisha.checkpoints[1].held_on = ago(95)
        steps.append((95, copy.deepcopy(aisha)))
        aisha.short_goals[1].actions[1].status, aisha.short_goals[1].actions[1].done_on = plan.DONE, ago(50)
        aisha.checkpoints.append(
            C(
                3,
                today + timedelta(days=3),
                "in_person",
                "The work-experience record draft; the next steps to certification.",
            )
        )
        steps.append((45, copy.deepcopy(aisha)))
        self.save_plan(people["aisha@example.com"], steps)

        priya = plan.PlanContent(
            short_goals=[
                G(
                    1,
                    "Decide between field work and design before I graduate next spring.",
                    [
                        A(
                            1,
                            "Shadow a field crew for two days",
                            "Ask the placement office to arrange it.",
                            "",
                            ago(130),
                            ago(95),
                        ),
                        A(
                            2,
                            "Interview two designers at the Edmonton office",
                            "Ask Zoë for introductions.",
                            "",
                            ago(60),
                            ago(20),
                        ),
                    ],
                )
            ],
            long_goals=[L(1, "Become a certified technologist in whichever path I choose.", "", "Four years")],
            skills=["AutoCAD Civil 3D", "Site safety tickets"],
            checkpoints=[
                C(1, ago(120), "in_person", "Plan the shadowing days."),
                C(2, ago(10), "video", "Compare what I learned from the crew and from the designers."),
            ],
        )
        steps = [(140, copy.deepcopy(priya))]
        priya.short_goals[0].actions[0].status, priya.short_goals[0].actions[0].done_on = plan.DONE, ago(96)
        priya.checkpoints[0].held_on = ago(120)
        steps.append((90, copy.deepcopy(priya)))
        self.save_plan(people["priya@example.com"], steps)

        first_draft = plan.PlanContent(
            short_goals=[
                G(
                    1,
                    "Have my IT credentials assessed and recognised in Alberta by next spring.",
                    [
                        A(
                            1,
                            "Gather my transcripts and course descriptions",
                            "Write to my university; translate what is not in English.",
                            "The assessment body's checklist; a certified translator.",
                            today + timedelta(days=10),
                            today + timedelta(days=70),
                        )
                    ],
                )
            ],
            long_goals=[L(1, "Work as a systems analyst in a Canadian IT team.", "", "Within three years")],
            checkpoints=[C(1, today + timedelta(days=6), "video", "Our first meeting: talk this draft through.")],
        )
        self.save_plan(people["an@example.com"], [(2, first_draft)])

        # Mateo's plan outlived his partnership with Søren (closed 60 days ago): both keep it as it stood then.
        mateo = plan.PlanContent(
            short_goals=[
                G(
                    1,
                    "Move from drafting to a junior survey party chief role.",
                    [
                        A(
                            1,
                            "Lead the crew on two small boundary surveys",
                            "Ask my manager; Søren reviews my notes.",
                            "The crew's field book.",
                            ago(390),
                            ago(200),
                        ),
                        A(
                            2,
                            "Pass the legal surveys course",
                            "Evening course through the technical institute.",
                            "Course fee; Søren's old notes.",
                            ago(300),
                            ago(120),
                        ),
                    ],
                )
            ],
            long_goals=[L(1, "Run my own survey crew in rural Alberta.", "", "Within five years")],
            skills=["Total station", "Boundary law basics"],
            checkpoints=[C(1, ago(330), "in_person", "First months on the crew: what went well?")],
        )
        steps = [(400, copy.deepcopy(mateo))]
        for number, done in ((0, 190), (1, 110)):
            mateo.short_goals[0].actions[number].status = plan.DONE
            mateo.short_goals[0].actions[number].done_on = ago(done)
        mateo.checkpoints[0].held_on = ago(330)
        steps.append((75, copy.deepcopy(mateo)))
        mateo.short_goals.append(
            G(
                2,
                "Earn my survey technologist certification.",
                [A(1, "Write up my field experience", "One project a month.", "", ago(5), today + timedelta(days=150))],
            )
        )
        steps.append((10, copy.deepcopy(mateo)))
        self.save_plan(people["mateo@example.com"], steps)

        comments = [
            (
                "aisha@example.com",
                "grace@example.com",
                "short-1",
                268,
                "Good start. Could you put a date on the experience record too? It takes longer than people think.",
                "Added it, thank you: I'll start it in the spring.",
            ),
            (
                "aisha@example.com",
                "grace@example.com",
                "",
                44,
                "Great progress on speaking up! Shall we look at the long-term goal at the next checkpoint?",
                "",
            ),
            (
                "priya@example.com",
                "zoe@example.com",
                "short-1",
                58,
                "When you talk to the designers, ask them what an ordinary week looks like.",
                "",
            ),
        ]
        for mentee_email, mentor_email, goal, days_ago, text, answer in comments:
            mentee, mentor = people[mentee_email], people[mentor_email]
            when = timezone.now() - timedelta(days=days_ago)
            mentee_plan = Plan.objects.get(mentee=mentee)
            comment, _ = plans.comment_add(plan=mentee_plan, author=mentor, body=text, goal=goal)
            Comment.objects.filter(pk=comment.pk).update(created_at=when)
            if answer:
                reply, _ = plans.comment_add(plan=mentee_plan, author=mentee, body=answer, parent_id=comment.pk)
                Comment.objects.filter(pk=reply.pk).update(created_at=when + timedelta(days=1))

    def save_plan(self, mentee, steps):
        """Save each (days ago, content) as the plan's next version, dated as if written then."""
        for number, (days_ago, content) in enumerate(steps, 1):
            when = timezone.now() - timedelta(days=days_ago)
            result = plans.plan_save(
                mentee=mentee, content=content, based_on=number - 1, by=mentee, today=timezone.localdate(when)
            )
            PlanVersion.objects.filter(plan=result.plan, number=number).update(saved_at=when)
            PlanEvent.objects.filter(plan=result.plan, version=number).update(at=when)

    def create_history(self, match, quiet_lately=False):
        """Past months' check-ins and notebook entries, as if the program had been running."""
        rng = random.Random(match.pk)
        end = match.closed_at or timezone.now()
        month = dates.next_month(dates.month_start(timezone.localdate(match.started_at)))
        this_month = dates.month_start(timezone.localdate())
        began = timezone.localdate(match.started_at)
        while month < this_month and month <= dates.month_start(timezone.localdate(end)):
            hours_month = dates.previous_month(month)
            recent = (this_month.year - month.year) * 12 + this_month.month - month.month <= 2
            opened = timezone.make_aware(datetime.combine(month, time(9)))
            minutes = {"in_person": 0, "email": 0, "video": 0, "phone": 0}
            if not (quiet_lately and recent):
                for _ in range(rng.randint(1, 3)):
                    form = rng.choice(list(minutes))
                    length = rng.choice([30, 45, 60, 90])
                    minutes[form] += length
                    NotebookEntry.objects.create(
                        match=match,
                        author=rng.choice([match.mentor, match.mentee]),
                        # Never before the partnership began: the notebook refuses such dates (27.6).
                        date=max(hours_month + timedelta(days=rng.randint(0, 27)), began),
                        form=form,
                        minutes=length,
                        topics=rng.choice(["Career goals", "Certification plan", "Workplace culture", "Networking"]),
                        notes="Demo notes only the partners can read.",
                    )
            missed = quiet_lately and recent
            common = dict(
                match=match, month=month, hours_month=hours_month, opened_at=opened, due_at=opened + timedelta(days=7)
            )
            CheckIn.objects.create(
                person=match.mentor,
                role="mentor",
                **common,
                status="missed" if missed else "answered",
                answered_at=None if missed else opened + timedelta(days=rng.randint(0, 9)),
                partnership_status="" if missed else rng.choice(["going_well", "going_well", "some_concerns"]),
                update="" if missed else "We keep meeting; good progress on the action plan.",
                **{f"hours_{form}": Decimal(m) / 60 for form, m in minutes.items() if not missed},
            )
            CheckIn.objects.create(
                person=match.mentee,
                role="mentee",
                **common,
                status="missed" if missed else "answered",
                answered_at=None if missed else opened + timedelta(days=rng.randint(0, 6)),
                continues=None if missed else True,
                update="" if missed else "Going well, thank you.",
            )
            month = dates.next_month(month)
        if not quiet_lately and not match.closed_at:
            for days_ago in (24, 9):  # contact since the last check-in, not yet reported
                NotebookEntry.objects.create(
                    match=match,
                    author=match.mentee,
                    date=timezone.localdate() - timedelta(days=days_ago),
                    form="video",
                    minutes=45,
                    topics="Reviewing the action plan",
                    notes="Demo notes.",
                )

    def create_person(self, role, email, name, status, discipline_name, city, fields):
        user = User.objects.create_user(email=email, name=name, password=DEMO_PASSWORD)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        discipline, _ = Discipline.objects.get_or_create(name=discipline_name)
        topics = [Topic.objects.get_or_create(name=t)[0] for t in fields.pop("expertise", fields.pop("focus", []))]
        bio = BIOS[role].format(
            first=name.split()[0], discipline=discipline_name.lower(), years=fields.get("years_experience")
        )
        availability_slots, contact_time_slots = TIMES[email]
        profile = Profile.objects.create(
            user=user,
            role=role,
            status=status,
            discipline=discipline,
            city=city,
            bio=bio,
            availability_slots=availability_slots,
            contact_time_slots=contact_time_slots,
            coordinator_notes="Demo person." if status != Status.PENDING else "",
            **fields,
        )
        (profile.expertise if role == Role.MENTOR else profile.focus_areas).set(topics)

    def print_logins(self):
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD})"))
        self.stdout.write(f"  {'coordinator':<28} {COORDINATOR[0]}")
        self.stdout.write(f"  {'':<28} two-factor key {DEMO_TOTP_SECRET} (add it to an authenticator app;")
        self.stdout.write(f"  {'':<28} the code now: {totp_code(DEMO_TOTP_SECRET)}; for a later one run")
        self.stdout.write(f"  {'':<28} .venv/bin/python manage.py demo_code)")
        for role, people in (("mentor", MENTORS), ("mentee", MENTEES)):
            for email, name, status, *_ in people:
                label = f"{role}, {Status(status).label.lower()}"
                self.stdout.write(f"  {label:<28} {email:<22} {name}")
        self.stdout.write("")
