"""Red-flag rules, one per module; each module has CODE, REASON, REASON_ZH and find()."""
