from datetime import timedelta

import factory
from django.utils import timezone

from plans import content, services
from plans.models import Comment, Plan
from profiles.tests.factories import ProfileFactory


def days(n: int):
    return timezone.localdate() + timedelta(days=n)


class ActionFactory(factory.Factory[content.Action]):
    class Meta:
        model = content.Action

    position = 1
    what = factory.Sequence(lambda n: f"Read chapter {n} of the exam guide")
    how = "Two evenings a week, with the study group."
    resources = "The exam guide; time after work."
    starts_on = factory.LazyFunction(lambda: days(-30))
    due_on = factory.LazyFunction(lambda: days(60))
    status = content.NOT_STARTED


class ShortGoalFactory(factory.Factory[content.ShortGoal]):
    class Meta:
        model = content.ShortGoal

    position = 1
    goal = factory.Sequence(lambda n: f"Pass the certification exam, attempt {n}")
    actions = factory.LazyFunction(lambda: [ActionFactory(position=1), ActionFactory(position=2)])


class LongGoalFactory(factory.Factory[content.LongGoal]):
    class Meta:
        model = content.LongGoal

    position = 1
    goal = "Lead a field crew."
    steps = "Shadow the crew lead, then run small jobs."
    timeframe = "Within four years"
    obstacles = "Little time: ask for a mentor on site."
    evaluation = "My supervisor trusts me with a crew."


class CheckpointFactory(factory.Factory[content.Checkpoint]):
    class Meta:
        model = content.Checkpoint

    position = 1
    on = factory.LazyFunction(lambda: days(20))
    how = "video"
    purpose = "Review the exam preparation."


class PlanContentFactory(factory.Factory[content.PlanContent]):
    """A plan with ``goals`` short-term goals of two actions each, one long-term goal and one checkpoint."""

    class Meta:
        model = content.PlanContent

    class Params:
        goals = 1

    short_goals = factory.LazyAttribute(lambda o: [ShortGoalFactory(position=n) for n in range(1, o.goals + 1)])
    long_goals = factory.LazyFunction(lambda: [LongGoalFactory()])
    tasks_more = factory.LazyFunction(lambda: ["Site inspections"])
    tasks_less = factory.LazyFunction(lambda: [content.TaskToReduce("Filing", "Share it with the new assistant")])
    skills = factory.LazyFunction(lambda: ["Public speaking"])
    checkpoints = factory.LazyFunction(lambda: [CheckpointFactory()])
    shared = False


class PlanFactory(factory.django.DjangoModelFactory[Plan]):
    """A mentee's plan saved through the service ``versions`` times (each save adds a skill), as the mentee would."""

    class Meta:
        model = Plan

    mentee = factory.LazyFunction(lambda: ProfileFactory().user)

    @classmethod
    def _create(cls, model_class, mentee, content=None, versions=1, **kwargs):
        plan_content = content or PlanContentFactory()
        plan = None
        for n in range(versions):
            if n:
                plan_content.skills = [*plan_content.skills, f"Skill number {n + 1}"]
            result = services.plan_save(
                mentee=mentee, content=plan_content, based_on=plan.version if plan else 0, by=mentee
            )
            plan = result.plan
        assert plan is not None, "an empty first draft is not kept: give the factory some content"
        plan.refresh_from_db()
        return plan


class CommentFactory(factory.django.DjangoModelFactory[Comment]):
    class Meta:
        model = Comment

    plan = factory.SubFactory(PlanFactory)
    author = factory.LazyAttribute(lambda o: o.plan.mentee)
    body = "What would help you most here?"
    version = factory.LazyAttribute(lambda o: o.plan.version)
