#!/usr/bin/env python3
"""Judge the sanitizer logs of a whole-tree ASan + UBSan test run.

    scripts/sanitize-report.py LOG_DIR

LOG_DIR holds the asan.<pid> and ubsan.<pid> files the processes of the
test run wrote (scripts/sanitize.sh). The run fails (exit 1) on

* any AddressSanitizer error other than a leak report (heap overflow,
  use after free, double free, ...), in any process;
* any UndefinedBehaviorSanitizer report;
* any leak ("Direct leak" or "Indirect leak") whose allocation stack has a
  libmicic frame: a micic_/micic__ function, a SWIG wrapper of the bindings
  (_wrap_*, SWIG_*, R_swig_*), or an address inside libmicic.so, the Python
  extension _micic*.so or the R package's micic.so.

Leaks without such a frame are the interpreters' and tools' own memory at
exit (python, R, bash, cc1, java): they are counted and summarised, not
failed. Prints a summary; with -v also every leak set aside.
"""
import os
import re
import sys

OURS = re.compile(
    r" in (micic_\w*|micic__\w*|_wrap_\w*|SWIG_\w*|R_swig_\w*)\b"
    r"|\((?:[^()]*/)?(libmicic\.so[^()]*|_micic[^()/]*\.so|micic\.so)\+0x")
BLOCK = re.compile(r"^(Direct|Indirect) leak of (\d+) byte\(s\) in (\d+) object\(s\)")


def frames(lines, i):
    out = []
    while i < len(lines) and lines[i].strip():
        out.append(lines[i])
        i += 1
    return out, i


def main(argv):
    verbose = "-v" in argv
    args = [a for a in argv if a != "-v"]
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    logdir = args[0]
    files = sorted(os.listdir(logdir)) if os.path.isdir(logdir) else []
    errors, ours, others = [], [], []
    other_bytes = 0
    for name in files:
        path = os.path.join(logdir, name)
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        lines = text.splitlines()
        if name.startswith("ubsan") or "runtime error:" in text:
            if "runtime error:" in text or "UndefinedBehaviorSanitizer" in text:
                errors.append((path, text))
                continue
        if "ERROR: AddressSanitizer" in text and "detected memory leaks" not in text:
            errors.append((path, text))
            continue
        i = 0
        while i < len(lines):
            m = BLOCK.match(lines[i])
            if not m:
                i += 1
                continue
            head = lines[i]
            stack, i = frames(lines, i + 1)
            rec = (path, head, stack)
            if any(OURS.search(fr) for fr in stack):
                ours.append(rec)
            else:
                others.append(rec)
                other_bytes += int(m.group(2))
    print(f"sanitize-report: {len(files)} log file(s) in {logdir}")
    for path, text in errors:
        print(f"\n=== sanitizer error in {path}\n{text}")
    for path, head, stack in ours:
        print(f"\n=== libmicic leak in {path}\n{head}\n" + "\n".join(stack))
    print(f"sanitize-report: {len(errors)} sanitizer error(s), {len(ours)} leak(s) with a "
          f"libmicic frame, {len(others)} leak(s) of the interpreters/tools set aside "
          f"({other_bytes} bytes)")
    if verbose:
        for path, head, stack in others:
            print(f"\n--- set aside ({path}): {head}\n" + "\n".join(stack[:8]))
    return 1 if errors or ours else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
