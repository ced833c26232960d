"""A full strategic assessment report for one CSP of the demo partnership, timed step by step.

What ``cspkit report assessment`` does, without the command line around it:

- ``assessment``: the Assessment from the evidence store (rates, change, trend, places...);
- ``priorities``: evidence for each candidate and the ranking with the morile-style template
  and a panel's scores;
- ``document``: the commentary parts and the Document with every chart and map;
- ``html``, ``pdf``, ``docx``, ``xlsx``: writing each format.

Target (issue 5): the report, from the assessment to the last format, in under 10 seconds on
this machine.  The assessment is the baseline beside it: ``report / assessment`` says what the
report costs on top of the analysis it presents.  The machine may be shared, so CPU seconds are
printed beside wall-clock seconds.

Run ``python -m bench.bench_assessment_report`` (the command's default number of priority pages,
``TOP_PRIORITIES``) or ``--quick`` (one); ``--top N`` for more (each page adds about a second).
The demo partnership is generated and loaded into a temporary store first (not timed).
"""

from __future__ import annotations

import argparse
import csv
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from cspkit.assess.build import AssessmentRequest, build_assessment
from cspkit.assess.period import parse_period
from cspkit.cli.report import lsoa_boundaries, lsoa_counts
from cspkit.demo.loading import load_demo
from cspkit.demo.partnership import write_demo
from cspkit.priorities.candidates import evidence_for, load_candidates
from cspkit.priorities.from_assessment import evidence_from_assessment
from cspkit.priorities.ranking import score_candidates
from cspkit.priorities.scores import read_scores
from cspkit.priorities.template import load_template
from cspkit.reports.analyst_text import sync_analyst_text
from cspkit.reports.assessment import TOP_PRIORITIES, assessment_document, commentary_parts
from cspkit.reports.writers import FORMATS, write
from cspkit.store import open_store

TARGET_SECONDS = 10.0
AREA, PERIOD = "Hartbury", "2025-10..2026-09"
#: An illustrative panel: five harms, then public expectation, capacity gap and partnership opportunity.
PANEL = {"Anti-social behaviour": (2, 3, 1, 4, 3, 4, 3, 4), "Violence and sexual offences": (5, 5, 2, 4, 1, 4, 2, 3),
         "Burglary": (2, 4, 4, 3, 2, 3, 2, 2), "Drugs": (4, 3, 3, 5, 3, 4, 3, 4),
         "Criminal damage and arson": (2, 2, 3, 3, 4, 3, 2, 3),
         "Shoplifting and business crime": (1, 1, 3, 2, 1, 2, 2, 3)}
DIMENSIONS = ("physical_harm", "psychological_harm", "financial_harm", "community_harm", "environmental_harm",
              "public_expectation", "capacity_capability", "partnership_opportunity")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_assessment_report",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one priority page")
    parser.add_argument("--top", type=int, default=TOP_PRIORITIES, help="priority pages (default: as the command)")
    args, _ = parser.parse_known_args(argv)
    top = 1 if args.quick else args.top
    with tempfile.TemporaryDirectory(prefix="cspkit-bench-assessment-report-") as folder:
        root = Path(folder)
        with open_store(root / "evidence.duckdb") as store:
            load_demo(store, write_demo(root / "demo", seed=0))
            _warm_up(root)
            timings: dict[str, tuple] = {}
            result = _timed(timings, "assessment", lambda: build_assessment(
                store, AssessmentRequest(area=AREA, period=parse_period(PERIOD))))
            scores = _scores(root / "scores.csv")
            ranking = _timed(timings, "priorities", lambda: _ranking(result, scores))
            boundaries = lsoa_boundaries(store.con, list(result.table("lsoas")["lsoa_code"]))
            counts = lsoa_counts(store.con, result)
        options = {"ranking": ranking, "boundaries": boundaries, "lsoa_counts": counts, "top": top}
        document = _timed(timings, "document", lambda: assessment_document(result, **options, analyst=sync_analyst_text(
            root / "commentary.md", commentary_parts(result, **options))))
        for fmt in FORMATS:
            path = _timed(timings, fmt, lambda fmt=fmt: write(document, root / f"report.{fmt}"))
            timings[fmt] = (*timings[fmt], path.stat().st_size)
    print(f"{AREA} (demo), {PERIOD}: {len(document.sections)} sections, {len(document.figures())} figures, "
          f"{len(document.tables())} tables, {top} priority page(s)")
    print(f"{'step':<12}{'wall s':>9}{'cpu s':>9}{'size':>12}")
    for step, (wall, cpu, *size) in timings.items():
        print(f"{step:<12}{wall:>9.2f}{cpu:>9.2f}{(f'{size[0] / 1e6:.1f} MB' if size else ''):>12}")
    report = [step for step in timings if step != "assessment"]
    wall = sum(timings[s][0] for s in report)
    cpu = sum(timings[s][1] for s in report)
    base_wall, base_cpu = timings["assessment"][:2]
    print(f"{'report':<12}{wall:>9.2f}{cpu:>9.2f}   (priorities, document and the four formats)")
    print(f"report / assessment = {wall / base_wall:.2f} (wall), {cpu / base_cpu:.2f} (cpu)")
    verdict = "within" if wall < TARGET_SECONDS else "OVER"
    print(f"target: the report in under {TARGET_SECONDS:.0f} s: {verdict} ({wall / TARGET_SECONDS:.2f} of it); "
          f"with the assessment {wall + base_wall:.2f} s")


def _ranking(result, scores: Path):
    template = load_template("morile-style")
    candidates = load_candidates()
    entries = read_scores(scores, template, [c.name for c in candidates])
    evidence = evidence_for(candidates, evidence_from_assessment(result, candidates))
    return score_candidates(template, evidence, entries)


def _scores(path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["scorer", "candidate", "dimension", "level", "confidence"])
        for candidate, levels in PANEL.items():
            writer.writerows(["Bench panel", candidate, key, level, "medium"]
                             for key, level in zip(DIMENSIONS, levels, strict=True))
    return path


def _warm_up(folder: Path) -> None:
    """Font caches and first imports are not part of a build: write a tiny document once."""
    from cspkit.reports.document import Document, Paragraph, Section

    small = Document("Warm-up", [Section("s", "S", [Paragraph("Warm-up.")])])
    for fmt in FORMATS:
        write(small, folder / f"warm.{fmt}")


def _timed(timings: dict, name: str, work: Callable[[], object]):
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    timings[name] = (time.perf_counter() - wall, time.process_time() - cpu)
    return result


if __name__ == "__main__":
    main()
