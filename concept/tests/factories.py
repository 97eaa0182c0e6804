import factory
from django.contrib.auth.models import Group

from concept import roles
from concept.models import ActionField, Actor, ActorKind, Goal, Membership, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Erika"
    last_name = factory.Sequence(lambda n: f"Muster{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("pw-for-tests-123")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor

    name = factory.Sequence(lambda n: f"Verein Nr. {n}")
    short_name = factory.Sequence(lambda n: f"V{n}")
    kind = ActorKind.ASSOCIATION


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    actor = factory.SubFactory(ActorFactory)
    user = factory.SubFactory(UserFactory, role=roles.ACTOR)


def action_field(number: int = 1) -> ActionField:
    return ActionField.objects.get(number=number)


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    action_field = factory.LazyFunction(action_field)
    title = factory.Sequence(lambda n: f"Ziel {n}")
