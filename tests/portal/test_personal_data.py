"""The generic personal-data hooks: export by e-mail and anonymisation with a dry run."""

import json

import pytest
from django.core.management import CommandError, call_command

from portal import personal_data
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_app(monkeypatch):
    """A registered app holding records, the way services will register its applications."""
    records = [{"email": "maria@example.bg", "answer": "x", "closed": True},
               {"email": "other@example.bg", "answer": "y", "closed": True}]
    monkeypatch.setattr(personal_data, "_exporters", dict(personal_data._exporters))
    monkeypatch.setattr(personal_data, "_anonymisers", {})

    def export(email):
        return [r for r in records if r["email"].lower() == email.lower()]

    def anonymise(dry_run):
        due = [r for r in records if r["closed"] and r["email"]]
        if not dry_run:
            for r in due:
                r.update(email="", answer="")
        return len(due)

    personal_data.register_exporter("fake.applications", export)
    personal_data.register_anonymiser("fake.applications", anonymise)
    return records


def test_export_gathers_every_source_for_one_address(fake_app, capsys):
    UserFactory(username="maria", email="Maria@example.bg")
    call_command("export_personal_data", "maria@example.bg")
    data = json.loads(capsys.readouterr().out)["data"]
    assert data["fake.applications"] == [{"email": "maria@example.bg", "answer": "x", "closed": True}]
    assert [a["username"] for a in data["portal.accounts"]] == ["maria"]


def test_anonymise_dry_run_changes_nothing_then_the_real_run_does(fake_app, capsys):
    call_command("anonymise_personal_data", "--dry-run")
    assert "fake.applications: 2 would be anonymised" in capsys.readouterr().out
    assert fake_app[0]["email"] == "maria@example.bg"
    call_command("anonymise_personal_data")
    assert "fake.applications: 2 anonymised" in capsys.readouterr().out
    assert all(r["email"] == "" for r in fake_app)


def test_a_failing_anonymiser_is_reported(fake_app):
    personal_data.register_anonymiser("broken", lambda dry_run: 1 / 0)
    with pytest.raises(CommandError, match="An anonymiser failed"):
        call_command("anonymise_personal_data")
    assert fake_app[0]["email"] == ""  # the others still ran


def test_invalid_address_is_refused():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        call_command("export_personal_data", "not-an-address")
