#!/usr/bin/env python3
"""Prints scripts/test's summary from the JUnit XML reports the suites wrote: one line per suite with the tests
ran, failed and skipped, then each failed test by name, and each test class that has no report although its
suite ran (killed by a timeout while it hung, or never started).

Usage: test-summary.py SUITE=DIR... where DIR is a surefire-reports directory or one JUnit XML file;
SUITE=-WHY prints the suite as not run, and why. Exit status 1 when a test failed or a class has no report, else 0.
"""
import glob
import os
import re
import sys
import xml.etree.ElementTree as ET


def reports(path):
    if os.path.isfile(path):
        return [path]
    return sorted(glob.glob(os.path.join(path, "TEST-*.xml")))


def count(files):
    ran = failed = skipped = 0
    failures, classes = [], set()
    for f in files:
        try:
            root = ET.parse(f).getroot()
        except ET.ParseError as e:  # a fork killed while writing
            failures.append(f"{os.path.basename(f)}: unreadable report ({e})")
            continue
        for case in root.iter("testcase"):
            classes.add(case.get("classname", ""))
            ran += 1
            if case.find("skipped") is not None:
                skipped += 1
            elif case.find("failure") is not None or case.find("error") is not None:
                failed += 1
                failures.append(f"{case.get('classname', '')}.{case.get('name', '')}")
    return ran, failed, skipped, failures, classes


def unreported(reports_dir, classes):
    """Test classes of the module (src/test/java/**/*Test.java) with no report, when the suite wrote some."""
    module = os.path.dirname(os.path.dirname(os.path.abspath(reports_dir)))
    sources = os.path.join(module, "src", "test", "java")
    missing = []
    for source in glob.glob(os.path.join(sources, "**", "*Test.java"), recursive=True):
        name = os.path.relpath(source, sources)[: -len(".java")].replace(os.sep, ".")
        with open(source, encoding="utf-8") as text:
            code = text.read()
        # a helper named ...Test (RegistryUnderTest) or an abstract base is not a test class
        if not re.search(r"@(Test|ParameterizedTest|RepeatedTest|TestFactory)\b", code) or re.search(r"\babstract\s+class\b", code):
            continue
        if name not in classes and not any(c.startswith(name + "$") for c in classes):
            missing.append(name)
    return sorted(missing)


def main(args):
    bad = False
    lines, details = [], []
    for arg in args:
        suite, _, path = arg.partition("=")
        if path.startswith("-"):
            lines.append(f"{suite:<18} {'-':>6} {'-':>7} {'-':>8}  NOT RUN: {path[1:]}")
            continue
        files = reports(path)
        if not files:
            lines.append(f"{suite:<18} {'-':>6} {'-':>7} {'-':>8}  no reports in {path}")
            bad = True
            continue
        ran, failed, skipped, failures, classes = count(files)
        missing = unreported(path, classes) if os.path.isdir(path) else []
        note = []
        if failures:
            note.append(f"{len(failures)} failed")
        if missing:
            note.append(f"{len(missing)} classes without a report")
        lines.append(f"{suite:<18} {ran:>6} {failed:>7} {skipped:>8}  {', '.join(note)}")
        details += [f"{suite}: FAILED {name}" for name in failures]
        details += [f"{suite}: NO REPORT {name} (hung and killed by a timeout, or never ran)" for name in missing]
        bad = bad or bool(failures) or bool(missing)
    print(f"{'suite':<18} {'ran':>6} {'failed':>7} {'skipped':>8}")
    print("\n".join(lines))
    if details:
        print("\n".join(details))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
