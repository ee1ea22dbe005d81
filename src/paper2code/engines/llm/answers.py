"""The typed answer of each stage: pydantic models whose JSON schema goes into the request."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Scalar = str | int | float | bool | None


class Answer(BaseModel):
    # Structured-output APIs (Anthropic's always, OpenAI's strict mode) want every object in
    # the schema closed. Extra keys a model adds anyway are ignored, not an error.
    model_config = ConfigDict(json_schema_extra={"additionalProperties": False})


class QuotedAnchor(Answer):
    quote: str = Field(description="exact words copied from the paper")
    anchor: str = Field(description="where the quote is: '§3.2', 'Eq. 4', 'Table 1'")


class ContributionAnswer(Answer):
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


class AuditAnswerItem(Answer):
    key: str = Field(description="snake_case id of the choice, e.g. 'layernorm_eps'")
    family: str
    choice: str = Field(description="human name of the choice")
    status: Literal["SPECIFIED", "PARTIALLY_SPECIFIED", "UNSPECIFIED"]
    value: Scalar = Field(description="the value the implementation uses")
    quote: str | None = Field(None, description="exact words from the paper, when it says any")
    anchor: str | None = None
    rationale: str = ""
    alternatives: list[str] = Field(default_factory=list)


class AuditAnswer(Answer):
    items: list[AuditAnswerItem]


class AuditReading(AuditAnswer):
    """The audit stage's result as cached: the items kept over all the pieces of paper it
    read, and how many pieces the text it needed made (more than were read: some left out)."""

    pieces: int = 1


class PlannedFile(Answer):
    path: str = Field(description="relative path, e.g. 'src/model.py'")
    purpose: str
    anchors: list[str] = Field(description="paper anchors this file implements")


class ConfigValue(Answer):
    path: list[str] = Field(description="YAML key path, e.g. ['model', 'd_model']")
    value: Scalar
    comment: str = Field(description="citation ('§3.3, Table 1 — \"d_model = 512\"') or flag")


class PlanAnswer(Answer):
    summary: str
    files: list[PlannedFile]
    config: list[ConfigValue]
    requirements: list[str] = Field(default_factory=list, description="pinned: 'torch==2.13.0'")


class EquationArgument(Answer):
    name: str = Field(description="the Python argument name")
    symbol: str = Field(description="the paper's LaTeX for it: '\\mathbf{x}', '\\alpha', 'd_k'")
    role: Literal["input", "parameter", "hyperparameter", "constant"]
    shape: str | None = Field(description="'(B, T, d_k)' with the paper's names; null: a scalar")


class EquationFunction(Answer):
    anchor: str = Field(description="the numbered equation it computes: 'Eq. 1'")
    function: str = Field(description="the name of a module-level function of this file")
    arguments: list[EquationArgument] = Field(description="every argument, in order")


class FileAnswer(Answer):
    content: str = Field(description="the whole file")
    equations: list[EquationFunction] = Field(
        default_factory=list,
        description="each module-level function of this file that computes one numbered "
        "equation of the paper from its arguments alone",
    )


class ConfigAnswer(Answer):
    config: list[ConfigValue]


class CellAnswer(Answer):
    kind: Literal["markdown", "code"]
    source: str


class NotebookAnswer(Answer):
    cells: list[CellAnswer]
