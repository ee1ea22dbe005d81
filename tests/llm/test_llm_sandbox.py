"""Model-written code under the policy and in the box, through the real LLM engine: code the
policy refuses goes back to the model like a failed smoke check and never runs; what runs finds
no key in its environment."""

from __future__ import annotations

import copy
import json

from scripted_llm import run_cli, transcript

KEY = "sk-test-key-the-generated-code-must-not-see"


def with_utils(turns: list[dict], stage: str, content: str) -> list[dict]:
    """The transcript with src/utils.py answered by `content` at `stage` ("code" or a new
    "repair" turn)."""
    turns = copy.deepcopy(turns)
    [written] = [t for t in turns if t["stage"] == "code" and t.get("file") == "src/utils.py"]
    if stage == "code":
        written["json"]["content"] = content
    else:
        turns.append({"stage": "repair", "file": "src/utils.py", "json": {"content": content}})
    return turns


def test_refused_code_is_repaired_and_what_runs_sees_no_key(
    llm_server, tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    turns = transcript("repair")
    [clean] = [t["json"]["content"] for t in turns if t.get("file") == "src/utils.py"]
    smoke = "def smoke() -> None:\n"
    assert smoke in clean
    grabbing = clean.replace(  # what a model might write: refused, never run
        smoke, smoke + '    open("env.txt", "w").write(repr(dict(os.environ)))\n'
    ).replace("import argparse\n", "import argparse\nimport os\n")
    reading = clean.replace(  # reads what it can without `os`: allowed, and boxed
        smoke, smoke + '    print(repr(open("/proc/self/environ").read()))\n'
    )
    script = with_utils(with_utils(turns, "code", grabbing), "repair", reading)
    llm_server.script(script)
    code = run_cli(llm_server, tmp_path, "--json")
    assert code == 0
    leaked = json.loads(capsys.readouterr().out)["smoke"]["output"]
    assert "HOME=" in leaked and KEY not in leaked and "API_KEY" not in leaked
    [repair] = [s for s in llm_server.seen if s.stage == "repair" and s.file == "src/utils.py"]
    prompt = repair.body["messages"][-1]["content"]
    assert "P2C010 refused, not executed: `os.environ`" in prompt
