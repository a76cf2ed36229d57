"""Per-number features, written once as Ibis expressions.

The same expressions run on DuckDB (embedded, the default) and on PySpark (at
operator scale); ``tests/cdr/test_engines.py`` checks that both give the same
answers. ``fanzha.cdr.reference`` is a plain pandas version of the same
definitions, kept for the benchmark and as a second check.

Every record is a leg seen from its *served* subscriber: the caller of an
``out`` leg, the callee of an ``in`` leg. Features are computed for every line
in ``subscribers`` (lines without records get zeros). Times are UTC in the data;
hours of the day are local (``FeatureParams.utc_offset_s``, China by default).

Ibis on Spark: float literals become DECIMAL there, so expressions only use
integer literals and cast to float64 explicitly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ibis  # type: ignore[import-untyped,unused-ignore]

Table = Any  # ibis.expr.types.Table (ibis ships no type information)


@dataclass(frozen=True, slots=True)
class FeatureParams:
    short_call_s: int = 30  # an answered or unanswered call shorter than this is "short"
    long_call_s: int = 600
    quiet_window_s: int = 48 * 3600  # how long after a long unknown call we look for silence
    night_from_h: int = 22  # local night: [night_from_h, 24) and [0, night_to_h)
    night_to_h: int = 6
    utc_offset_s: int = 8 * 3600
    batch_suffix_digits: int = 3  # numbers sharing all but the last 3 digits form a block


@dataclass(frozen=True, slots=True)
class Window:
    """Observation window in UTC epoch seconds: [start_s, end_s]."""

    start_s: int
    end_s: int

    @property
    def days(self) -> float:
        return max((self.end_s - self.start_s) / 86_400, 1.0)


FEATURES: tuple[str, ...] = (
    # volumes and balance
    "days_active",
    "span_days",
    "idle_before_days",
    "idle_after_days",
    "out_calls",
    "in_calls",
    "out_per_day",
    "in_out_ratio",
    "out_distinct",
    "out_distinct_ratio",
    "in_distinct",
    "callback_rate",
    # durations and timing
    "out_answered_share",
    "out_short_share",
    "out_long_share",
    "out_mean_dur",
    "in_mean_dur",
    "in_answered_share",
    "night_share",
    # trunks and forwarding
    "out_intl_share",
    "in_intl_share",
    "fwd_share",
    "fwd_intl_share",
    "fwd_targets",
    # devices and places
    "imei_count",
    "imei_max_sims",
    "imei_peers",
    "cell_count",
    "top_cell_share",
    # the line itself
    "is_fixed",
    "is_cloud_voice",
    "is_iot",
    "is_mvno",
    "unverified",
    "activation_age_days",
    "batch_size",
    # SMS
    "sms_out",
    "sms_in",
    "sms_out_distinct",
    "sms_reply_rate",
    # being a target: the longest call from a number never called back, then silence
    "unknown_in_max_dur",
    "unknown_in_intl",
    "unknown_caller_fanout",
    "quiet_drop",
    "out_after_unknown",
)


def _f(x: Any) -> Any:
    return x.cast("float64")


def _flag(cond: Any) -> Any:
    return cond.ifelse(1, 0)


def _ratio(num: Any, den: Any) -> Any:
    """num / den as float64, 0 where den is 0."""
    return (den > 0).ifelse(_f(num) / _f(den), 0).cast("float64")


def window(calls: Table, run: Callable[[Any], Any] | None = None) -> Window:
    """The observation window of prepared calls (one small query; ``run`` returns Arrow)."""
    expr = calls.aggregate(lo=calls.ts.min(), hi=calls.ts.max())
    row = (run(expr) if run else expr.to_pyarrow()).to_pylist()[0]
    if row["lo"] is None:
        return Window(0, 0)
    return Window(int(row["lo"]), int(row["hi"]))


def prepare_calls(cdr: Table, p: FeatureParams) -> Table:
    """Legs with served/peer numbers and the derived columns every feature uses."""
    out = cdr.direction == "out"
    ts = cdr.start_time.epoch_seconds().cast("int64")
    local = ts + p.utc_offset_s
    hour = (local % 86_400) // 3_600
    return cdr.select(
        served=out.ifelse(cdr.caller, cdr.callee),
        peer=out.ifelse(cdr.callee, cdr.caller),
        is_out=_flag(out),
        ts=ts,
        day=local // 86_400,
        dur=cdr.duration_s.cast("int64"),
        night=_flag((hour >= p.night_from_h) | (hour < p.night_to_h)),
        intl=_flag(cdr.ingress != "domestic"),
        fwd=_flag(cdr.forwarded_to.notnull()),
        fwd_intl=_flag(cdr.forwarded_to.notnull() & ~cdr.forwarded_to.startswith("+86")),
        forwarded_to=cdr.forwarded_to,
        cell_id=cdr.cell_id,
        imei=cdr.imei,
    )


def prepare_sms(sms: Table) -> Table:
    out = sms.direction == "out"
    return sms.select(
        served=out.ifelse(sms.sender, sms.recipient),
        peer=out.ifelse(sms.recipient, sms.sender),
        is_out=_flag(out),
    )


@dataclass(frozen=True, slots=True)
class Pairs:
    """Distinct (served, peer) pairs of outgoing and incoming calls.

    Several features use them; an engine may cache them (``Table.cache()``).
    """

    out_pairs: Table
    in_pairs: Table


def call_pairs(calls: Table) -> Pairs:
    c = calls
    return Pairs(
        out_pairs=c.filter(c.is_out == 1).select("served", "peer").distinct(),
        in_pairs=c.filter(c.is_out == 0).select("served", "peer").distinct(),
    )


def features(
    subscribers: Table,
    calls: Table,
    sms: Table,
    win: Window,
    params: FeatureParams | None = None,
    pairs: Pairs | None = None,
) -> Table:
    """One row per subscriber line: ``msisdn`` and every name in ``FEATURES``.

    ``calls`` and ``sms`` come from ``prepare_calls`` / ``prepare_sms``;
    ``pairs`` from ``call_pairs(calls)`` (computed here when not given).
    """
    p = params or FeatureParams()
    c = calls
    null_s = ibis.null().cast("string")
    answered = c.dur > 0
    is_out = c.is_out == 1
    voice = c.group_by(msisdn=c.served).aggregate(
        days_active=c.day.nunique(),
        out_calls=c.is_out.sum(),
        in_calls=(1 - c.is_out).sum(),
        out_answered=_flag(is_out & answered).sum(),
        out_short=_flag(is_out & (c.dur < p.short_call_s)).sum(),
        out_long=_flag(is_out & (c.dur >= p.long_call_s)).sum(),
        out_dur=(c.is_out * c.dur).sum(),
        in_answered=_flag(~is_out & answered).sum(),
        in_dur=((1 - c.is_out) * c.dur).sum(),
        night_calls=c.night.sum(),
        out_intl=(c.is_out * c.intl).sum(),
        in_intl=((1 - c.is_out) * c.intl).sum(),
        fwd_calls=c.fwd.sum(),
        fwd_intl_calls=c.fwd_intl.sum(),
        fwd_targets=c.forwarded_to.nunique(),
        first_seen=c.ts.min(),
        last_seen=c.ts.max(),
    )

    pairs = pairs or call_pairs(c)
    out_pairs, in_pairs = pairs.out_pairs, pairs.in_pairs
    out_distinct = out_pairs.group_by(msisdn="served").aggregate(out_distinct=ibis._.count())
    in_distinct = in_pairs.group_by(msisdn="served").aggregate(in_distinct=ibis._.count())
    reciprocated = (
        out_pairs.semi_join(
            in_pairs, [out_pairs.served == in_pairs.served, out_pairs.peer == in_pairs.peer]
        )
        .group_by(msisdn="served")
        .aggregate(reciprocated=ibis._.count())
    )

    with_imei = c.filter(c.imei.notnull()).select("served", "imei").distinct()
    imei_sims = with_imei.group_by("imei").aggregate(sims=ibis._.count())
    imei_sharing = (
        with_imei.join(imei_sims, "imei")
        .group_by(msisdn="served")
        .aggregate(imei_max_sims=ibis._.sims.max(), imei_count=ibis._.count())
    )
    other = with_imei.select(o_imei="imei", o_served="served")
    peers = with_imei.join(other, with_imei.imei == other.o_imei)
    imei_peers = peers.group_by(msisdn="served").aggregate(imei_peers=peers.o_served.nunique())

    cells = c.filter(c.cell_id.notnull()).group_by("served", "cell_id").aggregate(n=ibis._.count())
    stationarity = cells.group_by(msisdn="served").aggregate(
        top_cell=cells.n.max(), cell_legs=cells.n.sum(), cell_count=ibis._.count()
    )

    s = sms
    sms_out_peer = (s.is_out == 1).ifelse(s.peer, null_s)
    texting = s.group_by(msisdn=s.served).aggregate(
        sms_out=s.is_out.sum(),
        sms_in=(1 - s.is_out).sum(),
        sms_out_distinct=sms_out_peer.nunique(),
    )
    sms_out_pairs = s.filter(s.is_out == 1).select("served", "peer").distinct()
    sms_in_pairs = s.filter(s.is_out == 0).select("served", "peer").distinct()
    sms_replied = (
        sms_out_pairs.semi_join(
            sms_in_pairs,
            [sms_out_pairs.served == sms_in_pairs.served, sms_out_pairs.peer == sms_in_pairs.peer],
        )
        .group_by(msisdn="served")
        .aggregate(sms_replied=ibis._.count())
    )

    target = _target_features(c, out_pairs, win, p)

    subs = subscribers
    msisdn_len = subs.msisdn.length()
    block = subs.msisdn.substr(0, msisdn_len - p.batch_suffix_digits)
    lines = subs.select(
        msisdn=subs.msisdn,
        line_type=subs.line_type,
        carrier=subs.carrier,
        real_name=subs.real_name,
        act_s=subs.activation_date.cast("timestamp").epoch_seconds().cast("int64"),
        block=block,
        activation_date=subs.activation_date,
    )
    batches = lines.group_by("activation_date", "block").aggregate(batch_size=ibis._.count())
    lines = lines.join(batches, ["activation_date", "block"])

    t = lines.left_join(voice, "msisdn").drop("msisdn_right")
    t = t.left_join(out_distinct, "msisdn").drop("msisdn_right")
    t = t.left_join(in_distinct, "msisdn").drop("msisdn_right")
    t = t.left_join(reciprocated, "msisdn").drop("msisdn_right")
    t = t.left_join(imei_sharing, "msisdn").drop("msisdn_right")
    t = t.left_join(imei_peers, "msisdn").drop("msisdn_right")
    t = t.left_join(stationarity, "msisdn").drop("msisdn_right")
    t = t.left_join(texting, "msisdn").drop("msisdn_right")
    t = t.left_join(sms_replied, "msisdn").drop("msisdn_right")
    t = t.left_join(target, "msisdn").drop("msisdn_right")

    z = {
        name: t[name].fill_null(0)
        for name in (
            "days_active",
            "out_calls",
            "in_calls",
            "out_distinct",
            "in_distinct",
            "out_answered",
            "out_short",
            "out_long",
            "out_dur",
            "in_answered",
            "in_dur",
            "night_calls",
            "out_intl",
            "in_intl",
            "fwd_calls",
            "fwd_intl_calls",
            "fwd_targets",
            "imei_count",
            "cell_count",
            "reciprocated",
            "imei_max_sims",
            "imei_peers",
            "top_cell",
            "cell_legs",
            "sms_out",
            "sms_in",
            "sms_out_distinct",
            "sms_replied",
            "unknown_in_max_dur",
            "unknown_in_intl",
            "unknown_caller_fanout",
            "out_after_unknown",
        )
    }
    quiet = t.quiet_drop.fill_null(0)
    calls_all = z["out_calls"] + z["in_calls"]
    first_seen = t.first_seen.fill_null(win.end_s)
    last_seen = t.last_seen.fill_null(win.start_s)
    day_s = _f(ibis.literal(86_400))
    existed_from = ibis.greatest(t.act_s, ibis.literal(win.start_s))
    result = t.select(
        msisdn=t.msisdn,
        days_active=_f(z["days_active"]),
        span_days=_f(ibis.greatest(last_seen - first_seen, 0)) / day_s,
        idle_before_days=_f(ibis.greatest(first_seen - existed_from, 0)) / day_s,
        idle_after_days=_f(ibis.greatest(ibis.literal(win.end_s) - last_seen, 0)) / day_s,
        out_calls=_f(z["out_calls"]),
        in_calls=_f(z["in_calls"]),
        out_per_day=_ratio(z["out_calls"], z["days_active"]),
        in_out_ratio=_f(z["in_calls"]) / _f(z["out_calls"] + 1),
        out_distinct=_f(z["out_distinct"]),
        out_distinct_ratio=_ratio(z["out_distinct"], z["out_calls"]),
        in_distinct=_f(z["in_distinct"]),
        callback_rate=_ratio(z["reciprocated"], z["out_distinct"]),
        out_answered_share=_ratio(z["out_answered"], z["out_calls"]),
        out_short_share=_ratio(z["out_short"], z["out_calls"]),
        out_long_share=_ratio(z["out_long"], z["out_calls"]),
        out_mean_dur=_ratio(z["out_dur"], z["out_answered"]),
        in_mean_dur=_ratio(z["in_dur"], z["in_answered"]),
        in_answered_share=_ratio(z["in_answered"], z["in_calls"]),
        night_share=_ratio(z["night_calls"], calls_all),
        out_intl_share=_ratio(z["out_intl"], z["out_calls"]),
        in_intl_share=_ratio(z["in_intl"], z["in_calls"]),
        fwd_share=_ratio(z["fwd_calls"], z["in_calls"]),
        fwd_intl_share=_ratio(z["fwd_intl_calls"], z["in_calls"]),
        fwd_targets=_f(z["fwd_targets"]),
        imei_count=_f(z["imei_count"]),
        imei_max_sims=_f(z["imei_max_sims"]),
        imei_peers=_f(z["imei_peers"]),
        cell_count=_f(z["cell_count"]),
        top_cell_share=_ratio(z["top_cell"], z["cell_legs"]),
        is_fixed=_f(_flag(t.line_type == "enterprise_fixed")),
        is_cloud_voice=_f(_flag(t.line_type == "cloud_voice")),
        is_iot=_f(_flag(t.line_type == "iot")),
        is_mvno=_f(_flag(t.carrier.startswith("mvno"))),
        unverified=_f(_flag(t.real_name == "unverified")),
        activation_age_days=_f(first_seen - t.act_s) / _f(ibis.literal(86_400)),
        batch_size=_f(t.batch_size),
        sms_out=_f(z["sms_out"]),
        sms_in=_f(z["sms_in"]),
        sms_out_distinct=_f(z["sms_out_distinct"]),
        sms_reply_rate=_ratio(z["sms_replied"], z["sms_out_distinct"]),
        unknown_in_max_dur=_f(z["unknown_in_max_dur"]),
        unknown_in_intl=_f(z["unknown_in_intl"]),
        unknown_caller_fanout=_f(z["unknown_caller_fanout"]),
        quiet_drop=_f(quiet),
        out_after_unknown=_f(z["out_after_unknown"]),
    )
    return result.order_by("msisdn")


def _target_features(c: Table, out_pairs: Table, win: Window, p: FeatureParams) -> Table:
    """The longest call from a number the line never called, who made it, and what came after.

    A victim gets a long call from a stranger (often through an international or
    VoIP gateway, from a number that calls very many people) and then calls
    nobody for a while.
    """
    incoming = c.filter(c.is_out == 0)
    unknown = incoming.anti_join(
        out_pairs, [incoming.served == out_pairs.served, incoming.peer == out_pairs.peer]
    )
    unknown = unknown.filter(unknown.dur > 0)
    longest = unknown.group_by("served").aggregate(unknown_in_max_dur=unknown.dur.max())
    top = unknown.join(
        longest,
        [unknown.served == longest.served, unknown.dur == longest.unknown_in_max_dur],
    )
    top = top.group_by("served").aggregate(
        unknown_in_max_dur=top.unknown_in_max_dur.max(),
        t_star=top.ts.min(),
        unknown_in_intl=top.intl.max(),
        star_peer=top.peer.min(),
    )
    # How many different numbers each of those callers called, over every record
    # (out legs of our lines and in legs of the people they called).
    stars = top.select(star=top.star_peer).distinct()
    caller = (c.is_out == 1).ifelse(c.served, c.peer)
    callee = (c.is_out == 1).ifelse(c.peer, c.served)
    legs = c.select(caller=caller, callee=callee)
    legs = legs.semi_join(stars, legs.caller == stars.star).distinct()
    fanout = legs.group_by("caller").aggregate(fanout=ibis._.count())
    top = top.left_join(fanout, top.star_peer == fanout.caller)
    outgoing = c.filter(c.is_out == 1).select(o_served=c.served, o_ts=c.ts)
    joined = top.left_join(outgoing, top.served == outgoing.o_served)
    after = (joined.o_ts > joined.t_star) & (joined.o_ts <= joined.t_star + p.quiet_window_s)
    before = joined.o_ts < joined.t_star
    agg = joined.group_by("served").aggregate(
        unknown_in_max_dur=joined.unknown_in_max_dur.max(),
        unknown_in_intl=joined.unknown_in_intl.max(),
        unknown_caller_fanout=joined.fanout.max().fill_null(0),
        t_star=joined.t_star.max(),
        out_after_unknown=_flag(after).sum(),
        out_before_unknown=_flag(before).sum(),
    )
    # Calls per day before and in the window after, each over the time actually observed.
    before_days = _f(agg.t_star - win.start_s) / _f(ibis.literal(86_400))
    after_span = ibis.least(agg.t_star + p.quiet_window_s, ibis.literal(win.end_s)) - agg.t_star
    after_days = _f(after_span) / _f(ibis.literal(86_400))
    rate_before = _f(agg.out_before_unknown) / ibis.greatest(before_days, _f(ibis.literal(1)))
    rate_after = _f(agg.out_after_unknown) / ibis.greatest(after_days, _f(ibis.literal(1)) / 4)
    quiet = (rate_before - rate_after) / (rate_before + _f(ibis.literal(1)))
    return agg.select(
        msisdn=agg.served,
        unknown_in_max_dur=agg.unknown_in_max_dur,
        unknown_in_intl=agg.unknown_in_intl,
        unknown_caller_fanout=agg.unknown_caller_fanout,
        out_after_unknown=agg.out_after_unknown,
        quiet_drop=quiet,
    )
