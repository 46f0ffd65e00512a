import sys


def pytest_terminal_summary(terminalreporter):
    """`make fuzz`'s figures: operations, generated cases and HTTP requests made (the checks
    send some of their own); failures are in pytest's summary line."""
    module = sys.modules.get("tests.fuzz.test_schema_fuzz")
    if module is None or not module.RUN["cases"]:
        return
    run = module.RUN
    terminalreporter.write_line(
        f"fuzz: {len(run['operations'])} operations, {run['cases']:,} cases, "
        f"{run['requests']:,} requests (FUZZ_EXAMPLES={module.FUZZ.max_examples} generated "
        "examples per operation and role, plus schemathesis' coverage cases)"
    )
