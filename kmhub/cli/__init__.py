"""The `kmhub` command line: a thin layer over the same functions the API and pages call."""

# Each command imports its feature packages when it runs, so `kmhub --help` starts at once.
# The commands are registered here, in the order `kmhub --help` lists them.
from kmhub.cli import cases, outputs, search
from kmhub.cli.core import app, main

app.command()(cases.validate)
app.command()(cases.new)
app.command()(search.build)
app.command()(search.search)
app.command("eval")(search.eval_)
app.command()(outputs.pack)
app.command("import-news")(cases.import_news)
app.command()(outputs.serve)
app.command()(outputs.export)
app.command()(outputs.insights)

__all__ = ["app", "main"]
