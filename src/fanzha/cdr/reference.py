"""The same features as ``fanzha.cdr.features``, written plainly in pandas.

This is the "straightforward implementation" the benchmark compares the Ibis
engines with, and a second, independent reading of every feature definition:
``tests/cdr/test_reference.py`` checks that both agree. It loads whole tables
into memory; use the Ibis version for real work.
"""

from __future__ import annotations

import numpy as np
import pandas as pd  # type: ignore[import-untyped,unused-ignore]

from fanzha.cdr.features import FEATURES, FeatureParams, Window

DAY = 86_400


def _ratio(num: pd.Series, den: pd.Series) -> pd.Series:
    num, den = num.astype("float64"), den.astype("float64")
    return (num / den.where(den > 0)).fillna(0.0).where(den > 0, 0.0)


def pandas_features(
    subscribers: pd.DataFrame,
    cdr: pd.DataFrame,
    sms: pd.DataFrame,
    params: FeatureParams | None = None,
) -> pd.DataFrame:
    """One row per subscriber line, columns ``msisdn`` and ``FEATURES``."""
    p = params or FeatureParams()
    cdr = cdr.drop_duplicates()
    sms = sms.drop_duplicates()
    subscribers = subscribers.drop_duplicates()

    ts = _epoch_seconds(cdr["start_time"])
    win = Window(int(ts.min()), int(ts.max())) if len(ts) else Window(0, 0)
    out = (cdr["direction"] == "out").to_numpy()
    c = pd.DataFrame(
        {
            "served": np.where(out, cdr["caller"], cdr["callee"]),
            "peer": np.where(out, cdr["callee"], cdr["caller"]),
            "caller": cdr["caller"].to_numpy(),
            "callee": cdr["callee"].to_numpy(),
            "is_out": out.astype(np.int64),
            "ts": ts,
            "dur": cdr["duration_s"].astype("int64").to_numpy(),
            "intl": (cdr["ingress"] != "domestic").astype(np.int64).to_numpy(),
            "forwarded_to": cdr["forwarded_to"].to_numpy(),
            "cell_id": cdr["cell_id"].to_numpy(),
            "imei": cdr["imei"].to_numpy(),
        }
    )
    local = c["ts"] + p.utc_offset_s
    hour = (local % DAY) // 3_600
    c["day"] = local // DAY
    c["night"] = ((hour >= p.night_from_h) | (hour < p.night_to_h)).astype(np.int64)
    fwd = c["forwarded_to"].notna()
    c["fwd"] = fwd.astype(np.int64)
    c["fwd_intl"] = (fwd & ~c["forwarded_to"].fillna("").str.startswith("+86")).astype(np.int64)
    is_out = c["is_out"] == 1
    answered = c["dur"] > 0
    c["out_peer"] = c["peer"].where(is_out)
    c["in_peer"] = c["peer"].where(~is_out)
    c["out_answered"] = (is_out & answered).astype(np.int64)
    c["out_short"] = (is_out & (c["dur"] < p.short_call_s)).astype(np.int64)
    c["out_long"] = (is_out & (c["dur"] >= p.long_call_s)).astype(np.int64)
    c["out_dur"] = c["is_out"] * c["dur"]
    c["in_answered"] = (~is_out & answered).astype(np.int64)
    c["in_dur"] = (1 - c["is_out"]) * c["dur"]
    c["out_intl"] = c["is_out"] * c["intl"]
    c["in_intl"] = (1 - c["is_out"]) * c["intl"]
    c["in_call"] = 1 - c["is_out"]

    g = c.groupby("served")
    voice = pd.DataFrame(
        {
            "days_active": g["day"].nunique(),
            "out_calls": g["is_out"].sum(),
            "in_calls": g["in_call"].sum(),
            "out_distinct": g["out_peer"].nunique(),
            "in_distinct": g["in_peer"].nunique(),
            "out_answered": g["out_answered"].sum(),
            "out_short": g["out_short"].sum(),
            "out_long": g["out_long"].sum(),
            "out_dur": g["out_dur"].sum(),
            "in_answered": g["in_answered"].sum(),
            "in_dur": g["in_dur"].sum(),
            "night_calls": g["night"].sum(),
            "out_intl": g["out_intl"].sum(),
            "in_intl": g["in_intl"].sum(),
            "fwd_calls": g["fwd"].sum(),
            "fwd_intl_calls": g["fwd_intl"].sum(),
            "fwd_targets": g["forwarded_to"].nunique(),
            "imei_count": g["imei"].nunique(),
            "cell_count": g["cell_id"].nunique(),
            "first_seen": g["ts"].min(),
            "last_seen": g["ts"].max(),
        }
    )

    out_pairs = c.loc[is_out, ["served", "peer"]].drop_duplicates()
    in_pairs = c.loc[~is_out, ["served", "peer"]].drop_duplicates()
    recip = out_pairs.merge(in_pairs, on=["served", "peer"]).groupby("served").size()

    with_imei = c.loc[c["imei"].notna(), ["served", "imei"]].drop_duplicates()
    sims = with_imei.groupby("imei")["served"].nunique().rename("sims")
    imei_max = with_imei.join(sims, on="imei").groupby("served")["sims"].max()
    peers = with_imei.merge(with_imei, on="imei", suffixes=("", "_o"))
    imei_peers = peers.groupby("served")["served_o"].nunique()

    cells = c.loc[c["cell_id"].notna()].groupby(["served", "cell_id"]).size().rename("n")
    cells = cells.reset_index()
    top_cell = cells.groupby("served")["n"].max()
    cell_legs = cells.groupby("served")["n"].sum()

    s_out = (sms["direction"] == "out").to_numpy()
    s = pd.DataFrame(
        {
            "served": np.where(s_out, sms["sender"], sms["recipient"]),
            "peer": np.where(s_out, sms["recipient"], sms["sender"]),
            "is_out": s_out.astype(np.int64),
        }
    )
    s["in_msg"] = 1 - s["is_out"]
    s["out_peer"] = s["peer"].where(s["is_out"] == 1)
    gs = s.groupby("served")
    texting = pd.DataFrame(
        {
            "sms_out": gs["is_out"].sum(),
            "sms_in": gs["in_msg"].sum(),
            "sms_out_distinct": gs["out_peer"].nunique(),
        }
    )
    so = s.loc[s["is_out"] == 1, ["served", "peer"]].drop_duplicates()
    si = s.loc[s["is_out"] == 0, ["served", "peer"]].drop_duplicates()
    sms_replied = so.merge(si, on=["served", "peer"]).groupby("served").size()

    target = _target(c, out_pairs, win, p)

    subs = subscribers.copy()
    act = pd.to_datetime(subs["activation_date"])
    subs["act_s"] = (act - pd.Timestamp("1970-01-01")) // pd.Timedelta(seconds=1)
    subs["block"] = subs["msisdn"].str.slice(0, -p.batch_suffix_digits)
    subs["batch_size"] = subs.groupby(["activation_date", "block"])["msisdn"].transform("size")
    t = subs.set_index("msisdn")
    t = t.join(voice).join(recip.rename("reciprocated")).join(imei_max.rename("imei_max_sims"))
    t = t.join(imei_peers.rename("imei_peers")).join(top_cell.rename("top_cell"))
    t = t.join(cell_legs.rename("cell_legs")).join(texting).join(sms_replied.rename("sms_replied"))
    t = t.join(target)
    counts = [
        "days_active", "out_calls", "in_calls", "out_distinct", "in_distinct", "out_answered",
        "out_short", "out_long", "out_dur", "in_answered", "in_dur", "night_calls", "out_intl",
        "in_intl", "fwd_calls", "fwd_intl_calls", "fwd_targets", "imei_count", "cell_count",
        "reciprocated", "imei_max_sims", "imei_peers", "top_cell", "cell_legs", "sms_out",
        "sms_in", "sms_out_distinct", "sms_replied", "unknown_in_max_dur", "unknown_in_intl",
        "unknown_caller_fanout", "out_after_unknown",
    ]  # fmt: skip
    for name in counts:
        t[name] = t[name].fillna(0).astype("float64")
    first_seen = t["first_seen"].fillna(win.end_s)
    last_seen = t["last_seen"].fillna(win.start_s)
    existed_from = np.maximum(t["act_s"], win.start_s)
    r = pd.DataFrame(index=t.index)
    r["days_active"] = t["days_active"]
    r["span_days"] = np.maximum(last_seen - first_seen, 0) / DAY
    r["idle_before_days"] = np.maximum(first_seen - existed_from, 0) / DAY
    r["idle_after_days"] = np.maximum(win.end_s - last_seen, 0) / DAY
    r["out_calls"] = t["out_calls"]
    r["in_calls"] = t["in_calls"]
    r["out_per_day"] = _ratio(t["out_calls"], t["days_active"])
    r["in_out_ratio"] = t["in_calls"] / (t["out_calls"] + 1)
    r["out_distinct"] = t["out_distinct"]
    r["out_distinct_ratio"] = _ratio(t["out_distinct"], t["out_calls"])
    r["in_distinct"] = t["in_distinct"]
    r["callback_rate"] = _ratio(t["reciprocated"], t["out_distinct"])
    r["out_answered_share"] = _ratio(t["out_answered"], t["out_calls"])
    r["out_short_share"] = _ratio(t["out_short"], t["out_calls"])
    r["out_long_share"] = _ratio(t["out_long"], t["out_calls"])
    r["out_mean_dur"] = _ratio(t["out_dur"], t["out_answered"])
    r["in_mean_dur"] = _ratio(t["in_dur"], t["in_answered"])
    r["in_answered_share"] = _ratio(t["in_answered"], t["in_calls"])
    r["night_share"] = _ratio(t["night_calls"], t["out_calls"] + t["in_calls"])
    r["out_intl_share"] = _ratio(t["out_intl"], t["out_calls"])
    r["in_intl_share"] = _ratio(t["in_intl"], t["in_calls"])
    r["fwd_share"] = _ratio(t["fwd_calls"], t["in_calls"])
    r["fwd_intl_share"] = _ratio(t["fwd_intl_calls"], t["in_calls"])
    r["fwd_targets"] = t["fwd_targets"]
    r["imei_count"] = t["imei_count"]
    r["imei_max_sims"] = t["imei_max_sims"]
    r["imei_peers"] = t["imei_peers"]
    r["cell_count"] = t["cell_count"]
    r["top_cell_share"] = _ratio(t["top_cell"], t["cell_legs"])
    r["is_fixed"] = (t["line_type"] == "enterprise_fixed").astype("float64")
    r["is_cloud_voice"] = (t["line_type"] == "cloud_voice").astype("float64")
    r["is_iot"] = (t["line_type"] == "iot").astype("float64")
    r["is_mvno"] = t["carrier"].str.startswith("mvno").astype("float64")
    r["unverified"] = (t["real_name"] == "unverified").astype("float64")
    r["activation_age_days"] = (first_seen - t["act_s"]).astype("float64") / DAY
    r["batch_size"] = t["batch_size"].astype("float64")
    r["sms_out"] = t["sms_out"]
    r["sms_in"] = t["sms_in"]
    r["sms_out_distinct"] = t["sms_out_distinct"]
    r["sms_reply_rate"] = _ratio(t["sms_replied"], t["sms_out_distinct"])
    r["unknown_in_max_dur"] = t["unknown_in_max_dur"]
    r["unknown_in_intl"] = t["unknown_in_intl"]
    r["unknown_caller_fanout"] = t["unknown_caller_fanout"]
    r["quiet_drop"] = t["quiet_drop"].fillna(0.0).astype("float64")
    r["out_after_unknown"] = t["out_after_unknown"]
    r = r[list(FEATURES)].astype("float64")
    r.index.name = "msisdn"
    return r.reset_index().sort_values("msisdn", kind="mergesort").reset_index(drop=True)


def _target(
    c: pd.DataFrame, out_pairs: pd.DataFrame, win: Window, p: FeatureParams
) -> pd.DataFrame:
    incoming = c.loc[c["is_out"] == 0]
    known = pd.MultiIndex.from_frame(out_pairs[["served", "peer"]])
    pairs = pd.MultiIndex.from_frame(incoming[["served", "peer"]])
    unknown = incoming.loc[~pairs.isin(known) & (incoming["dur"] > 0).to_numpy()]
    longest = unknown.groupby("served")["dur"].transform("max")
    top = unknown.loc[unknown["dur"] == longest]
    top = top.groupby("served").agg(
        unknown_in_max_dur=("dur", "max"),
        t_star=("ts", "min"),
        unknown_in_intl=("intl", "max"),
        star_peer=("peer", "min"),
    )
    fanout = c[["caller", "callee"]].drop_duplicates().groupby("caller").size()
    top["unknown_caller_fanout"] = top["star_peer"].map(fanout).fillna(0)
    outgoing = c.loc[c["is_out"] == 1, ["served", "ts"]]
    joined = outgoing.merge(top[["t_star"]], left_on="served", right_index=True)
    after = (joined["ts"] > joined["t_star"]) & (
        joined["ts"] <= joined["t_star"] + p.quiet_window_s
    )
    before = joined["ts"] < joined["t_star"]
    top["out_after_unknown"] = after.groupby(joined["served"]).sum().reindex(top.index).fillna(0)
    before_n = before.groupby(joined["served"]).sum().reindex(top.index).fillna(0)
    before_days = (top["t_star"] - win.start_s) / DAY
    after_span = np.minimum(top["t_star"] + p.quiet_window_s, win.end_s) - top["t_star"]
    after_days = after_span / DAY
    rate_before = before_n / np.maximum(before_days, 1.0)
    rate_after = top["out_after_unknown"] / np.maximum(after_days, 0.25)
    top["quiet_drop"] = (rate_before - rate_after) / (rate_before + 1.0)
    return top[
        [
            "unknown_in_max_dur",
            "unknown_in_intl",
            "unknown_caller_fanout",
            "out_after_unknown",
            "quiet_drop",
        ]
    ]


def _epoch_seconds(values: pd.Series) -> pd.Series:
    stamps = pd.to_datetime(values, utc=True)
    return ((stamps - pd.Timestamp("1970-01-01", tz="UTC")) // pd.Timedelta(seconds=1)).astype(
        "int64"
    )
