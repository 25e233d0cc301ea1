import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

PASSWORD = "Correct-Horse-Battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.invalid")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    class Params:
        superuser = factory.Trait(is_superuser=True, is_staff=True)

    @factory.post_generation
    def perms(self, create, extracted, **kwargs):
        for dotted in extracted or []:
            app_label, codename = dotted.split(".")
            perm = Permission.objects.get(content_type__app_label=app_label, codename=codename)
            self.user_permissions.add(perm)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()  # keeps the password set by the post-generation call


EDITOR = ["wagtailadmin.access_admin"]
USER_ADMIN = ["wagtailadmin.access_admin", "auth.change_user"]
