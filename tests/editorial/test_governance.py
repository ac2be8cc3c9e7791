"""The groups and workflow are created idempotently, and wired into make seed and compose."""

from pathlib import Path

import pytest
import yaml
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from wagtail.models import GroupPagePermission, Page, Workflow, WorkflowPage

from editorial import services

ROOT = Path(__file__).resolve().parents[2]


def snapshot():
    return {
        group.name: (
            sorted(group.permissions.values_list("codename", flat=True)),
            sorted(group.page_permissions.values_list("page_id", "permission__codename")),
            sorted(
                group.collection_permissions.values_list("collection_id", "permission__codename")
            ),
        )
        for group in Group.objects.filter(name__in=services.GOVERNANCE_GROUPS)
    }


@pytest.mark.django_db
def test_the_command_is_idempotent(seeded_site, capsys):
    call_command("ensure_governance")
    first = snapshot()
    workflows = list(WorkflowPage.objects.values_list("page_id", "workflow__name"))
    call_command("ensure_governance")
    assert snapshot() == first
    assert list(WorkflowPage.objects.values_list("page_id", "workflow__name")) == workflows
    assert Workflow.objects.filter(name=services.WORKFLOW_NAME).count() == 1
    assert set(first) == set(services.GOVERNANCE_GROUPS)
    assert "Governance in place" in capsys.readouterr().out


@pytest.mark.django_db
def test_permissions_added_by_hand_are_taken_away_again(seeded_site):
    services.governance_ensure()
    editors = Group.objects.get(name=services.EDITORS)
    editors.permissions.add(Permission.objects.get(codename="change_user"))
    GroupPagePermission.objects.create(
        group=editors,
        page=seeded_site,
        permission=Permission.objects.get(codename="publish_page"),
    )
    services.governance_ensure()
    assert not editors.permissions.filter(codename="change_user").exists()
    assert not editors.page_permissions.filter(permission__codename="publish_page").exists()


@pytest.mark.django_db
def test_editors_hold_no_publish_delete_user_or_settings_permission(seeded_site):
    services.governance_ensure()
    editors = Group.objects.get(name=services.EDITORS)
    codenames = set(editors.permissions.values_list("codename", flat=True))
    codenames |= set(editors.page_permissions.values_list("permission__codename", flat=True))
    codenames |= set(editors.collection_permissions.values_list("permission__codename", flat=True))
    forbidden = {c for c in codenames if c.startswith(("publish_", "delete_", "bulk_delete_"))}
    assert forbidden == set()
    assert not {c for c in codenames if c.endswith(("_user", "_group", "_portalsettings", "_site"))}


@pytest.mark.django_db
def test_the_command_explains_a_missing_page_tree():
    from django.core.management.base import CommandError
    from wagtail.models import Site

    Site.objects.all().delete()
    Page.objects.all().delete()
    with pytest.raises(CommandError, match="seed_section"):
        call_command("ensure_governance")


def test_make_seed_and_the_compose_migrate_step_ensure_governance():
    makefile = (ROOT / "Makefile").read_text()
    seed_recipe = makefile.split("\nseed:")[1].split("\n\n")[0]
    assert "seed_section" in seed_recipe and "ensure_governance" in seed_recipe
    services_ = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    assert "ensure_governance" in " ".join(services_["migrate"]["command"])


def test_compose_runs_publish_scheduled_every_minute():
    scheduler = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["scheduler"]
    command = " ".join(scheduler["command"])
    assert "python manage.py publish_scheduled" in command
    assert "sleep 60" in command and "while true" in command
    assert scheduler["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert scheduler["environment"]["DJANGO_SETTINGS_MODULE"] == "portal.settings.production"
