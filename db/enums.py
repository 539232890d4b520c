"""Choices stored in the tables that the command line offers before it opens a database.

Plain ``StrEnum`` classes, free of SQLAlchemy, so that ``planner <command> --help`` can list
them without loading the tables (planner/cli/commands.py). Each is the one definition of its
choice: ``db.models`` imports it from here, and every other module may keep importing it from
``db.models``.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["PhotoStage", "ProgrammeKind", "SurveyChannel"]


class ProgrammeKind(StrEnum):
    """What a programme renovates."""

    COMPOUND_RENOVATION = "compound_renovation"  # 老旧小区改造
    LINEAR_WORKS = "linear_works"  # 道路管网等线性工程
    SPECIAL_REMEDIATION = "special_remediation"  # 专项整治


class SurveyChannel(StrEnum):
    """How a survey reached residents."""

    ONLINE = "online"  # 线上问卷
    DOOR_TO_DOOR = "door_to_door"  # 入户征求意见
    MEETING = "meeting"  # 居民议事会


class PhotoStage(StrEnum):
    """When in the life of a work a photo was taken."""

    BEFORE = "before"  # 施工前
    DURING = "during"  # 施工中
    AFTER = "after"  # 完工后
    ACCEPTANCE = "acceptance"  # 验收
