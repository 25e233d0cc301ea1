"""``python manage.py load_demo``: the Regional Administration of Ruse demo site and the demo users.

Idempotent: pages, groups, users and the news workflow are found or created, never duplicated; running it
twice gives the same result. Development only: refuses to run with DEBUG off unless ``--force``.

After the site content it calls the other apps' demo loaders when they exist (they are written by the
engineers of those apps): ``documents.demo.load(users)``, ``services.demo.load()``,
``documents.exchange.demo.load()``.
"""

import importlib
import importlib.util
import logging
from contextlib import contextmanager

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import GroupPagePermission, Page

from home import demo
from home.models import StandardPage
from home.models.pages import featured_service_page_types

# The same development password for every demo user, printed at the end (never used with DEBUG off).
DEMO_PASSWORD = "ruse-demo-2026"  # noqa: S105

# username → (group, first name, last name, role shown in the printed table)
DEMO_USERS = {
    "admin": (None, "Администратор", "Демо", "superuser: everything"),
    "editor": ("Editors", "Елена", "Петрова", "editor: writes pages and news, submits them for approval"),
    "moderator": ("Moderators", "Мартин", "Георгиев", "moderator (head of department): approves, publishes"),
    "registrar": ("Registrars", "Радка", "Иванова", "registrar: registers incoming and outgoing documents"),
    "clerk": ("Clerks", "Калин", "Димитров", "clerk: works on the documents assigned to them"),
    "manager": ("Managers", "Мария", "Стоянова", "manager: assigns, controls deadlines, statistics"),
}

EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
MODERATOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
EDITOR_MODEL_PERMISSIONS = [
    "wagtailadmin.access_admin",
    "wagtailimages.add_image", "wagtailimages.change_image", "wagtailimages.choose_image",
    "wagtaildocs.add_document", "wagtaildocs.change_document", "wagtaildocs.choose_document",
    "wagtail_localize.submit_translation",
]
MODERATOR_MODEL_PERMISSIONS = EDITOR_MODEL_PERMISSIONS + [
    "wagtailimages.delete_image", "wagtaildocs.delete_document",
    "home.add_newscategory", "home.change_newscategory", "home.delete_newscategory",
]
# The registry's groups get their model permissions from documents.demo; here only admin access.
STAFF_MODEL_PERMISSIONS = ["wagtailadmin.access_admin"]


def _permissions(names):
    found = []
    for name in names:
        app_label, codename = name.split(".")
        permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if permission is not None:
            found.append(permission)
    return found


@contextmanager
def quiet_loggers(*names):
    """Wagtail and django-tasks log every page save at INFO; the loader prints its own summary instead."""
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


class Command(BaseCommand):
    help = "Load the demo content of the Regional Administration of Ruse and create the demo users."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="run even with DEBUG off (never in production)"
        )
        parser.add_argument("--password", default=DEMO_PASSWORD, help="password of every demo user")
        parser.add_argument("--skip-apps", action="store_true",
                            help="only the site content and users, not the other apps' demo loaders")

    def handle(self, *args, **options):
        with quiet_loggers("wagtail", "django_tasks", "modelsearch"):
            self.load(options)

    def load(self, options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "load_demo creates users with a known password and is for development only. "
                "DEBUG is off; use --force if this really is a development database."
            )
        verbose = options["verbosity"] > 0

        def log(message):
            if verbose:
                self.stdout.write(message)

        log("Site content…")
        pages = demo.build_site(log=log)
        log("Groups and users…")
        groups = self.ensure_groups()
        users = self.ensure_users(groups, options["password"])
        demo.build_news_workflow(groups["Moderators"], [pages["news_index"], pages["news_index_en"]])
        log(f"  news workflow: {demo.NEWS_WORKFLOW_NAME!r} on the news pages "
            "(editor submits, moderator approves)")

        if not options["skip_apps"]:
            self.run_app_loader("documents.demo", log, users)
            self.run_app_loader("services.demo", log)
            self.run_app_loader("documents.exchange.demo", log)

        featured = self.featured_services(pages)
        if demo.set_featured_services(pages["home"], featured):
            log("  featured the services on the home page")
        # The English home features the same services in English (those translated; none while the
        # services are only the Bulgarian placeholder pages of --skip-apps).
        english = [t for t in (page.get_translation_or_none(pages["home_en"].locale) for page in featured)
                   if t is not None and t.live]
        if demo.set_featured_services(pages["home_en"], english):
            log("  featured the English services on the English home page")

        if verbose:
            self.print_logins(users, options["password"])

    @transaction.atomic
    def ensure_groups(self):
        page_type = ContentType.objects.get_for_model(Page)
        root = Page.get_first_root_node()
        spec = {
            "Editors": (EDITOR_PAGE_PERMISSIONS, EDITOR_MODEL_PERMISSIONS),
            "Moderators": (MODERATOR_PAGE_PERMISSIONS, MODERATOR_MODEL_PERMISSIONS),
            "Registrars": ([], STAFF_MODEL_PERMISSIONS),
            "Clerks": ([], STAFF_MODEL_PERMISSIONS),
            "Managers": ([], STAFF_MODEL_PERMISSIONS),
        }
        groups = {}
        for name, (page_perms, model_perms) in spec.items():
            group, _ = Group.objects.get_or_create(name=name)
            group.permissions.add(*_permissions(model_perms))
            for codename in page_perms:
                permission = Permission.objects.get(content_type=page_type, codename=codename)
                GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
            groups[name] = group
        return groups

    @transaction.atomic
    def ensure_users(self, groups, password):
        user_model = get_user_model()
        users = {}
        for username, (group_name, first, last, _role) in DEMO_USERS.items():
            user, created = user_model.objects.get_or_create(
                username=username,
                defaults={"first_name": first, "last_name": last, "email": f"{username}@ruse.example"},
            )
            if created or not user.check_password(password):
                user.set_password(password)
            user.is_staff = True
            user.is_superuser = group_name is None
            user.save()
            if group_name:
                user.groups.add(groups[group_name])
            users[username] = user
        return users

    def run_app_loader(self, module_name, log, *args):
        try:
            spec = importlib.util.find_spec(module_name)
        except ModuleNotFoundError:  # the app's package itself is missing
            spec = None
        if spec is None:
            log(f"  {module_name}: not written yet, skipped")
            return
        log(f"  {module_name}.load()…")
        importlib.import_module(module_name).load(*args)

    def featured_services(self, pages):
        """The pages to feature: the services app's service pages once they exist, else the demo pages."""
        for model_name in featured_service_page_types():
            if model_name == "home.StandardPage":
                index = Page.objects.filter(pk=pages["services"].pk).first()
                if index is None:
                    return []
                return list(index.get_children().live().type(StandardPage).order_by("path")[:4])
            found = apps.get_model(model_name).objects.live().descendant_of(pages["home"]).order_by("path")
            if found.exists():
                return list(found[:4])
        return []

    def print_logins(self, users, password):
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Demo users (development only) — log in at /admin/"))
        width = max(len(u) for u in users)
        for username, (_group, _first, _last, role) in DEMO_USERS.items():
            self.stdout.write(f"  {username.ljust(width)}  password: {password}   {role}")
