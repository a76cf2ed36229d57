"""The message classifier: n-gram features, a calibrated linear model, no pickle."""

from fanzha.text.model.features import message_features
from fanzha.text.model.linear import TextModel, load_default_model

__all__ = ["TextModel", "load_default_model", "message_features"]
