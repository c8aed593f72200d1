"""GFL007's leak is real, and gofixleak's own fix removes it without changing the program's output."""

from leakproof import apply_fix, prepare, run_program


def _run(work) -> tuple[list[str], int]:
    """The program's output lines but the last, and the peak of extra open descriptors it reports."""
    lines = run_program(work).splitlines()
    name, value = lines[-1].split()
    assert name == "peak-extra-fds", lines
    return lines[:-1], int(value)


def test_defer_in_loop_fix_closes_each_file_in_its_iteration(tmp_path):
    work = prepare("GFL007", tmp_path)
    output_before, held_before = _run(work)
    assert held_before >= 200, f"the unfixed loop should hold all 200 files open, held {held_before}"

    fixed = apply_fix(work, "GFL007")
    assert "if err := func() error {" in fixed
    assert "\t\t\tdefer f.Close()" in fixed  # the defer now sits in the literal

    output_after, held_after = _run(work)
    # one file, plus the descriptors the runtime's poller opens on first use (epoll and its wake-up)
    assert held_after <= 5, f"the fixed loop still held {held_after} files open at once"
    assert output_after == output_before
