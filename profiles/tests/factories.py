import factory
from allauth.account.models import EmailAddress

from profiles.models import Discipline, MenteeCategory, Profile, Role, Status, Topic, User

PASSWORD = "a-long-test-password-42"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        # People in tests have verified their address unless a test says otherwise.
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class DisciplineFactory(factory.django.DjangoModelFactory[Discipline]):
    class Meta:
        model = Discipline
        django_get_or_create = ["name"]

    name = "Geomatics"


class TopicFactory(factory.django.DjangoModelFactory[Topic]):
    class Meta:
        model = Topic
        django_get_or_create = ["name"]

    name = "Networking"


class ProfileFactory(factory.django.DjangoModelFactory[Profile]):
    class Meta:
        model = Profile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    role = Role.MENTEE
    status = Status.APPROVED
    discipline = factory.SubFactory(DisciplineFactory)
    channels = ["video", "email"]
    city = "Edmonton"
    languages = ["English"]
    meeting_frequency = "monthly"
    contact_times = "Evenings"
    availability_slots = ["weekday_evenings"]
    contact_time_slots = ["weekday_evenings"]
    bio = "A few words about me."
    category = factory.Maybe(factory.LazyAttribute(lambda o: o.role == Role.MENTEE), MenteeCategory.STUDENT, "")
    goals = factory.Maybe(factory.LazyAttribute(lambda o: o.role == Role.MENTEE), "Grow in my field.", "")
    years_experience = factory.Maybe(factory.LazyAttribute(lambda o: o.role == Role.MENTOR), 10, None)
    capacity = factory.Maybe(factory.LazyAttribute(lambda o: o.role == Role.MENTOR), 2, None)
    availability = factory.Maybe(factory.LazyAttribute(lambda o: o.role == Role.MENTOR), "Evenings", "")

    class Params:
        mentor = factory.Trait(role=Role.MENTOR)
