"""政策解读 names the policy it explains; the catalogue becomes a tree without overlaps.

The seeded catalogue (0002) had two roots that said the same things twice: the bureau's own scope
(政务信息公开工作制度第五条) and 条例第二十条. Four of the bureau's categories are the same content
as one of the 条例's (机构职能, 规范性文件, 规划, 行政许可), so the same document could be filed
under either and the portal's columns would show it in one and miss it in the other. Their items
move to the 条例's category, which now cites both rules, and the duplicates are removed; the two
categories of the bureau's scope that name no kind of content (切身利益, 广泛知晓或者参与) stay, as
the bureau's "other" information, under a root of their own.
"""

import django.db.models.deletion
from django.db import migrations, models


# the bureau's category -> the 条例第二十条 category with the same content
MERGED = {
    "D5-3": ("R20-02", "政务信息公开工作制度第五条第（三）项"),
    "D5-4": ("R20-01", "政务信息公开工作制度第五条第（四）项"),
    "D5-5": ("R20-03", "政务信息公开工作制度第五条第（五）项"),
    "D5-6": ("R20-05", "政务信息公开工作制度第五条第（六）项"),
}
RENAMED = {
    "D5": "本机关其他主动公开信息",
    "D5-1": "其他涉及公民、法人或者其他组织切身利益的事项",
    "D5-2": "其他需要社会公众广泛知晓或者参与的事项",
}


def clean_tree(apps, schema_editor):  # noqa: ANN001, ANN201
    Category = apps.get_model("disclosure", "Category")
    Item = apps.get_model("disclosure", "InformationItem")
    PublicGeneration = apps.get_model("disclosure", "PublicGeneration")
    for old_code, (new_code, also) in MERGED.items():
        old = Category.objects.filter(code=old_code).first()
        new = Category.objects.filter(code=new_code).first()
        if old is None or new is None:
            continue
        Item.objects.filter(category=old).update(category=new)
        Category.objects.filter(parent=old).update(parent=new)
        if also not in new.legal_basis:
            new.legal_basis = f"{new.legal_basis}；{also}"[:100]
            new.save(update_fields=["legal_basis"])
        old.delete()
    for code, name in RENAMED.items():
        Category.objects.filter(code=code).update(name=name)
    # 条例第二十条 first: it is what every portal's 法定主动公开内容 follows.
    Category.objects.filter(code="R20").update(sort_order=1)
    Category.objects.filter(code="D5").update(sort_order=2)
    PublicGeneration.objects.filter(pk=1).update(value=models.F("value") + 1)


class Migration(migrations.Migration):

    dependencies = [
        ('disclosure', '0007_search_terms'),
    ]

    operations = [
        migrations.AddField(
            model_name='informationitem',
            name='interprets',
            field=models.ForeignKey(blank=True, help_text='For a policy interpretation (政策解读): the document it explains.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='interpretations', to='disclosure.informationitem', verbose_name='policy interpreted'),
        ),
        migrations.RunPython(clean_tree, migrations.RunPython.noop),
    ]
