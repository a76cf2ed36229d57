"""Turn an analysis into sentences a citizen understands, in Chinese and English."""

from __future__ import annotations

from collections.abc import Sequence

from fanzha.core.taxonomy import CATEGORY_LABELS, FraudCategory
from fanzha.text.analysis import Explanation
from fanzha.text.types import RedFlag, UrlRisk

_MAX_REASONS = 4


def _label(category: str) -> tuple[str, str]:
    try:
        return CATEGORY_LABELS[FraudCategory(category)]
    except ValueError:
        return category, category


def explain(
    *,
    is_fraud: bool,
    score: float,
    category: str,
    red_flags: Sequence[RedFlag],
    risky_urls: Sequence[UrlRisk],
) -> Explanation:
    percent = round(score * 100)
    reasons_en: list[str] = []
    reasons_zh: list[str] = []
    seen: set[str] = set()
    for flag in sorted(red_flags, key=lambda f: -f.weight):
        if flag.code in seen:
            continue
        seen.add(flag.code)
        reasons_en.append(f"{flag.reason} (\u201c{_clip(flag.words)}\u201d)")
        reasons_zh.append(f"{flag.reason_zh}(\u201c{_clip(flag.words)}\u201d)")
        if len(seen) == _MAX_REASONS:
            break
    for risk in risky_urls[:2]:
        why_en = "; ".join(map(_bare, risk.reasons[:2])) or "the link looks like a phishing link"
        why_zh = ";".join(map(_bare, risk.reasons_zh[:2])) or "链接疑似钓鱼网址"
        reasons_en.append(f"the link {risk.host} is risky: {why_en}")
        reasons_zh.append(f"链接 {risk.host} 有风险:{why_zh}")

    if is_fraud:
        zh_label, en_label = _label(category)
        en = f"Likely a scam ({percent}%): looks like {en_label}."
        zh = f"很可能是诈骗({percent}%):疑似{zh_label}。"
        if reasons_en:
            en += " Warning signs: " + "; ".join(reasons_en) + "."
            zh += "可疑之处:" + ";".join(reasons_zh) + "。"
        en += (
            " Do not click links, share codes or card details, or transfer money;"
            " call 96110 (anti-fraud hotline) if unsure."
        )
        zh += "不要点击链接、不要透露验证码和银行卡信息、不要转账;拿不准请拨打96110反诈专线。"
        return Explanation(en, zh)
    en = f"No clear sign of a scam ({percent}%)."
    zh = f"未发现明显诈骗特征({percent}%)。"
    if reasons_en:
        en += " Still, be careful: " + "; ".join(reasons_en) + "."
        zh += "但请注意:" + ";".join(reasons_zh) + "。"
    return Explanation(en, zh)


def _bare(reason: str) -> str:
    """A link reason without its closing stop: reasons are joined into one sentence."""
    return reason.rstrip(" .;。；")


def _clip(words: str, limit: int = 24) -> str:
    words = " ".join(words.split())
    return words if len(words) <= limit else words[: limit - 1] + "\u2026"
