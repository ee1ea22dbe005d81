"""The typed answer of each stage: pydantic models whose JSON schema goes into the request."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Scalar = str | int | float | bool | None


class QuotedAnchor(BaseModel):
    quote: str = Field(description="exact words copied from the paper")
    anchor: str = Field(description="where the quote is: '§3.2', 'Eq. 4', 'Table 1'")


class ContributionAnswer(BaseModel):
    paper_type: Literal[
        "architecture", "training_method", "loss", "inference", "fine_tuning", "theory"
    ]
    summary: str = Field(description="one sentence naming the core contribution")
    anchors: list[str] = Field(description="sections/equations that define it, e.g. '§3.2'")
    evidence: list[QuotedAnchor] = Field(default_factory=list)
    components: list[str] = Field(
        default_factory=list, description="component families used: attention, optimizer, ..."
    )
    implementable: bool = True


class AuditAnswerItem(BaseModel):
    key: str = Field(description="snake_case id of the choice, e.g. 'layernorm_eps'")
    family: str
    choice: str = Field(description="human name of the choice")
    status: Literal["SPECIFIED", "PARTIALLY_SPECIFIED", "UNSPECIFIED"]
    value: Scalar = Field(description="the value the implementation uses")
    quote: str | None = Field(None, description="exact words from the paper, when it says any")
    anchor: str | None = None
    rationale: str = ""
    alternatives: list[str] = Field(default_factory=list)


class AuditAnswer(BaseModel):
    items: list[AuditAnswerItem]


class PlannedFile(BaseModel):
    path: str = Field(description="relative path, e.g. 'src/model.py'")
    purpose: str
    anchors: list[str] = Field(description="paper anchors this file implements")


class ConfigValue(BaseModel):
    path: list[str] = Field(description="YAML key path, e.g. ['model', 'd_model']")
    value: Scalar
    comment: str = Field(description="citation ('§3.3, Table 1 — \"d_model = 512\"') or flag")


class PlanAnswer(BaseModel):
    summary: str
    files: list[PlannedFile]
    config: list[ConfigValue]
    requirements: list[str] = Field(default_factory=list, description="pinned: 'torch==2.13.0'")


class FileAnswer(BaseModel):
    content: str = Field(description="the whole file")


class ConfigAnswer(BaseModel):
    config: list[ConfigValue]


class CellAnswer(BaseModel):
    kind: Literal["markdown", "code"]
    source: str


class NotebookAnswer(BaseModel):
    cells: list[CellAnswer]
