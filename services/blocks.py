"""StreamField blocks of a service description."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock


class LegalBasisBlock(blocks.StructBlock):
    """One provision of the legal basis (ИИСДА LegalBasis: RegulatoryActName + StructuredData)."""

    act = blocks.CharBlock(label=_("Act"), help_text=_("Full name of the law, ordinance or convention"))
    article = blocks.CharBlock(label=_("Article"), required=False, help_text=_("e.g. 77"))
    paragraph = blocks.CharBlock(label=_("Paragraph"), required=False, help_text=_("ал., e.g. 1"))
    point = blocks.CharBlock(label=_("Point"), required=False, help_text=_("т., e.g. 3"))
    letter = blocks.CharBlock(label=_("Letter"), required=False, help_text=_("б., e.g. а"))
    url = blocks.URLBlock(label=_("Link to the text"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Provision")
        template = "services/blocks/legal_basis.html"


def format_provision(value) -> str:
    """'чл. 77, ал. 1, т. 3' from a LegalBasisBlock value (without the act)."""
    parts = []
    if value.get("article"):
        parts.append(gettext("Art. %(n)s") % {"n": value["article"]})
    if value.get("paragraph"):
        parts.append(gettext("para. %(n)s") % {"n": value["paragraph"]})
    if value.get("point"):
        parts.append(gettext("item %(n)s") % {"n": value["point"]})
    if value.get("letter"):
        parts.append(gettext("letter %(n)s") % {"n": value["letter"]})
    return ", ".join(parts)


class RequiredDocumentBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Document"))
    note = blocks.TextBlock(label=_("Note"), required=False, help_text=_("e.g. original or certified copy"))
    mandatory = blocks.BooleanBlock(label=_("Always required"), required=False, default=True)

    class Meta:
        icon = "doc-empty"
        label = _("Required document")


class ModelDocumentBlock(blocks.StructBlock):
    """Образец: a downloadable form the applicant fills in."""

    document = DocumentChooserBlock(label=_("File"))
    title = blocks.CharBlock(
        label=_("Title shown"), required=False, help_text=_("Defaults to the document title")
    )

    class Meta:
        icon = "download"
        label = _("Model document")
