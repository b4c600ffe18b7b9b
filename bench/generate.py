"""A realistic corpus for the benchmarks: N project files of about 3 KB of Chinese text, a decade of
programme years, every stage and category, and a roster of many colleges that matches them.

Deterministic for a seed. The corpus is a whole repository folder (projects/, data/, docs/,
schema/, mkdocs.yml) that validates with no errors: unique slugs, stage dates in order, scores
that add up, at most the award quota per award year, spending within the grant.

    python -m bench.generate OUT --projects 5000
    python -m bench.generate OUT --public 1000     # as many projects as it takes for 1,000 public
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import zlib
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from bench.media import corpus_media
from site_builder.core.programme import SchemaInfo

REPO = Path(__file__).resolve().parent.parent
# What a corpus repository takes from this one to build the same site.
SITE_DIRS = ("docs", "schema", "overrides")
SITE_FILES = ("mkdocs.yml",)
LATEST = 2026  # the programme year under way (builds use SHOWCASE_TODAY = 2026-11-28)
TODAY = "2026-11-28"
YEARS = tuple(range(LATEST - 9, LATEST + 1))  # a decade
# Stage names and which are public come from the schema, the single source.
_SCHEMA = SchemaInfo.load(REPO)
STAGES = tuple(_SCHEMA.stages)
PUBLIC = _SCHEMA.public_stages
CATEGORIES = ("conduct", "recruitment", "education", "service", "activity", "student")
AWARDS_PER_YEAR = 3
CRITERIA = ("completeness", "process", "participation", "education", "branch_building")

# ---------------------------------------------------------------------------------- the roster

COLLEGES = (
    ("mech", "机械工程学院"),
    ("elec", "电气与自动化学院"),
    ("cs", "计算机科学与技术学院"),
    ("civil", "土木与建筑工程学院"),
    ("chem", "化学化工学院"),
    ("mat", "材料科学与工程学院"),
    ("env", "环境与资源学院"),
    ("math", "数学与统计学院"),
    ("phys", "物理与电子信息学院"),
    ("bio", "生命科学学院"),
    ("med", "医学院"),
    ("nurse", "护理学院"),
    ("pharm", "药学院"),
    ("econ", "经济学院"),
    ("mgmt", "管理学院"),
    ("law", "法学院"),
    ("marx", "马克思主义学院"),
    ("lit", "文学院"),
    ("fl", "外国语学院"),
    ("news", "新闻与传播学院"),
    ("art", "艺术设计学院"),
    ("music", "音乐舞蹈学院"),
    ("pe", "体育学院"),
    ("edu", "教育科学学院"),
    ("hist", "历史文化与旅游学院"),
    ("agri", "农学院"),
    ("admin", "机关"),
    ("logi", "后勤保障处"),
    ("lib", "图书馆"),
)
BRANCH_KINDS = (
    ("t1", "教工第一党支部"),
    ("t2", "教工第二党支部"),
    ("s1", "本科生第一党支部"),
    ("s2", "本科生第二党支部"),
    ("g1", "研究生党支部"),
    ("r1", "离退休教工党支部"),
)
SERVICE_KINDS = (("p1", "第一党支部"), ("p2", "第二党支部"), ("p3", "第三党支部"))
SERVICE_UNITS = {"admin", "logi", "lib"}

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕"
    "丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万严覃武戴"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红燕丹鹏辉宇浩凯健俊帆鑫晨欣怡佳雨思梦琳雪婷"
    "悦涵博文轩睿嘉瑶晓海波峰建国新志立春秋梅兰竹菊颖慧蕾倩莉雯然航毅斌彬琦昊阳晖"
)


def person(rng: random.Random) -> str:
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(SURNAMES) + given


@dataclass
class Branch:
    id: str
    name: str
    general_branch: str
    unit: str
    secretary: str
    members: list[str]  # people who can be executors
    maintainers: list[str]


@dataclass
class Roster:
    panel: list[tuple[str, str, str, str]]  # name, login, role, duty
    general_branches: list[tuple[str, str, list[str], list[Branch]]]  # id, name, heads, branches
    branches: list[Branch] = field(default_factory=list)

    def to_yaml(self) -> str:
        out = [
            "# 名册:基准测试生成的虚构数据(bench/generate.py)。",
            "maintainers: [site-admin]",
            "panel:",
        ]
        for name, login, role, duty in self.panel:
            out.append(f"  - {{name: {name}, login: {login}, role: {role}, duty: {duty}}}")
        out.append("general_branches:")
        for gid, name, heads, branches in self.general_branches:
            out += [f"  - id: {gid}", f"    name: {name}", f"    heads: [{', '.join(heads)}]"]
            out.append("    branches:")
            for b in branches:
                out.append(
                    f"      - {{id: {b.id}, name: {b.name}, maintainers: [{', '.join(b.maintainers)}]}}"
                )
        return "\n".join(out) + "\n"


def make_roster(rng: random.Random) -> Roster:
    duties = ("分管校领导", "组织部部长", "宣传部部长", "党委教师工作部部长", "学生工作部部长")
    panel = [
        (person(rng), f"panel-{i + 1}", "leader" if i == 0 else "member", duties[i % len(duties)])
        for i in range(7)
    ]
    roster = Roster(panel, [])
    for short, college in COLLEGES:
        service = short in SERVICE_UNITS
        kinds = SERVICE_KINDS if service else BRANCH_KINDS[: rng.choice((4, 5, 5, 6))]
        branches = []
        for code, kind in kinds:
            unit = college
            if code == "t2":
                unit = f"{college}实验教学中心"
            branches.append(
                Branch(
                    id=f"{short}-{code}",
                    name=f"{college}{kind}",
                    general_branch=f"gb-{short}",
                    unit=unit,
                    secretary=person(rng),
                    members=[person(rng) for _ in range(rng.randint(8, 20))],
                    maintainers=[f"{short}-{code}-m{j + 1}" for j in range(rng.choice((1, 2)))],
                )
            )
        name = f"{college}党委" if short not in SERVICE_UNITS else f"{college}党总支"
        roster.general_branches.append((f"gb-{short}", name, [f"{short}-head"], branches))
        roster.branches += branches
    return roster


# ------------------------------------------------------------------------------- the text pools

TITLE_CORES = {
    "conduct": (
        ("党员作风建设亮诺践诺", "pledge"),
        ("三比三争作风提升", "style"),
        ("廉洁文化进课堂", "integrity"),
        ("党员责任区建设", "duty-zone"),
        ("马上就办服务承诺", "prompt-service"),
        ("师德师风党员示范岗", "ethics"),
        ("机关作风效能提升", "efficiency"),
        ("清风校园微课堂", "clean-campus"),
    ),
    "recruitment": (
        ("入党积极分子全过程培养", "activist-training"),
        ("发展对象双导师培养", "dual-mentor"),
        ("青苗计划积极分子培育", "seedling"),
        ("预备党员转正考察提质", "probation"),
        ("高知群体发展党员", "faculty-recruit"),
        ("入党培养档案数字化", "archive"),
        ("党员发展公示与回访", "review-visit"),
    ),
    "education": (
        ("三会一课质量提升", "three-meetings"),
        ("党员微党课大赛", "micro-lecture"),
        ("红色经典读书会", "reading"),
        ("党员教育数字课堂", "digital-class"),
        ("理论学习小组建设", "study-group"),
        ("老党员口述历史", "oral-history"),
        ("专业课程思政党员示范", "course-ethics"),
        ("流动党员教育管理", "mobile-members"),
    ),
    "service": (
        ("党员先锋岗", "pioneer-post"),
        ("社区志愿服务站", "community"),
        ("乡村振兴技能服务", "rural-service"),
        ("一站式学生服务", "one-stop"),
        ("毕业生就业帮扶", "job-support"),
        ("健康义诊进社区", "health-clinic"),
        ("法律援助服务站", "legal-aid"),
        ("银龄课堂助老服务", "elderly-care"),
    ),
    "activity": (
        ("主题党日创新", "theme-day"),
        ("支部共建联学", "joint-study"),
        ("红色情景剧创排", "drama"),
        ("党建带团建", "youth-league"),
        ("校企支部联建", "enterprise"),
        ("红色文化墙绘", "murals"),
        ("党史知识竞赛", "quiz"),
        ("红色影像记录", "film"),
    ),
    "student": (
        ("学生党员宿舍挂牌", "dorm"),
        ("朋辈辅导红色引擎", "peer-tutoring"),
        ("红色研学行", "study-tour"),
        ("学生党员先锋工程", "vanguard"),
        ("青年理论宣讲团", "lecture-team"),
        ("学生党员结对帮扶", "pairing"),
        ("毕业生党员离校教育", "graduates"),
        ("新生党员引航", "freshmen"),
    ),
}
TITLE_PREFIXES = ("", "", "", "“红色引擎”", "“先锋领航”", "“初心如磐”", "“薪火相传”", "“同心筑梦”")
TITLE_SUFFIXES = ("行动", "计划", "工程", "项目", "实践", "活动", "建设")

TAGS = (
    "党员先锋岗",
    "志愿服务",
    "师生共建",
    "党史学习",
    "红色研学",
    "学生党员",
    "入党积极分子",
    "主题党日",
    "三会一课",
    "乡村振兴",
    "社区服务",
    "廉洁文化",
    "课程思政",
    "朋辈辅导",
    "就业帮扶",
    "专业技能服务",
    "校企合作",
    "理论宣讲",
    "红色文化",
    "数字化",
    "新媒体",
    "读书会",
    "老党员",
    "离退休",
    "健康服务",
    "法律援助",
    "助老服务",
    "支部共建",
    "作风建设",
    "师德师风",
    "党建带团建",
    "微党课",
    "情景剧",
    "口述历史",
    "党员教育",
    "发展党员",
    "培养档案",
    "双导师",
    "宿舍文化",
    "新生引航",
    "毕业教育",
    "实践育人",
    "劳动教育",
    "创新创业",
    "科技服务",
    "文化传承",
    "非遗",
    "民族团结",
    "国防教育",
    "心理健康",
)

PLACES = (
    "结对社区",
    "共建村",
    "合作企业",
    "学生公寓",
    "图书馆",
    "实训中心",
    "文化礼堂",
    "新时代文明实践站",
    "红色教育基地",
    "校史馆",
    "附属医院",
    "中小学校",
)
PEOPLE = (
    "党员教师",
    "学生党员",
    "入党积极分子",
    "发展对象",
    "预备党员",
    "老党员",
    "青年教师",
    "辅导员",
    "研究生党员",
    "退休教工党员",
)
ACTIONS = (
    "组织集中学习",
    "开展专题研讨",
    "走访慰问",
    "举办主题宣讲",
    "开展志愿服务",
    "建立工作台账",
    "编写学习手册",
    "录制微党课",
    "开展结对帮扶",
    "举办交流分享会",
    "开展问卷调研",
    "组织现场观摩",
)
PROBLEMS = (
    "部分党员参加组织生活的积极性不高,学习停留在读文件、听报告",
    "支部活动形式比较单一,与业务工作结合得不够紧密",
    "学生党员发挥先锋模范作用的平台不多,身份意识有待增强",
    "入党积极分子培养过程记录零散,考察缺少连续的依据",
    "服务群众的需求摸排不够细,供给与需求存在错位",
    "青年教师党员比例上升,但参与支部工作的渠道有限",
    "专业优势没有充分转化为服务社会的实际行动",
    "支部之间交流较少,好的做法没有得到及时推广",
    "离退休老党员的经验和资源没有得到很好的利用",
    "新媒体平台使用不足,宣传教育的覆盖面不够广",
)
GOALS = (
    "形成一套可复制、可推广的工作机制",
    "让党员在实践中亮身份、作表率",
    "把支部建设与中心工作紧密结合起来",
    "提升组织生活的吸引力和实效性",
    "增强党员服务群众的能力和意识",
    "推动党建工作与业务工作深度融合",
    "培育一批有影响力的支部品牌活动",
    "建立长效的培养、考察和评价制度",
)
RESULTS = (
    "参与党员普遍反映收获很大",
    "服务对象的满意度明显提高",
    "相关做法被学院党委在全校推广",
    "支部凝聚力和战斗力进一步增强",
    "形成了多份有价值的调研报告",
    "相关经验在校报和校园网上进行了报道",
    "入党积极分子的培养质量明显提升",
    "带动了一批青年教师主动参与支部工作",
)
LACKS = (
    "活动时间与教学安排存在冲突,部分党员参与次数不足",
    "过程记录还不够规范,影像和文字资料有待完善",
    "经费使用计划性不强,部分活动临时调整",
    "成效评价以定性描述为主,量化指标不够",
    "对服务对象的后续跟踪回访做得不够",
    "新媒体宣传的持续性和影响力还需加强",
)
RULES = (
    "《支部党员志愿服务积分办法》",
    "《入党积极分子培养考察记录规范》",
    "《支部主题党日活动实施细则》",
    "《党员先锋岗设岗定责办法》",
    "《支部共建联学工作制度》",
    "《党员教育培训学时管理办法》",
)
EXPENSE_ITEMS = (
    "宣传展板制作",
    "学习资料印制",
    "志愿者意外保险",
    "活动场地布置",
    "交通租车费",
    "培训讲座资料费",
    "活动耗材购置",
    "成果汇编印刷",
    "参观门票",
    "奖品与纪念品",
)


def sentence(rng: random.Random, year: int) -> str:
    kind = rng.randrange(6)
    if kind == 0:
        return (
            f"支部在{rng.choice(PLACES)}{rng.choice(ACTIONS)},"
            f"由{rng.choice(PEOPLE)}带头、{rng.choice(PEOPLE)}共同参与,{rng.choice(GOALS)}。"
        )
    if kind == 1:
        return f"在前期调研中我们发现,{rng.choice(PROBLEMS)}。"
    if kind == 2:
        n = rng.randint(2, 12)
        return (
            f"{year}年{rng.randint(6, 12)}月至{year + 1}年{rng.randint(1, 4)}月,"
            f"计划{rng.choice(ACTIONS)}不少于{n}次,每次由{rng.randint(2, 6)}名{rng.choice(PEOPLE)}负责组织。"
        )
    if kind == 3:
        return f"通过{rng.choice(ACTIONS)}和{rng.choice(ACTIONS)},{rng.choice(RESULTS)}。"
    if kind == 4:
        return (
            f"支部把{rng.choice(PEOPLE)}分成{rng.randint(3, 8)}个小组,分别对接"
            f"{'和'.join(rng.sample(PLACES, 2))},做到任务到人、责任到岗。"
        )
    return f"我们希望以此为抓手,{rng.choice(GOALS)},{rng.choice(GOALS)}。"


def paragraph(rng: random.Random, year: int, budget: int) -> str:
    out = ""
    while len(out.encode()) < budget:
        out += sentence(rng, year)
    return out


def section_text(rng: random.Random, heading: str, year: int, budget: int) -> str:
    parts: list[str] = []
    used = 0
    if heading == "怎样开展活动":
        items = [f"{i}. **{rng.choice(ACTIONS)}**:{sentence(rng, year)}" for i in range(1, 4)]
        parts.append("\n".join(items))
    elif heading == "预期目标":
        parts.append(
            "\n".join(
                f"- {rng.choice(ACTIONS)}不少于{rng.randint(3, 20)}次,"
                f"覆盖{rng.choice(PEOPLE)}{rng.randint(20, 300)}人次。"
                for _ in range(3)
            )
            + f"\n- {rng.choice(GOALS)}。"
        )
    elif heading == "结题报告":
        parts.append("### 取得成效\n\n" + paragraph(rng, year, budget // 3))
        parts.append("### 存在不足\n\n" + "\n".join(f"- {x}。" for x in rng.sample(LACKS, 2)))
        parts.append(
            "### 经验做法与制度成果\n\n"
            f"1. 形成{rng.choice(RULES)},经支部党员大会通过后执行。\n"
            f"2. {rng.choice(GOALS)},{rng.choice(RESULTS)}。"
        )
    used = sum(len(p.encode()) for p in parts)
    while used < budget:
        text = paragraph(rng, year, min(budget - used, rng.randint(150, 300)))
        parts.insert(len(parts) if heading != "怎样开展活动" else 0, text)
        used += len(text.encode())
    return "\n\n".join(parts)


# ------------------------------------------------------------------------------- the projects


def stage_for(rng: random.Random, year: int) -> str:
    """Realistic stages by programme year (the current year is still under way)."""
    if year == LATEST:
        choices = {"applied": 8, "approved": 67, "rejected": 18, "withdrawn": 7}
    elif year == LATEST - 1:
        choices = {
            "midterm": 6,
            "concluded": 8,
            "accepted": 57,
            "failed": 3,
            "rejected": 18,
            "withdrawn": 8,
        }
    else:
        choices = {"accepted": 72, "failed": 3, "rejected": 18, "withdrawn": 7}
    return rng.choices(list(choices), weights=list(choices.values()))[0]


# Every stage in the first files, so that even a tiny corpus covers them all.
COVERAGE = (
    ("applied", LATEST),
    ("approved", LATEST),
    ("rejected", LATEST),
    ("withdrawn", LATEST),
    ("midterm", LATEST - 1),
    ("concluded", LATEST - 1),
    ("accepted", LATEST - 2),
    ("failed", LATEST - 2),
    ("awarded", LATEST - 2),
    ("nominated", LATEST - 1),
)


def day(rng: random.Random, year: int, month: int, first: int, last: int) -> str:
    return f"{year}-{month:02d}-{rng.randint(first, last):02d}"


def money(value: Decimal) -> str:
    # Decimals are quoted: YAML tools other than ours would read 85.50 as a float.
    return str(int(value)) if value == value.to_integral_value() else f'"{value:.2f}"'


def quote(text: str) -> str:
    """A YAML scalar for front-matter text (plain when nothing in it is YAML syntax)."""
    if any(c in text for c in ":#,[]{}&*!|>'\"%@`") or text[:1] in "-?":
        return json.dumps(text, ensure_ascii=False)
    return text


@dataclass
class Plan:
    year: int
    stage: str
    category: str
    branch: Branch


def project_file(rng: random.Random, plan: Plan, slug: str, panel: list[str]) -> str:
    year, stage, b = plan.year, plan.stage, plan.branch
    core, _ = rng.choice(TITLE_CORES[plan.category])
    title = f"{rng.choice(TITLE_PREFIXES)}{core}{rng.choice(TITLE_SUFFIXES)}"
    long = stage == "midterm" or rng.random() < 0.05
    months = rng.choice((18, 24)) if long else rng.choice((12, 12, 12, 10, 9))
    executors = list(dict.fromkeys([b.secretary, *rng.sample(b.members, rng.randint(1, 6))]))
    pool = TAGS[: 12 + (zlib.crc32(b.id.encode()) % 5) * 8]  # branches have favourite words
    tags = rng.sample(pool, rng.randint(2, 5))
    summary = (
        f"{b.name}围绕{core},组织{rng.choice(PEOPLE)}和{rng.choice(PEOPLE)}"
        f"{rng.choice(ACTIONS)},{rng.choice(GOALS)}。"
    )[:200]
    fm = [
        f"title: {quote(title)}",
        f"year: {year}",
        f"category: {plan.category}",
        f"unit: {b.unit}",
        f"general_branch: {b.general_branch}",
        f"branch: {b.id}",
        f"secretary: {b.secretary}",
        f"executors: [{', '.join(executors)}]",
        f"applied_on: {day(rng, year, 5, 1, 10)}",
        f"summary: {quote(summary)}",
        f"duration_months: {months}",
    ]
    if months > 12:
        fm.append(
            f"duration_reason: 活动需跨越两个学期的假期分批开展,成果总结须在第{months}个月完成。"
        )
    fm += [f"tags: [{', '.join(tags)}]", f"stage: {stage}"]
    grant = Decimal(rng.choice((1000, 1000, 1000, 1000, 1500, 2000)))
    reviewed = stage not in ("applied",) and not (stage == "withdrawn" and rng.random() < 0.3)
    if stage == "rejected":
        fm += [
            "approval:",
            f"  date: {day(rng, year, 5, 11, 31)}",
            "  decision: rejected",
            f"  opinion: 项目与支部中心工作结合不够紧密,{rng.choice(LACKS)},建议完善后下一年度再申报。",
        ]
    elif reviewed:
        fm += [
            "approval:",
            f"  date: {day(rng, year, 5, 11, 31)}",
            "  decision: approved",
            f"  grant: {grant}",
            f"  opinion: 项目设计较为完整,{rng.choice(GOALS)},同意立项。建议做好过程记录。",
        ]
    reached_midterm = stage in (
        "midterm",
        "concluded",
        "accepted",
        "failed",
        "nominated",
        "awarded",
    )
    if reached_midterm:
        fm += [
            "midterm:",
            f"  date: {day(rng, year + 1, 3, 1, 31)}",
            f"  opinion: 项目按计划推进,{rng.choice(RESULTS)}。后续要注意{rng.choice(LACKS)}的问题。",
        ]
    if stage in ("concluded", "accepted", "failed", "nominated", "awarded"):
        fm.append(f"concluded_on: {day(rng, year + 1, 5, 1, 10)}")
        fm.append("expenses:")
        left = grant
        for _ in range(rng.randint(2, 6)):
            amount = Decimal(rng.randint(40, 320)) + rng.choice(
                (Decimal(0), Decimal(0), Decimal("0.50"))
            )
            if amount > left:
                break
            left -= amount
            month = rng.randint(6, 16)
            when = day(rng, year + month // 13, month - 12 if month > 12 else month, 1, 28)
            fm += [
                f"  - date: {when}",
                f"    item: {rng.choice(EXPENSE_ITEMS)}",
                f"    amount: {money(amount)}",
            ]
    if stage in ("accepted", "failed", "nominated", "awarded"):
        low, high = {"awarded": (17, 20), "nominated": (17, 20), "failed": (9, 13)}.get(
            stage, (13, 20)
        )
        reviewers = rng.sample(panel, rng.randint(3, 5))
        fm += ["acceptance:", f"  date: {day(rng, year + 1, 5, 11, 31)}", "  scores:"]
        sums = []
        for reviewer in reviewers:
            scores = [rng.randint(low, high) for _ in CRITERIA]
            sums.append(sum(scores))
            fm.append(f"    - reviewer: {reviewer}")
            fm += [f"      {c}: {s}" for c, s in zip(CRITERIA, scores, strict=True)]
        total = (Decimal(sum(sums)) / len(sums)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        fm += [
            f'  total: "{total}"',
            f"  result: {'failed' if stage == 'failed' else 'passed'}",
            f"  opinion: {rng.choice(RESULTS)},{'未达到预期目标' if stage == 'failed' else '同意通过验收'}。",
        ]
    if stage in ("nominated", "awarded"):
        fm += [
            "award:",
            f"  year: {year + 1}",
            "  title: 优秀成果",
            f"  rank: {rng.choice(('一等奖', '二等奖', '三等奖'))}",
            "  prize: 2000",
        ]
    if stage == "nominated":  # 公示 from early June, after every acceptance date
        fm.append(f"  notice_start: {day(rng, year + 1, 6, 1, 10)}")
    if stage == "withdrawn":
        fm += [
            "withdrawal:",
            f"  date: {day(rng, year, 10, 1, 31)}",
            "  reason: 项目负责人工作调动,支部研究决定撤销该项目。",
        ]
    front = "---\n" + "\n".join(fm) + "\n---\n"
    headings = ["为什么开展活动", "怎样开展活动", "预期目标"]
    if reached_midterm:
        headings.append("中期进展")
    if stage in ("concluded", "accepted", "failed", "nominated", "awarded"):
        headings.append("结题报告")
    budget = max(500, rng.randint(2000, 2800) - len(front.encode()))
    body = "".join(
        f"\n## {h}\n\n{section_text(rng, h, year, budget // len(headings))}\n" for h in headings
    )
    return front + body


@dataclass
class Corpus:
    root: Path
    paths: list[str]
    stages: Counter
    categories: Counter
    public: int
    bytes: int
    media_files: int = 0

    def summary(self) -> dict[str, Any]:
        return {
            "projects": len(self.paths),
            "public": self.public,
            "mean_bytes": round(self.bytes / max(1, len(self.paths))),
            "media_files": self.media_files,
            "stages": dict(self.stages),
            "categories": dict(self.categories),
        }


def generate(
    root: Path,
    projects: int | None = None,
    *,
    public: int | None = None,
    seed: int = 20261128,
    media: float = 0.0,
) -> Corpus:
    """Write a corpus repository at `root` (replaced if present). Give `projects` (the total) or
    `public` (generate until that many projects are public, at the realistic share). With
    `media`, that share of the public projects also gets 2–4 photos (sometimes an outcome PDF);
    the projects are otherwise the same as without (their own random stream)."""
    if (projects is None) == (public is None):
        raise ValueError("give exactly one of projects= or public=")
    rng = random.Random(seed)
    media_rng = random.Random(seed + 1)
    if root.exists():
        shutil.rmtree(root)
    (root / "data").mkdir(parents=True)
    roster = make_roster(rng)
    (root / "data/roster.yml").write_text(roster.to_yaml(), encoding="utf-8")
    shutil.copy(REPO / "data" / "programme.yml", root / "data" / "programme.yml")
    for folder in SITE_DIRS:
        shutil.copytree(REPO / folder, root / folder)
    for name in SITE_FILES:
        shutil.copy(REPO / name, root / name)

    panel = [p[0] for p in roster.panel]
    awarded: Counter = Counter()
    slugs: set[str] = set()
    corpus = Corpus(root, [], Counter(), Counter(), 0, 0)
    weights = [1.0 + 0.08 * i for i in range(len(YEARS))]  # more projects in later years
    i = 0
    while (projects is not None and i < projects) or (
        public is not None and corpus.public < public
    ):
        if i < len(COVERAGE):
            stage, year = COVERAGE[i]
        else:
            year = rng.choices(YEARS, weights=weights)[0]
            stage = stage_for(rng, year)
            if (
                stage == "accepted"
                and year < LATEST
                and awarded[year] < AWARDS_PER_YEAR
                and rng.random() < 0.2
            ):
                stage = "awarded"
        if stage in ("nominated", "awarded"):  # the quota counts both
            awarded[year] += 1
        if public is not None and stage in PUBLIC and corpus.public >= public:
            stage = "rejected"  # exact public count; the rest keep the realistic mix
        category = CATEGORIES[i % len(CATEGORIES)] if i < 12 else rng.choice(CATEGORIES)
        branch = rng.choice(roster.branches)
        plan = Plan(year, stage, category, branch)
        _, theme = rng.choice(TITLE_CORES[category])
        slug = f"{branch.id}-{theme}"
        n = 2
        while slug in slugs:
            slug = f"{branch.id}-{theme}-{n}"
            n += 1
        slugs.add(slug)
        rel = f"projects/{year}/{slug}.md"
        text = project_file(rng, plan, slug, panel)
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if media and stage in PUBLIC and media_rng.random() < media:
            extra, files = corpus_media(media_rng, slug, i)
            text += extra
            for name, data in files.items():
                (root / "projects" / str(year) / slug).mkdir(exist_ok=True)
                (root / "projects" / str(year) / slug / name).write_bytes(data)
            corpus.media_files += len(files)
        raw = text.encode("utf-8")
        path.write_bytes(raw)
        corpus.paths.append(rel)
        corpus.stages[stage] += 1
        corpus.categories[category] += 1
        corpus.public += stage in PUBLIC
        corpus.bytes += len(raw)
        i += 1
    return corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--projects", type=int)
    group.add_argument("--public", type=int)
    parser.add_argument("--seed", type=int, default=20261128)
    args = parser.parse_args()
    corpus = generate(args.out, args.projects, public=args.public, seed=args.seed)
    print(json.dumps(corpus.summary(), ensure_ascii=False))


if __name__ == "__main__":
    main()
