"""Key findings for the landing page: a few sentences across the chapters, each number glued from a data row (its
writing in the document in Chinese, its English notation in English, qualifier kept), linked to the chapter section
that shows it and to its sentence on the quotes page. The sentences are this book's; the numbers never are."""

from __future__ import annotations

from .. import data
from ..escape import markdown
from ..labels import pick
from ..quantities import shown
from ..yamlfile import ID

# (rows, label of the chapter section that shows them, Chinese sentence, English sentence); {0}, {1}… are the
# rows' values.
FINDINGS = (
    (
        ("p000.miit2019.materials_surveyed", "p000.miit2019.no_supply_share", "p000.miit2019.import_dependent_share"),
        "status-survey",
        "2019 年工业和信息化部调研的{0}关键战略材料中，{1}在国内仍是空白，{2}依赖进口。",
        "Of the {0} key strategic materials surveyed by MIIT in 2019, {1} were not made in China at all and {2} "
        "relied on imports.",
    ),
    (
        ("p000.photoresist_krf_arf.localization",),
        "status-materials",
        "KrF 与 ArF 光刻胶的国产化率{0}。",
        "The localization rate of KrF and ArF photoresist is {0}.",
    ),
    (
        ("s003.chain.total.2020",),
        "roadmap-supply",
        "据文献估算，2020 年关键矿产及其材料产业链四个环节的产值合计{0}。",
        "By the document's estimate, in 2020 the four links of the critical-minerals and materials chain had an output "
        "value of {0} together.",
    ),
    (
        ("t003.recycled_share.2035",),
        "roadmap-scenario",
        "文献提出，到 2035 年再生金属占消费量的比例达到{0}。",
        "The document proposes that recycled metals reach {0} of consumption by 2035.",
    ),
    (
        (
            "i002.industry.output_value.2020",
            "i002.industry.output_value.2024",
            "i002.industry.world_output_value_share.2024",
        ),
        "industry-scale",
        "新材料产业总产值从 2020 年的{0}增至 2024 年的{1}，占世界{2}。",
        "The new-materials industry's output value rose from {0} in 2020 to {1} in 2024, {2} of the world's.",
    ),
    (
        (
            "b004.hf.japan_imports.2019_06",
            "b004.hf.japan_imports.2019_08",
            "b004.hf.japan_imports.decline_vs_before_controls",
        ),
        "monitor-hf",
        "日本 2019 年 7 月实施出口管制后，韩国自日本进口的氟化氢从 6 月的{0}降至 8 月的{1}；2020 年较管制前减少{2}。",
        "After Japan's export controls of July 2019, Korea's hydrogen fluoride imports from Japan fell from {0} in "
        "June to {1} in August; in 2020 they were {2} below their level before the controls.",
    ),
    (
        ("b004.re.china_reserves_share",),
        "monitor-re",
        "中国稀土储量占世界储量的比重{0}。",
        "China holds {0} of the world's rare-earth reserves.",
    ),
)


def row_anchor(row_id: str) -> str:
    """The HTML id of a row's line on the quotes page (row ids keep the id rule, checked by the schema)."""
    if not ID.fullmatch(row_id):
        raise ValueError(f"row id {row_id!r} cannot be an anchor")
    return f"row-{row_id}"


def _value(row, lang: str) -> str:
    return markdown(shown(row, lang))


def findings(lang: str) -> list[dict]:
    """Each finding: its sentence (Markdown, numbers glued from the rows), chapter link and row ids."""
    facts = data.all_facts().set_index("id")
    out = []
    for ids, label, zh, en in FINDINGS:
        values = [_value(facts.loc[i], lang) for i in ids]
        out.append({"text": (zh if lang == "zh" else en).format(*values), "label": label, "rows": ids})
    return out


def findings_markdown(lang: str) -> str:
    """The landing page's key findings (included by intro.md): a Markdown list, each finding linked to the chapter
    section that shows it and to its sentences on the quotes page."""
    more, quote = pick(lang, "详见本章", "in the chapter"), pick(lang, "原句", "sentence")
    lines = []
    for f in findings(lang):
        quotes = " ".join(
            f'<a href="generated/quotes.html#{row_anchor(i)}">{quote} {n + 1}</a>' for n, i in enumerate(f["rows"])
        )
        lines.append(f"- {f['text']} ({{ref}}`{more} <{f['label']}>` · {quotes})")
    return "\n".join(lines) + "\n"
