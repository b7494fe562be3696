"""Full-text index (vendor-specific), the seeded catalogue (D-5, 条例第二十条) and the
re-assessment period of withheld items (条例第十八条) as policy data."""

from __future__ import annotations

from django.db import migrations

# D-5: the bureau's own proactive scope (政务信息公开工作制度第五条).
D5 = [
    ("D5-1", "涉及公民、法人或者其他组织切身利益的事项"),
    ("D5-2", "需要社会公众广泛知晓或者参与的事项"),
    ("D5-3", "反映行政机关机构设置、职能、办事程序等情况的事项"),
    ("D5-4", "规范性文件以及政策性文件"),
    ("D5-5", "专项工作规划及相关政策"),
    (
        "D5-6",
        "行政许可的事项名称、受理机构、受理条件、申报材料、办理期限、收费标准、设立依据、"
        "结果查询及咨询电话",
    ),
]

# 《中华人民共和国政府信息公开条例》（2019年修订）第二十条 (1)–(15).
R20 = [
    "行政法规、规章和规范性文件",
    "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名",
    "国民经济和社会发展规划、专项规划、区域规划及相关政策",
    "国民经济和社会发展统计信息",
    "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果",
    "实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定",
    "财政预算、决算信息",
    "行政事业性收费项目及其依据、标准",
    "政府集中采购项目的目录、标准及实施情况",
    "重大建设项目的批准和实施情况",
    "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况",
    "突发公共事件的应急预案、预警信息及应对情况",
    "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况",
    "公务员招考的职位、名额、报考条件等事项以及录用结果",
    "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息",
]
NUMERALS = "一二三四五六七八九十"


def numeral(n: int) -> str:
    if n <= 10:
        return NUMERALS[n - 1]
    return "十" + NUMERALS[n - 11]


def seed(apps, schema_editor):  # noqa: ANN001, ANN201
    Category = apps.get_model("disclosure", "Category")
    TimeLimit = apps.get_model("workdays", "TimeLimit")
    d5, _ = Category.objects.get_or_create(
        code="D5",
        defaults={"name": "本机关主动公开范围", "legal_basis": "政务信息公开工作制度第五条", "sort_order": 1},
    )
    for order, (code, name) in enumerate(D5, start=1):
        Category.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "parent": d5,
                "legal_basis": f"政务信息公开工作制度第五条第（{numeral(order)}）项",
                "sort_order": order,
            },
        )
    r20, _ = Category.objects.get_or_create(
        code="R20",
        defaults={
            "name": "条例第二十条规定主动公开的政府信息",
            "legal_basis": "《中华人民共和国政府信息公开条例》第二十条",
            "sort_order": 2,
        },
    )
    for n, name in enumerate(R20, start=1):
        Category.objects.get_or_create(
            code=f"R20-{n:02d}",
            defaults={
                "name": name,
                "parent": r20,
                "legal_basis": f"条例第二十条第（{numeral(n)}）项",
                "sort_order": n,
            },
        )
    if not TimeLimit.objects.filter(rule_id="D-2.reassess").exists():
        from django.utils import timezone

        TimeLimit.objects.create(
            rule_id="D-2.reassess",
            version=1,
            amount=52,
            unit="weeks",
            label="不予公开信息定期评估",
            legal_basis="条例第十八条",
            effective_from=timezone.now(),
            note="Default: withheld information is re-assessed once a year.",
        )


def fts_forward(apps, schema_editor):  # noqa: ANN001, ANN201
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS disclosure_fts USING fts5("
            "tokens, content='disclosure_searchdocument', content_rowid='item_id')"
        )
    elif vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS disclosure_search_gin ON disclosure_searchdocument "
            "USING gin (to_tsvector('simple'::regconfig, tokens))"
        )


def fts_backward(apps, schema_editor):  # noqa: ANN001, ANN201
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS disclosure_fts")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS disclosure_search_gin")


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0001_initial"),
        ("workdays", "0002_seed_calendar_and_time_limits"),
    ]

    operations = [
        migrations.RunPython(fts_forward, fts_backward),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
