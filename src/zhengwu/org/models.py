"""Organisation: bureaus, their sections/units/public enterprises, people and dated roles."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractUser, _user_has_module_perms, _user_has_perm
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Bureau(models.Model):
    """局 / 行政机关: the administrative body that owns the data; a deployment hosts several."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    # Organisation code: the prefix of every index number (索引号) the bureau issues (D-5, R-11).
    code = models.CharField(_("organisation code"), max_length=40, unique=True)
    address = models.CharField(_("office address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    fax = models.CharField(_("fax"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    office_hours = models.CharField(_("office hours"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("bureau")
        verbose_name_plural = _("bureaus")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UnitKind(models.TextChoices):
    SECTION = "section", _("Section")
    AFFILIATED_UNIT = "affiliated_unit", _("Affiliated unit")
    PUBLIC_ENTERPRISE = "public_enterprise", _("Public enterprise")


class UnitFunction(models.TextChoices):
    """Sections with a function the rules name (S-6 office, S-7 supervision office, S-14 HR)."""

    GENERAL = "general", _("General")
    OFFICE = "office", _("Office")
    SUPERVISION = "supervision", _("Supervision office")
    HR = "hr", _("Human resources")
    LEGAL = "legal", _("Legal affairs")
    DISCLOSURE = "disclosure", _("Disclosure office")


class OrgUnit(models.Model):
    """科室 / 直属单位 / 公共企事业单位 of a bureau."""

    bureau = models.ForeignKey(
        Bureau, on_delete=models.PROTECT, related_name="units", verbose_name=_("bureau")
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    function = models.CharField(
        _("function"), max_length=20, choices=UnitFunction.choices, default=UnitFunction.GENERAL
    )
    code = models.CharField(_("code"), max_length=40, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("organisational unit")
        verbose_name_plural = _("organisational units")
        ordering = ["bureau", "kind", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["bureau", "name"], name="org_unit_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def can_undertake(self) -> bool:
        """S-7: sections and affiliated units undertake 12340 tasks; public enterprises don't."""
        return self.kind in {UnitKind.SECTION, UnitKind.AFFILIATED_UNIT}


class Person(AbstractUser):
    """A member of staff with an account. The public never log in (they apply and read)."""

    full_name = models.CharField(_("full name"), max_length=50)
    bureau = models.ForeignKey(
        Bureau,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("bureau"),
    )
    unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("unit"),
    )
    job_title = models.CharField(_("job title"), max_length=50, blank=True)
    # Personal data: masked in every view except for those who need it (see org.selectors).
    mobile = models.CharField(_("mobile phone"), max_length=20, blank=True)
    office_phone = models.CharField(_("office phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["bureau", "unit", "full_name"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username

    # Django lets an active superuser pass every permission check before any backend is asked.
    # zhengwu answers every permission question in the rules layer (org/rules.py), superuser
    # included, so the short-cut is removed here.
    def has_perm(self, perm: str, obj: object = None) -> bool:
        return self.is_active and _user_has_perm(self, perm, obj)

    def has_module_perms(self, app_label: str) -> bool:
        return self.is_active and _user_has_module_perms(self, app_label)


class Role(models.TextChoices):
    DIRECTOR = "director", _("Director")
    LEADER_IN_CHARGE = "leader_in_charge", _("Leader in charge")
    OFFICE_STAFF = "office_staff", _("Office staff")
    SUPERVISION_STAFF = "supervision_staff", _("Supervision office staff")
    SECTION_HEAD = "section_head", _("Section head (first responsible person)")
    LIAISON = "liaison", _("Liaison")
    DISCLOSURE_OFFICER = "disclosure_officer", _("Disclosure officer")
    CONFIDENTIALITY_REVIEWER = "confidentiality_reviewer", _("Confidentiality reviewer")
    HR = "hr", _("Human resources")
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    # Loads the State Council's holiday notices into the working-day calendar.
    CALENDAR_ADMIN = "calendar_admin", _("Calendar administrator")
    AUDITOR = "auditor", _("Auditor")


# Roles held *for a unit* (the unit a person heads or is the liaison of).
UNIT_ROLES = frozenset({Role.SECTION_HEAD, Role.LIAISON})


class RoleAssignmentQuerySet(models.QuerySet["RoleAssignment"]):
    def active_on(self, day: dt.date) -> RoleAssignmentQuerySet:
        return self.filter(
            Q(valid_from__lte=day), Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )


class RoleAssignment(models.Model):
    """A person holds a role in a bureau from one date to another (both inclusive)."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="role_assignments", verbose_name=_("person")
    )
    bureau = models.ForeignKey(
        Bureau, on_delete=models.PROTECT, related_name="role_assignments", verbose_name=_("bureau")
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("unit"),
        help_text=_("For a section head or liaison: the section or unit concerned."),
    )
    units_in_charge = models.ManyToManyField(
        OrgUnit,
        blank=True,
        related_name="leaders_in_charge",
        verbose_name=_("units in charge"),
        help_text=_("For a leader in charge: the sections and units the leader is in charge of."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["bureau", "role", "person"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="role_assignment_dates_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=sorted(r.value for r in UNIT_ROLES)) | Q(unit__isnull=False),
                name="role_assignment_unit_roles_have_unit",
            ),
        ]
        indexes = [models.Index(fields=["person", "role"]), models.Index(fields=["unit", "role"])]

    def __str__(self) -> str:
        label = self.get_role_display()
        if self.unit_id:
            label = f"{self.unit} {label}"
        return f"{self.person} — {label}"

    def is_active_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or self.valid_until >= day)


class OrganisationStamp(models.Model):
    """One row whose value is replaced, at random, by every write of a role assignment, a unit or
    a bureau (org.signals), in the writer's transaction.

    Every process keeps the role assignments it has read under the value it read first
    (org.selectors.active_assignments): a value is never drawn twice, so an equal value means
    nothing has changed, and a value written by a transaction that was rolled back is never seen
    again."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    value = models.CharField(max_length=32)

    def __str__(self) -> str:
        return self.value
