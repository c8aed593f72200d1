"""GFL003's in-place filter leak is real, and gofixleak's own fix removes it."""

from golden_cases import run_cli
from leakproof import prepare, run_program


def test_clearing_past_the_filtered_length_frees_the_dropped_downloaders(tmp_path):
    work = prepare("GFL003_filter", tmp_path)
    before = int(run_program(work).split()[-1])
    assert before >= 63 * (256 << 10), f"the unfixed program should retain the 63 dropped downloaders, {before} bytes"

    code, out, err = run_cli(["fix", "--select", "GFL003", "--option", "GFL003.any_owner", "--jobs", "1", "."], work)
    assert code in (0, 1), err
    fixed = (work / "main.go").read_text()
    assert "clear(s.downloaders[len(dst):])\n\ts.downloaders = dst" in fixed, out

    after = int(run_program(work).split()[-1])
    assert after <= before * 0.10, f"retained heap fell only from {before} to {after} bytes"
