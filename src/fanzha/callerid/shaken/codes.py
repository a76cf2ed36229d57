"""Finding codes of the STIR/SHAKEN verifier, with their outcome, score and reasons.

Codes are stable: proxies, dashboards and the screening policy key on them.
Each code has one outcome: ``fail`` makes the verstat TN-Validation-Failed,
``none`` means nothing could be validated (No-TN-Validation) and ``info``
only explains a passed or ignored header. The ``score`` is what the finding
alone says about fraud, as for every fanzha Finding.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from fanzha.core import Finding

DETECTOR = "callerid.shaken"
VERSION = "1"
_EVIDENCE_CHARS = 200


class Outcome(StrEnum):
    FAIL = "fail"
    NONE = "none"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class CodeInfo:
    code: str
    outcome: Outcome
    score: float
    reason: str
    reason_zh: str
    forgery: bool = False  # points at a forged or replayed identity, not an operational fault


NO_IDENTITY = "SHAKEN.NO_IDENTITY"
TOO_MANY_IDENTITIES = "SHAKEN.TOO_MANY_IDENTITIES"
HEADER_TOO_LARGE = "SHAKEN.HEADER_TOO_LARGE"
MALFORMED_HEADER = "SHAKEN.MALFORMED_HEADER"
MALFORMED_TOKEN = "SHAKEN.MALFORMED_TOKEN"
ALG_UNSUPPORTED = "SHAKEN.ALG_UNSUPPORTED"
PPT_UNSUPPORTED = "SHAKEN.PPT_UNSUPPORTED"
PPT_MISMATCH = "SHAKEN.PPT_MISMATCH"
CLAIM_MISSING = "SHAKEN.CLAIM_MISSING"
CLAIM_INVALID = "SHAKEN.CLAIM_INVALID"
STALE_IAT = "SHAKEN.STALE_IAT"
FUTURE_IAT = "SHAKEN.FUTURE_IAT"
ORIG_MISMATCH = "SHAKEN.ORIG_MISMATCH"
DEST_MISMATCH = "SHAKEN.DEST_MISMATCH"
DIV_MISMATCH = "SHAKEN.DIV_MISMATCH"
X5U_MISMATCH = "SHAKEN.X5U_MISMATCH"
X5U_INVALID = "SHAKEN.X5U_INVALID"
X5U_FORBIDDEN_ADDRESS = "SHAKEN.X5U_FORBIDDEN_ADDRESS"
X5U_FETCH_FAILED = "SHAKEN.X5U_FETCH_FAILED"
X5U_TIMEOUT = "SHAKEN.X5U_TIMEOUT"
X5U_TOO_LARGE = "SHAKEN.X5U_TOO_LARGE"
CERT_INVALID = "SHAKEN.CERT_INVALID"
CERT_EXPIRED = "SHAKEN.CERT_EXPIRED"
CERT_NOT_YET_VALID = "SHAKEN.CERT_NOT_YET_VALID"
CERT_UNTRUSTED = "SHAKEN.CERT_UNTRUSTED"
CERT_REVOKED = "SHAKEN.CERT_REVOKED"
CERT_NO_TNAUTHLIST = "SHAKEN.CERT_NO_TNAUTHLIST"
TN_NOT_AUTHORISED = "SHAKEN.TN_NOT_AUTHORISED"
SIGNATURE_INVALID = "SHAKEN.SIGNATURE_INVALID"
ATTEST_B = "SHAKEN.ATTEST_B"
ATTEST_C = "SHAKEN.ATTEST_C"
TN_BY_SPC = "SHAKEN.TN_BY_SPC"
INTERNAL_ERROR = "SHAKEN.INTERNAL_ERROR"

_F, _N, _I = Outcome.FAIL, Outcome.NONE, Outcome.INFO

CATALOGUE: dict[str, CodeInfo] = {
    info.code: info
    for info in (
        CodeInfo(
            NO_IDENTITY,
            _N,
            0.05,
            "The call carries no STIR/SHAKEN Identity header: its caller ID is not signed.",
            "该来电没有 STIR/SHAKEN 身份签名(Identity 头),主叫号码未经认证。",
        ),
        CodeInfo(
            TOO_MANY_IDENTITIES,
            _F,
            0.5,
            "The call carries more Identity headers than any genuine call needs.",
            "该来电携带的 Identity 头数量异常,超过正常呼叫所需。",
        ),
        CodeInfo(
            HEADER_TOO_LARGE,
            _F,
            0.6,
            "An Identity header is larger than the size limit and was not read.",
            "Identity 头超过长度上限,未予解析。",
        ),
        CodeInfo(
            MALFORMED_HEADER,
            _F,
            0.6,
            "An Identity header is malformed (not the RFC 8224 syntax).",
            "Identity 头格式错误,不符合 RFC 8224 规范。",
        ),
        CodeInfo(
            MALFORMED_TOKEN,
            _F,
            0.6,
            "The PASSporT in the Identity header cannot be decoded (bad base64, JSON or "
            "signature encoding).",
            "Identity 头中的 PASSporT 无法解码(base64、JSON 或签名编码错误)。",
        ),
        CodeInfo(
            ALG_UNSUPPORTED,
            _F,
            0.7,
            "The PASSporT is not signed with ES256, the only algorithm SHAKEN allows.",
            "该 PASSporT 未使用 SHAKEN 唯一允许的 ES256 算法签名。",
            forgery=True,
        ),
        CodeInfo(
            PPT_UNSUPPORTED,
            _I,
            0.05,
            "An Identity header carries a PASSporT type this verifier does not handle; it "
            "was ignored.",
            "某个 Identity 头的 PASSporT 类型不受支持,已忽略。",
        ),
        CodeInfo(
            PPT_MISMATCH,
            _F,
            0.6,
            "The ppt parameter of the Identity header differs from the PASSporT's own type.",
            "Identity 头的 ppt 参数与 PASSporT 自身声明的类型不一致。",
        ),
        CodeInfo(
            CLAIM_MISSING,
            _F,
            0.6,
            "The PASSporT lacks a claim that SHAKEN requires.",
            "该 PASSporT 缺少 SHAKEN 规定的必备字段。",
        ),
        CodeInfo(
            CLAIM_INVALID,
            _F,
            0.6,
            "A PASSporT claim has the wrong type or an invalid value.",
            "该 PASSporT 的某个字段类型错误或取值无效。",
        ),
        CodeInfo(
            STALE_IAT,
            _F,
            0.6,
            "The PASSporT was signed too long ago: it may be a replay of an old call's signature.",
            "该 PASSporT 签发时间过早,可能是重放的旧签名。",
            forgery=True,
        ),
        CodeInfo(
            FUTURE_IAT,
            _F,
            0.5,
            "The PASSporT claims to be signed in the future.",
            "该 PASSporT 的签发时间晚于当前时间。",
        ),
        CodeInfo(
            ORIG_MISMATCH,
            _F,
            0.9,
            "The signed calling number differs from the caller ID the call shows: the "
            "caller ID was changed after signing.",
            "签名中的主叫号码与来电显示号码不一致:来电显示在签名后被篡改。",
            forgery=True,
        ),
        CodeInfo(
            DEST_MISMATCH,
            _F,
            0.7,
            "The signed called number differs from the number this call is for: the "
            "signature was copied from another call.",
            "签名中的被叫号码与本次呼叫的被叫不一致:签名可能取自其他呼叫。",
            forgery=True,
        ),
        CodeInfo(
            DIV_MISMATCH,
            _F,
            0.6,
            "The diversion (div) PASSporTs do not link the original called number to this "
            "call's called number.",
            "呼叫转移(div)签名无法把原被叫号码与本次被叫号码连接起来。",
            forgery=True,
        ),
        CodeInfo(
            X5U_MISMATCH,
            _F,
            0.6,
            "The certificate URL in the PASSporT differs from the Identity header's info "
            "parameter.",
            "PASSporT 中的证书地址(x5u)与 Identity 头的 info 参数不一致。",
            forgery=True,
        ),
        CodeInfo(
            X5U_INVALID,
            _F,
            0.5,
            "The certificate URL is not an allowed https URL.",
            "证书地址不是允许的 https 地址。",
        ),
        CodeInfo(
            X5U_FORBIDDEN_ADDRESS,
            _F,
            0.6,
            "The certificate URL points to a loopback, private or otherwise forbidden "
            "address; it was not fetched.",
            "证书地址指向本机、内网或其他禁止访问的地址,未予获取。",
            forgery=True,
        ),
        CodeInfo(
            X5U_FETCH_FAILED,
            _F,
            0.3,
            "The signing certificate could not be fetched from its URL.",
            "无法从证书地址获取签名证书。",
        ),
        CodeInfo(
            X5U_TIMEOUT,
            _F,
            0.3,
            "Fetching the signing certificate took longer than the time limit.",
            "获取签名证书超时。",
        ),
        CodeInfo(
            X5U_TOO_LARGE,
            _F,
            0.4,
            "The certificate URL returned more data than the size limit.",
            "证书地址返回的数据超过大小上限。",
        ),
        CodeInfo(
            CERT_INVALID,
            _F,
            0.5,
            "The certificate URL did not return a usable P-256 certificate.",
            "证书地址返回的内容不是可用的 P-256 证书。",
        ),
        CodeInfo(
            CERT_EXPIRED,
            _F,
            0.4,
            "The signing certificate (or a certificate of its chain) has expired.",
            "签名证书(或其证书链中的证书)已过期。",
        ),
        CodeInfo(
            CERT_NOT_YET_VALID,
            _F,
            0.4,
            "The signing certificate is not valid yet.",
            "签名证书尚未生效。",
        ),
        CodeInfo(
            CERT_UNTRUSTED,
            _F,
            0.8,
            "The signing certificate does not chain to a trusted STI certification authority.",
            "签名证书无法链接到受信任的 STI 证书颁发机构。",
            forgery=True,
        ),
        CodeInfo(
            CERT_REVOKED,
            _F,
            0.8,
            "The signing certificate (or a certificate of its chain) has been revoked by "
            "its certification authority.",
            "签名证书(或其证书链中的证书)已被证书颁发机构吊销。",
            forgery=True,
        ),
        CodeInfo(
            CERT_NO_TNAUTHLIST,
            _F,
            0.6,
            "The signing certificate has no usable TNAuthList: it authorises no numbers.",
            "签名证书没有可用的 TNAuthList 扩展,未授权任何号码。",
            forgery=True,
        ),
        CodeInfo(
            TN_NOT_AUTHORISED,
            _F,
            0.8,
            "The signing certificate does not cover the signed number: the signer may not "
            "vouch for it.",
            "签名证书的号码授权范围不包含所签号码,签名方无权为该号码担保。",
            forgery=True,
        ),
        CodeInfo(
            SIGNATURE_INVALID,
            _F,
            0.9,
            "The PASSporT signature does not verify: the token was forged or altered.",
            "PASSporT 签名校验失败:签名被伪造或内容被篡改。",
            forgery=True,
        ),
        CodeInfo(
            ATTEST_B,
            _I,
            0.1,
            "Attestation B: the signing carrier knows the customer but not that they may "
            "use this number.",
            "认证级别 B:签名运营商认识该客户,但不能确认其有权使用该号码。",
        ),
        CodeInfo(
            ATTEST_C,
            _I,
            0.3,
            "Attestation C: the signer only passed the call on (gateway) and vouches for "
            "nothing about the caller.",
            "认证级别 C:签名方仅为转接网关,对主叫身份不作任何担保。",
        ),
        CodeInfo(
            TN_BY_SPC,
            _I,
            0.0,
            "The signing certificate authorises a service provider code, not listed numbers.",
            "签名证书按运营商代码(SPC)授权,而非列出具体号码。",
        ),
        CodeInfo(
            INTERNAL_ERROR,
            _N,
            0.0,
            "The verifier met an internal error; nothing was validated (it is logged).",
            "验证服务内部出错,未能完成验证(已记录日志)。",
        ),
    )
}


@dataclass(frozen=True, slots=True)
class Problem:
    """A check that did not pass: a code from the catalogue plus a short detail."""

    code: str
    detail: str = ""

    def finding(self, **evidence: Any) -> Finding:
        if self.detail:
            evidence = {"detail": self.detail, **evidence}
        return finding(self.code, **evidence)


def finding(code: str, **evidence: Any) -> Finding:
    info = CATALOGUE[code]
    clean = {key: _clean(value) for key, value in evidence.items()}
    return Finding(DETECTOR, VERSION, info.score, code, info.reason, clean, info.reason_zh)


def _clean(value: Any) -> Any:
    """Evidence may quote attacker-chosen text: keep it short, printable and encodable."""
    if isinstance(value, str):
        text = "".join(
            ch if ch.isprintable() and not "\ud800" <= ch <= "\udfff" else "?"
            for ch in value[:_EVIDENCE_CHARS]
        )
        return text + ("…" if len(value) > _EVIDENCE_CHARS else "")
    if isinstance(value, list | tuple):
        return [_clean(item) for item in value[:16]]
    return value


def outcome_of(code: str) -> Outcome:
    return CATALOGUE[code].outcome
