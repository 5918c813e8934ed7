"""The command line: a thin shell over sources -> Extractor.pipe -> writers.

``newsner [PATHS]...`` extracts entities (the default command); the models are
imported only when there is work to do, so ``newsner --help`` is instant.
"""
import io
import os
import signal
import sys
import tempfile

import click

from . import __version__
from .records import TYPES
from .sources import STDIN, collect, read
from .writers import FORMATS

EXIT_FAILED = 1


class DefaultGroup(click.Group):
    """A group whose default command runs when the first argument names no command."""

    default_command = 'extract'

    def parse_args(self, ctx, args):
        if not args or (args[0] not in self.commands and args[0] not in ctx.help_option_names
                        and args[0] != '--version'):
            args = [self.default_command] + list(args)
        return super().parse_args(ctx, args)

    def format_usage(self, ctx, formatter):
        formatter.write_usage(ctx.command_path, '[PATHS]... [OPTIONS]  |  COMMAND [ARGS]...')


CONTEXT = {'help_option_names': ['-h', '--help']}


@click.group(cls=DefaultGroup, context_settings=CONTEXT)
@click.version_option(__version__, prog_name='newsner')
def cli():
    """Named entities in Russian news: people, places and organizations,
    with offsets and normal forms.

    \b
      cat article.txt | newsner            JSON on stdout
      newsner articles/ -f jsonl -o out.jsonl
      newsner feed.jsonl -f csv

    Without a command, newsner runs `extract` (see `newsner extract --help`).
    """


def parse_types(ctx, param, value):
    if not value:
        return None
    types = [t.strip().upper() for part in value for t in part.split(',') if t.strip()]
    unknown = [t for t in types if t not in TYPES]
    if unknown:
        raise click.BadParameter('unknown type %s; choose from %s' % (
            ', '.join(unknown), ', '.join(TYPES)))
    return types


def positive(ctx, param, value):
    if value is not None and value < 1:
        raise click.BadParameter('must be at least 1')
    return value


@cli.command(context_settings=CONTEXT)
@click.argument('paths', nargs=-1, type=click.Path())
@click.option('-f', '--format', 'format', type=click.Choice(sorted(FORMATS)), default='json',
              show_default=True, help='Output format: json (one document, or an array for several '
              'inputs), jsonl (a document per line), csv (a mention per row) or html (a report with '
              'the texts highlighted).')
@click.option('-o', '--output', type=click.Path(dir_okay=False, writable=True), default='-',
              help='Write here instead of stdout; the file appears complete or not at all.')
@click.option('-t', '--types', multiple=True, callback=parse_types, metavar='TYPES',
              help='Keep only these entity types, comma-separated (%s).' % ','.join(TYPES))
@click.option('--glob', default='*.txt', show_default=True,
              help='Files to read in folders (searched recursively).')
@click.option('--text-field', default='text', show_default=True, help='JSONL field holding the text.')
@click.option('--id-field', default='id', show_default=True, help='JSONL field holding the document id.')
@click.option('--jsonl', is_flag=True, help='Read stdin and every file as JSONL, whatever its name.')
@click.option('--encoding', default=None,
              help='Decode inputs with this encoding instead of detecting UTF-8/UTF-16 by mark.')
@click.option('-j', '--jobs', type=int, default=None, callback=positive,
              help='Worker processes (default: all cores for many inputs, 1 for a single text).')
@click.option('--batch-size', type=int, default=32, show_default=True, callback=positive,
              help='Documents per batch.')
@click.option('--with-text', is_flag=True, help='Include each document\'s text in json/jsonl output.')
@click.option('--unsafe-csv', is_flag=True,
              help='Write CSV cells as they are, without neutralising spreadsheet formulas (=, +, -, @).')
@click.option('-q', '--quiet', is_flag=True, help='No summary line on stderr (errors still show).')
def extract(paths, format, output, types, glob, text_field, id_field, jsonl, encoding, jobs,
            batch_size, with_text, unsafe_csv, quiet):
    """Extract entities from PATHS: text files, folders of them, JSONL files
    of {"id", "text"} objects, or `-` for stdin (the default).

    Exit status: 0 when every input was processed, 1 when some failed (the
    others are still written), 2 for a usage error.
    """
    sources = collect(paths, glob=glob, jsonl=jsonl)
    if not sources:
        raise click.ClickException('no input: nothing matches %r in %s' % (glob, ', '.join(paths)))
    if any(s.path == STDIN for s in sources) and sys.stdin.isatty():
        click.echo('newsner: waiting for standard input (end it with Ctrl-D)...', err=True)
    # one text in gives one JSON object out; anything else gives an array
    single = len(paths) <= 1 and len(sources) == 1 and sources[0].kind == 'text' \
        and not any(os.path.isdir(p) for p in paths)
    if jobs is None:
        few = len(sources) < 2 * batch_size and all(s.kind != 'jsonl' for s in sources)
        jobs = 1 if few else None

    from .pipeline import Extractor
    extractor = Extractor(types=types, batch_size=batch_size)
    texts = read(sources, encoding=encoding, text_field=text_field, id_field=id_field)
    docs = extractor.pipe(texts, batch_size=batch_size, jobs=jobs)
    stats = Stats()
    docs = stats.count(docs)
    options = {'single': single, 'text': with_text}
    if format == 'csv':
        options = {'safe': not unsafe_csv}
    try:
        with _output(output) as file:
            FORMATS[format](docs, file, **options)
    except KeyboardInterrupt:
        click.echo('newsner: interrupted', err=True)
        sys.exit(130)
    if not quiet:
        click.echo('newsner: %s' % stats, err=True)
    if stats.failed:
        sys.exit(EXIT_FAILED)


class Stats:
    """Counts documents as they pass, and reports the failed ones on stderr."""

    def __init__(self):
        self.documents = self.entities = self.failed = 0

    def count(self, docs):
        for doc in docs:
            self.documents += 1
            self.entities += len(doc.entities)
            if doc.error:
                self.failed += 1
                click.echo('newsner: error: %s' % doc.error, err=True)
            yield doc

    def __str__(self):
        return '%d documents, %d entities, %d failed' % (self.documents, self.entities, self.failed)


class _output:
    """stdout, or a file written under a temporary name and renamed when complete."""

    def __init__(self, path):
        self.path = path
        self.temp = None

    def __enter__(self):
        if self.path == '-':
            # UTF-8 whatever the locale; a lone surrogate becomes '?' instead of an error
            self.file = io.TextIOWrapper(sys.stdout.buffer, encoding='utf-8',
                                         errors='replace', newline='', write_through=True)
            return self.file
        if os.path.exists(self.path) and not os.path.isfile(self.path):
            # a device or a pipe (/dev/null, a FIFO) is written in place, never replaced
            self.file = open(self.path, 'w', encoding='utf-8', errors='replace', newline='')
            return self.file
        folder = os.path.dirname(os.path.abspath(self.path))
        try:
            fd, self.temp = tempfile.mkstemp(prefix='.%s.' % os.path.basename(self.path),
                                             suffix='.tmp', dir=folder)
        except OSError as error:
            raise click.ClickException('cannot write %s: %s' % (self.path, error.strerror))
        self.file = open(fd, 'w', encoding='utf-8', errors='replace', newline='')
        return self.file

    def __exit__(self, kind, error, trace):
        if self.temp is None:
            try:
                self.file.flush()
                self.file.detach()  # stdout itself stays open
            except (BrokenPipeError, ValueError):
                pass
            return False
        self.file.close()
        if kind is None:
            os.chmod(self.temp, 0o644 & ~_umask())
            os.replace(self.temp, self.path)
        else:
            os.unlink(self.temp)
        return False


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


@cli.command(context_settings=CONTEXT)
@click.argument('gold', type=click.Path(exists=True, dir_okay=False))
@click.option('--coarse', is_flag=True,
              help='Score organizations as one ORG type (GOV, COMPANY, MEDIA fold into ORG).')
@click.option('--json', 'as_json', is_flag=True, help='Print the scores as one JSON object.')
@click.option('-j', '--jobs', type=int, default=1, show_default=True, callback=positive,
              help='Worker processes.')
def evaluate(gold, coarse, as_json, jobs):
    """Score newsner on GOLD, a JSONL file of {"id", "text", "spans": [{"start",
    "stop", "type"}]} objects: precision, recall and F1 per type, by exact
    spans and by tokens (the naeval method).
    """
    import json

    from .evaluate import format_report, load_gold, score
    try:
        docs = load_gold(gold)
    except ValueError as error:
        raise click.ClickException(str(error))
    from .pipeline import Extractor
    extractor = Extractor()
    predicted = {}
    for doc in extractor.pipe(((d['id'], d['text']) for d in docs), jobs=jobs):
        predicted[doc.id] = doc.mentions
    result = score(docs, predicted, coarse=coarse)
    click.echo(json.dumps(result) if as_json else format_report(result).rstrip('\n'))


def main():
    # `newsner ... | head` ends quietly when head stops reading
    if hasattr(signal, 'SIGPIPE'):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    cli(prog_name='newsner')


if __name__ == '__main__':
    main()
