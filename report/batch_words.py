"""Words of the batch, review and export renderers, in both languages."""

from __future__ import annotations

WORDS = {
    "rank": ("排名", "Rank"),
    "name": ("部门名称", "Department"),
    "code": ("部门编码", "Code"),
    "year": ("年度", "Year"),
    "total": ("总分", "Total"),
    "grade": ("评价等级", "Grade"),
    "weakest": ("得分率最低的一级指标", "Weakest dimension"),
    "file": ("文件", "File"),
    "ranking": ("部门排名", "Ranking"),
    "distribution": ("评价等级分布", "Grade distribution"),
    "mean": ("平均分", "Mean"),
    "median": ("中位数", "Median"),
    "failed_files": ("未能评分的文件", "Files that could not be scored"),
    "incomplete": ("插件出错，结果不完整", "a plugin failed; the result is incomplete"),
    "scored": ("已评分", "scored"),
    "review": ("自评复核", "Review of self-evaluations"),
    "claimed": ("自评", "Claimed"),
    "computed": ("计算结果", "Computed"),
    "gap": ("分差", "Gap"),
    "grade_gap": ("等级差", "Grade gap"),
    "flagged": ("需复核", "Flagged"),
    "reasons": ("复核原因", "Why"),
    "explained_by": ("主要失分指标", "Points lost mostly in"),
    "projects": (
        "自评等级高于部门整体计算等级的项目",
        "Projects self-graded above the department's computed grade",
    ),
    "notes": ("说明", "Notes"),
    "no_claims": ("未填写自评结果", "no self-evaluation given"),
    "project": ("项目名称", "Project"),
    "score": ("得分", "Score"),
    "indicator": ("指标", "Indicator"),
    "points": ("分值", "Points"),
    "details": ("扣分及说明", "Deductions and notes"),
    "overall": ("部门整体支出", "Overall expenditure"),
    "conclusion": ("评价结论和评价等级", "Conclusion and grade"),
    "breakdown": ("指标得分明细", "Indicator breakdown"),
    "na": ("不适用", "N/A"),
    "failed": ("出错", "failed"),
    "ruleset": ("评价规则", "Ruleset"),
    "lost": ("失分", "lost"),
}


def word(key: str, lang: str) -> str:
    zh, en = WORDS[key]
    return en if lang == "en" else zh
