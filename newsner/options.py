"""The command line's shared options: the inputs of every command that reads documents, and the checks of their values.

Kept apart from the commands (newsner.cli) so that each command declares only
what is its own.
"""
import codecs

import click

from .decode import text_codec
from .parallel import BATCH_SIZE
from .sources import GLOBS, KINDS_IN
from .types import TYPES


def parse_types(ctx, param, value):
    if not value:
        return None
    types = [t.strip().upper() for part in value for t in part.split(',') if t.strip()]
    unknown = [t for t in types if t not in TYPES]
    if unknown:
        raise click.BadParameter('unknown type %s; choose from %s' % (
            ', '.join(unknown), ', '.join(TYPES)))
    return types


def text_encoding(ctx, param, value):
    if value is None:
        return None
    if text_codec(value) is None:
        try:
            codecs.lookup(value)
            what = '%r is not a text encoding' % value  # hex, rot13, zlib, undefined...
        except LookupError:
            what = 'unknown encoding %r' % value
        raise click.BadParameter('%s (for example: utf-8, cp1251, koi8-r, utf-16-le)' % what)
    return value


def scheduler_address(ctx, param, value):
    if value is None or value == 'local':
        return value
    try:
        from .dask import check_address
    except ImportError:
        return value  # the run says that Dask is needed
    try:
        check_address(value)
    except ValueError as error:
        raise click.BadParameter('%s (give "local" or the address of a scheduler, tcp://HOST:PORT)'
                                 % error)
    return value


def positive(ctx, param, value):
    if value is not None and value < 1:
        raise click.BadParameter('must be at least 1')
    return value


def input_options(command):
    """The inputs of a command that reads documents, and how to read them: PATHS,
    -t, --coarse, --gazetteer, --no-link, --glob, --text-field, --id-field, --format-in,
    --jsonl, --html, --encoding, -j and --batch-size."""
    options = [
        # an unreadable file is an error record, not a usage error
        click.argument('paths', nargs=-1, type=click.Path(readable=False)),
        click.option('-t', '--types', multiple=True, callback=parse_types, metavar='TYPES',
                     help='Keep only these entity types, comma-separated (%s).' % ','.join(TYPES)),
        click.option('--coarse', is_flag=True,
                     help='Only PER, LOC and ORG, as natasha: GOV, COMPANY and MEDIA become ORG, '
                     'INITIATIVE is dropped.'),
        click.option('--gazetteer', 'gazetteers', multiple=True,
                     type=click.Path(exists=True, dir_okay=False), metavar='FILE',
                     help='Your own known names (CSV or JSON: name, type, aliases); they win over '
                     'the built-in ones. Repeatable.'),
        click.option('--no-link', 'no_link', is_flag=True,
                     help='Do not link entities to the knowledge base (no Wikidata ids; names as written).'),
        click.option('--glob', multiple=True, default=GLOBS, show_default=True,
                     help='Files to read in folders (searched recursively); repeatable.'),
        click.option('--text-field', default='text', show_default=True,
                     help='JSONL field holding the text.'),
        click.option('--id-field', default='id', show_default=True,
                     help='JSONL field holding the document id.'),
        click.option('--format-in', type=click.Choice(KINDS_IN), default=None,
                     help='Read stdin and every file as this, whatever its name (by default: '
                     '.html/.htm pages, .rss/.atom/.xml feeds, .warc/.warc.gz archives, '
                     '.jsonl/.ndjson JSONL, anything else text).'),
        click.option('--jsonl', is_flag=True, help='Same as --format-in jsonl.'),
        click.option('--html', is_flag=True, help='Same as --format-in html (for a page on stdin).'),
        click.option('--encoding', default=None, callback=text_encoding,
                     help='Decode every input with this encoding (cp1251, koi8-r, utf-16-le...) instead '
                     'of detecting it: UTF-8 or UTF-16/32 by their mark, else the best fitting '
                     'Cyrillic one.'),
        click.option('-j', '--jobs', type=int, default=None, callback=positive,
                     help='Worker processes (default: all cores for many inputs, 1 for a single text).'),
        click.option('--batch-size', type=int, default=BATCH_SIZE, show_default=True, callback=positive,
                     help='Documents per batch.'),
    ]
    for option in reversed(options):
        command = option(command)
    return command
