"""The command line: a thin shell over sources -> Extractor.pipe -> writers.

``newsner [PATHS]...`` extracts entities (the default command); the models are
imported only when there is work to do, so ``newsner --help`` is instant.
"""
import difflib
import os
import signal
import sys

import click

from . import __version__, console
from .options import input_options, positive, scheduler_address
from .output import OutputFile, Stats, check_streams, discard_stdout
from .parallel import default_jobs, start_server
from .sources import STDIN, SUFFIXES, WEB_KINDS, collect, count_documents, read
from .types import FINE
from .writers import FORMATS

EXIT_FAILED = 1
EXIT_INTERRUPTED = console.EXIT_INTERRUPTED
EXIT_TERMINATED = 128 + signal.SIGTERM


class Terminated(KeyboardInterrupt):
    """SIGTERM (from timeout, systemd, Docker...): the run ends as by Ctrl-C."""


def _terminate(signum, frame):
    raise Terminated()


class DefaultGroup(click.Group):
    """A group whose default command runs when the first argument names no command."""

    default_command = 'extract'

    def parse_args(self, ctx, args):
        if not args or (args[0] not in self.commands and args[0] not in ctx.help_option_names
                        and args[0] != '--version'):
            self.check_mistyped(ctx, args[0] if args else None)
            args = [self.default_command] + list(args)
        return super().parse_args(ctx, args)

    def check_mistyped(self, ctx, first):
        """A usage error when the first argument is no path but looks like a command name
        mistyped ("summry"): it would otherwise be read as a missing file."""
        if not first or first.startswith('-') or os.path.lexists(first) or any(c in first for c in './\\'):
            return
        close = difflib.get_close_matches(first.lower(), list(self.commands), n=1, cutoff=0.75)
        if close:
            raise click.UsageError('%r is no command and no file (did you mean %r?)' % (first, close[0]), ctx)

    def format_usage(self, ctx, formatter):
        formatter.write_usage(ctx.command_path, '[PATHS]... [OPTIONS]  |  COMMAND [ARGS]...')

    def format_options(self, ctx, formatter):
        # the default command's options are the ones people use: show them here,
        # then this group's own (--version, --help), then the commands
        command = self.commands[self.default_command]
        sub = click.Context(command, info_name=self.default_command, parent=ctx)
        own = [p.get_help_record(ctx) for p in self.get_params(ctx)]
        help_names = {p.name for p in self.get_params(ctx)}
        theirs = [p.get_help_record(sub) for p in command.get_params(sub)
                  if isinstance(p, click.Option) and p.name not in help_names]
        with formatter.section('Options'):
            formatter.write_dl([r for r in theirs + own if r])
        self.format_commands(ctx, formatter)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        # click's own errors read "Error: ...": newsner's read "newsner: error: ...", as
        # the errors of the documents do
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.ClickException as error:
            show_error(error)
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo('newsner: interrupted', err=True)
            sys.exit(EXIT_INTERRUPTED)
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx):
        # the command's context is closed by now, so its worker processes are
        # stopped and a partial output file is removed: end without a traceback
        try:
            return super().invoke(ctx)
        except Terminated:
            click.echo('newsner: terminated', err=True)
            sys.exit(EXIT_TERMINATED)
        except KeyboardInterrupt:
            click.echo('newsner: interrupted', err=True)
            sys.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:
            # `newsner ... | head`: the reader is gone, end as if by SIGPIPE
            _end_by_sigpipe()


CONTEXT = {'help_option_names': ['-h', '--help']}


def show_error(error):
    """A click error on stderr, in newsner's style; a usage error says where to find help."""
    click.echo('newsner: error: %s' % error.format_message(), err=True)
    if isinstance(error, click.UsageError) and error.ctx is not None:
        click.echo("Try '%s --help' for help." % error.ctx.command_path, err=True)


@click.group(cls=DefaultGroup, context_settings=CONTEXT)
@click.version_option(__version__, prog_name='newsner')
def cli():
    """Named entities in Russian news: people, places and organizations,
    with offsets and normal forms.

    \b
      cat article.txt | newsner            JSON on stdout
      newsner samples/ -f jsonl -o out.jsonl
      newsner tests/data/factru-dev.jsonl -f csv
      newsner page.html news.rss crawl.warc.gz -f jsonl

    Without a command, newsner runs `extract`, whose options follow.
    """


def read_documents(paths, *, types, coarse, gazetteers, no_link, glob, text_field, id_field, format_in, jsonl,
                   html, encoding, jobs, batch_size, scheduler=None, output='-'):
    """(sources, documents): the inputs behind ``paths`` and their Documents, streamed
    from this machine's processes or from a Dask cluster; the workers stop with the command.
    Nothing is read when ``output`` cannot be written or is one of the inputs."""
    if sum(map(bool, (format_in, jsonl, html))) > 1:
        raise click.UsageError('choose one of --format-in, --jsonl and --html')
    kind = format_in or ('jsonl' if jsonl else 'html' if html else None)
    sources = collect(paths, glob=glob, kind=kind)
    if not sources:
        raise click.ClickException('no input: nothing matches %s in %s' % (
            ' or '.join(map(repr, glob)), ', '.join(paths)))
    check_streams(sources, output)
    if any(s.kind in WEB_KINDS for s in sources):
        from .extras import MissingExtra, check
        try:
            check('web')
        except MissingExtra as error:
            raise click.ClickException(str(error))
    if any(s.path == STDIN for s in sources) and sys.stdin.isatty():
        click.echo('newsner: waiting for standard input (end it with Ctrl-D)...', err=True)
    texts = read(sources, encoding=encoding, text_field=text_field, id_field=id_field)
    options = {'types': types, 'batch_size': batch_size, 'coarse': coarse, 'gazetteers': gazetteers,
               'link': not no_link}
    if scheduler:
        docs = _cluster_docs(texts, scheduler, jobs, **options)
    else:
        if jobs is None:
            few = len(sources) < 2 * batch_size and all(s.kind in ('text', 'html') for s in sources)
            jobs = 1 if few else None
        if (jobs or default_jobs()) > 1:
            start_server()  # it loads the models while this process loads them too
        docs = _extractor(**options).pipe(texts, batch_size=batch_size, jobs=jobs)
    click.get_current_context().call_on_close(docs.close)
    return sources, docs


def counted(docs, sources, *, quiet):
    """(documents, Stats): the documents counted as they pass, with a progress
    bar on stderr when it is a terminal and not ``quiet``."""
    progress = not quiet and sys.stderr.isatty()
    if progress:
        from tqdm import tqdm
        docs = tqdm(docs, total=count_documents(sources), unit=' docs', file=sys.stderr,
                    dynamic_ncols=True, mininterval=0.5)
    stats = Stats(echo=tqdm.write if progress else click.echo)
    return stats.count(docs), stats


@cli.command(context_settings=CONTEXT)
@input_options
@click.option('-f', '--format', 'format', type=click.Choice(sorted(FORMATS)), default='json',
              show_default=True, help='Output format: json (one document, or an array for several '
              'inputs), jsonl (a document per line), csv (a mention per row) or html (a report with '
              'the texts highlighted).')
@click.option('-o', '--output', type=click.Path(dir_okay=False, writable=True), default='-',
              help='Write here instead of stdout; the file appears complete or not at all.')
@click.option('--with-text', is_flag=True, help='Include each document\'s text in json/jsonl output.')
@click.option('--unsafe-csv', is_flag=True,
              help='Write CSV cells as they are, without neutralising spreadsheet formulas (=, +, -, @).')
@click.option('-q', '--quiet', is_flag=True,
              help='No progress bar and no summary line on stderr (errors still show).')
@click.option('--scheduler', metavar='ADDRESS|local', default=None, callback=scheduler_address,
              help='Run on a Dask cluster: the address of its scheduler (tcp://host:8786), or '
              '"local" to start one here with -j worker processes. Needs the dask extra.')
def extract(paths, format, output, with_text, unsafe_csv, quiet, scheduler, **inputs):
    """Extract entities from PATHS: text files, folders of them, JSONL files
    of {"id", "text"} objects, saved HTML pages, RSS/Atom feeds, WARC archives
    (these three need newsner[web]), or `-` for stdin (the default).

    Exit status: 0 when every input was processed, 1 when some failed (the
    others are still written), 2 for a usage error.
    """
    sources, docs = read_documents(paths, scheduler=scheduler, output=output, **inputs)
    single = _one_text(paths, sources, many=inputs['jsonl'] or inputs['format_in'] in MANY)
    docs, stats = counted(docs, sources, quiet=quiet)
    options = {'single': single, 'text': with_text}
    if format == 'csv':
        options = {'safe': not unsafe_csv}
    with OutputFile(output) as file, _cluster_errors():
        FORMATS[format](docs, file, **options)
    if not quiet:
        click.echo('newsner: %s' % stats, err=True)
    if stats.failed:
        sys.exit(EXIT_FAILED)


#: the kinds of input that hold several documents, and the ends of their names
MANY = ('jsonl', 'feed', 'warc')
MANY_SUFFIXES = tuple(suffix for suffix, kind in SUFFIXES if kind in MANY)


def _one_text(paths, sources, *, many):
    # whether the paths promise one text, which gives one JSON object (else an
    # array): stdin or one path that is no folder and no JSONL file, feed or
    # archive, readable or not
    if len(paths) > 1 or len(sources) != 1 or many or any(os.path.isdir(p) for p in paths):
        return False
    source = sources[0]
    return source.kind in ('text', 'html') or (
        source.kind == 'error' and not source.path.lower().endswith(MANY_SUFFIXES))


def _cluster_docs(texts, scheduler, workers, *, gazetteers, **options):
    # documents computed on a Dask cluster (newsner.dask.pipe), after the
    # checks a local run makes while building its Extractor
    try:
        import distributed  # noqa: F401

        from . import dask as cluster
    except ImportError as error:
        raise click.ClickException("--scheduler needs Dask: pip install 'newsner[dask]' (in a clone: pip install '.[dask]') (%s)" % error)
    from .rules.gazetteer import read as read_gazetteer
    for path in gazetteers:
        try:
            read_gazetteer(path)
        except ValueError as error:
            raise click.BadParameter(str(error), param_hint="'--gazetteer'")
    # a lost scheduler ends the run with one line on stderr, not the client's tracebacks
    import logging
    logging.getLogger('distributed.client').setLevel(logging.CRITICAL)
    # workers read the gazetteers by path, wherever they were started
    settings = cluster.options(gazetteers=[os.path.abspath(_) for _ in gazetteers], **options)
    try:
        return cluster.pipe(texts, settings, scheduler=scheduler, workers=workers)
    except cluster.ClusterError as error:
        raise click.ClickException(str(error))


class _cluster_errors:
    # a scheduler that cannot be reached, or is lost, ends the run with a message
    def __enter__(self):
        return self

    def __exit__(self, kind, error, trace):
        cluster = sys.modules.get('newsner.dask')
        if cluster is not None and isinstance(error, cluster.ClusterError):
            raise click.ClickException(str(error)) from None
        return False


@cli.command(context_settings=CONTEXT)
@click.argument('gold', type=click.Path(exists=True, dir_okay=False))
@click.option('--coarse', is_flag=True,
              help='Score organizations as one ORG type (GOV, COMPANY, MEDIA fold into ORG; '
              'INITIATIVE is dropped), in gold and in what newsner finds.')
@click.option('--gazetteer', 'gazetteers', multiple=True, type=click.Path(exists=True, dir_okay=False),
              metavar='FILE', help='Your own known names (CSV or JSON: name, type, aliases). Repeatable.')
@click.option('--json', 'as_json', is_flag=True, help='Print the scores as one JSON object.')
@click.option('-j', '--jobs', type=int, default=1, show_default=True, callback=positive,
              help='Worker processes.')
def evaluate(gold, coarse, gazetteers, as_json, jobs):
    """Score newsner on GOLD, a JSONL file of {"id", "text", "spans": [{"start",
    "stop", "type"}]} objects: precision, recall and F1 per type, by exact
    spans and by tokens (the naeval method). A GOLD with no GOV, COMPANY, MEDIA
    or INITIATIVE spans is scored as with --coarse. Documents with
    "relations": [{"person": [start, stop, text], "object": [...],
    "object_type": "ORG"|"LOC"}] get their works_for relations scored too, and
    documents with "links": [{"start", "stop", "type", "qid"}] the Wikidata ids
    of their entities (the method of linkeval.py).
    """
    import json

    from .evaluate import format_report, load_gold, score
    from .linkscore import format_links, has_links, score_links
    from .relscore import format_relations, has_relations, score_relations
    try:
        docs = load_gold(gold)
    except ValueError as error:
        raise click.ClickException(str(error))
    if not any(span['type'] in FINE for d in docs for span in d['spans']):
        coarse = True  # a gold file of PER, LOC and ORG cannot tell GOV from COMPANY
    relations, links = has_relations(docs), has_links(docs)
    spans = not (relations or links) or any(d['spans'] for d in docs)
    extractor = _extractor(coarse=coarse, gazetteers=gazetteers)
    predicted, documents = {}, {}
    for doc in extractor.pipe(((d['id'], d['text']) for d in docs), jobs=jobs):
        predicted[doc.id] = doc.mentions
        if relations or links:
            documents[doc.id] = doc
    result = score(docs, predicted, coarse=coarse) if spans else {}
    if relations:
        result['relations'] = score_relations(docs, documents)
    if links:
        result['links'] = score_links(docs, documents)
    if as_json:
        click.echo(json.dumps(result))
        return
    parts = [format_report(result).rstrip('\n')] if spans else []
    if relations:
        parts.append('relations (works_for)\n' + format_relations(result['relations']).rstrip('\n'))
    if links:
        parts.append('links (Wikidata ids)\n' + format_links(result['links']).rstrip('\n'))
    click.echo('\n\n'.join(parts))


def _extractor(**options):
    # the Extractor, or a usage error for a gazetteer file that cannot be read
    from .pipeline import Extractor
    try:
        return Extractor(**options)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="'--gazetteer'")


@cli.command(context_settings=CONTEXT)
@input_options
@click.option('-f', '--format', 'format', type=click.Choice(['json', 'csv', 'table']), default=None,
              help='Output format: json (an array of entities), csv (an entity per row) or table '
              '(the default on a terminal; json otherwise).')
@click.option('-o', '--output', type=click.Path(dir_okay=False, writable=True), default='-',
              help='Write here instead of stdout; the file appears complete or not at all.')
@click.option('--top', type=int, default=5, show_default=True, callback=positive,
              help='Partners (entities seen with it), roles and aliases listed per entity.')
@click.option('--unsafe-csv', is_flag=True,
              help='Write CSV cells as they are, without neutralising spreadsheet formulas (=, +, -, @).')
@click.option('--relations', is_flag=True,
              help='Write the "who works where" table (person, role, object, documents, mentions) '
              'instead of the entities.')
@click.option('-q', '--quiet', is_flag=True,
              help='No progress bar and no summary line on stderr (errors still show).')
def summary(paths, format, output, top, unsafe_csv, relations, quiet, **inputs):
    """Entities across all documents of PATHS (as for `extract`), one row per
    thing: merged by Wikidata id, then by type and name (whatever the letter
    case), by the aliases documents tie together and by a surname the corpus
    gives one person: in how many documents and how many times each one is
    mentioned, its first and last document, its roles, and the
    entities seen with it most often. The table form then shows who works
    where; --relations gives that table alone, in any form. The documents
    stream through: memory grows with the number of distinct entities only.
    """
    from .summary import Summarizer
    from .summary_output import FORMATS as SUMMARY_FORMATS, WORKS_FORMATS
    if format is None:
        format = 'table' if output == '-' and sys.stdout is not None and sys.stdout.isatty() else 'json'
    sources, docs = read_documents(paths, output=output, **inputs)
    docs, stats = counted(docs, sources, quiet=quiet)
    summarizer = Summarizer(top=top)
    for doc in docs:
        summarizer.add(doc)
    options = {'safe': not unsafe_csv} if format == 'csv' else {}
    records = summarizer.records()
    with OutputFile(output) as file:
        if relations:
            WORKS_FORMATS[format](summarizer.works(), file, **options)
        else:
            SUMMARY_FORMATS[format](records, file, **options)
            works = summarizer.works() if format == 'table' else []
            if works:
                file.write('\nWHO WORKS WHERE\n')
                WORKS_FORMATS['table'](works, file)
    if not quiet:
        click.echo('newsner: %s, %d distinct' % (stats, len(records)), err=True)
    if stats.failed:
        sys.exit(EXIT_FAILED)


def _end_by_sigpipe():
    # stdout is closed: nothing may be written to it again, not even at exit.
    # The exit code is the one a shell shows for a death by SIGPIPE; a normal
    # exit lets the worker pool's resources be released without warnings.
    discard_stdout()
    sys.exit(128 + getattr(signal, 'SIGPIPE', EXIT_FAILED - 128))


def main():
    # `newsner ... | head` ends quietly when head stops reading: SIGPIPE stays
    # ignored so that the write raises BrokenPipeError, the worker processes
    # are stopped, and the process ends with the exit code of a death by
    # SIGPIPE (see DefaultGroup.invoke). SIGTERM ends the run as Ctrl-C does:
    # the workers stopped, no partial output file left, exit status 143.
    signal.signal(signal.SIGTERM, _terminate)
    cli(prog_name='newsner')


if __name__ == '__main__':
    main()
