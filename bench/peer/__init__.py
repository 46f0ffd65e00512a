"""django-oscar, the Django e-commerce framework a merchant would otherwise pick, as the peer
of the benchmarks (`make bench-peer`). This package runs in its own virtualenv (.venv-oscar):
a minimal oscar project (settings, urls, asgi) and bench.peer.run, which loads the benchmark
shops' orders into oscar's tables and times oscar's dashboard the way bench.run and bench.load
time ours."""
