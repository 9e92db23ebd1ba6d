"""`cardgen build --jobs`: the same files, bytes, messages and errors on several processes as on one."""

from __future__ import annotations

from cardgen.cli import main
from cardgen.parallel import LEAST_FOR_WORKERS
from conftest import replace_in_file

PRODUCTS = "wallet-card,fold-card"
LOCALES = "es,ar,ur,zh-Hans,my,hi,km"  # 14 pieces, enough for workers


def _files(folder) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*.pdf"))}


def test_two_jobs_write_the_same_files_and_say_the_same(runner, tmp_path):
    assert 2 * len(LOCALES.split(",")) >= LEAST_FOR_WORKERS
    runs = {}
    for jobs in (1, 2):
        out = tmp_path / f"jobs{jobs}"
        result = runner.invoke(main, ["build", "-p", PRODUCTS, "-l", LOCALES, "--jobs", str(jobs), "-o", str(out)])
        assert result.exit_code == 0, result.output
        runs[jobs] = (_files(out), result.output.replace(str(out), "OUT"))
    files, said = runs[1]
    assert len(files) == 14 and runs[2][0] == files
    # the same lines in the same order, the Urdu card's fallback to Naskh among them
    assert runs[2][1] == said
    assert said.count("wrote OUT/") == 14 and said.count("set in Naskh") == 1


def test_an_error_in_a_worker_is_reported_as_without_workers_and_nothing_is_written(runner, tmp_path, content_copy):
    replace_in_file(content_copy / "zh-Hans" / "wallet-card.yaml", "title: ", "title: " + "很长的标题" * 30 + " ")
    outputs = {}
    for jobs in (1, 2):
        out = tmp_path / f"jobs{jobs}"
        result = runner.invoke(main, ["build", "-p", PRODUCTS, "-l", LOCALES, "--content", str(content_copy), "--jobs", str(jobs), "-o", str(out)])
        assert result.exit_code != 0 and "Traceback" not in result.output
        assert not out.exists() or not list(out.iterdir())
        outputs[jobs] = result.output
    assert outputs[1] == outputs[2]
    assert "front.title" in outputs[2] and "zh-Hans" in outputs[2]
