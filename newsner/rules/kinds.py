"""The kind of an organization: GOV, COMPANY, MEDIA or ORG, from its words and the words around it.

Named programs, projects, routes, corridors and strategies are INITIATIVE by
their head ("Транскаспийский международный транспортный маршрут", "Middle
Corridor", "... International Transport Route"); a name that no rule here types
goes to the learned classifier (:mod:`newsner.rules.classifier`).

Evidence, strongest first: a legal form (Inc., ООО...) or a news-site domain
in the name; the name's head noun and the adjectives before it ("Федеральная
служба", "информационное агентство", "Центральный банк"); the shape of a
compound word ("Минфин", "Роскомнадзор", "Сбербанк"); a descriptor just
before the name ("компании Apple", "газета «Труд»") or a verb of reporting
around it ("пишет The Times"). A name with no evidence is ORG.
"""
import re

from ..types import COMPANY, GOV, INITIATIVE, MEDIA, ORG
from ..wordlists import word_list
from .text import has_cyrillic

#: legal forms written before or after a company's name
LEGAL_FORMS = word_list('legal-forms')
#: legal forms after a Latin name that belong to it ("Ericsson AB", "Ardea Energy Technologies Inc.")
LATIN_SUFFIXES = re.compile(
    r'[ \t]*,?[ \t]*(Inc\.|Inc\b|Ltd\.|Ltd\b|LLC\b|L\.L\.C\.|Corp\.|Corp\b|PLC\b|plc\b|AG\b|GmbH\b|'
    r'AB\b|S\.A\.|SA\b|N\.V\.|NV\b|B\.V\.|S\.p\.A\.|Oy\b|Oyj\b|ASA\b|Co\.|Limited\b|LLP\b|SE\b)')
DOMAIN = re.compile(r'\.(ru|рф|su|com|net|org|info|io|az|ua|by|kz|kg|uz|tj|tm|am|ge|md|news|media|tv|fm)$',
                    re.IGNORECASE)

#: head nouns (lemmas) of names, by the kind they give; some heads are decided
#: by the adjectives or the words after them (:func:`name_kind`)
KIND_HEADS = {kind: word_list('heads-' + kind.value.lower())
              for kind in (GOV, COMPANY, MEDIA, ORG, INITIATIVE)}
#: the last word of a name in English that makes it an initiative ("Middle Corridor")
LATIN_INITIATIVES = word_list('latin-initiatives')
#: a named event before a quoted name: "форум «Один пояс — один путь»" is no initiative
EVENTS = re.compile(r'(?:форум|саммит|конференци|конгресс|выставк|фестивал|слет|слёт|съезд)\w*\s*$',
                    re.IGNORECASE)
HEAD_KIND = {head: kind for kind, heads in KIND_HEADS.items() for head in heads}

# adjectives (lemmas) that settle the kind of a name with an ambiguous head
STATE_ADJECTIVES = word_list('state-adjectives')
INTERNATIONAL = word_list('international-adjectives')
NEWS_ADJECTIVES = word_list('news-adjectives')
BUSINESS_ADJECTIVES = word_list('business-adjectives')
NON_STATE_ADJECTIVES = word_list('non-state-adjectives')
STATE_COUNCIL_WORDS = word_list('state-council-words')
#: heads of state and of government that a state body is attached to: "Совет при Президенте"
STATE_PATRONS = word_list('state-patrons')

#: descriptors (lemmas) just before a name that tell its kind
DESCRIPTORS = {word: kind for kind in (COMPANY, MEDIA, GOV, ORG)
               for word in word_list('descriptors-' + kind.value.lower())}
#: words (as written) just after a name that tell its kind
AFTER = {word: MEDIA for word in word_list('after-media')}

# compound words: Минфин, Роскомнадзор, Сбербанк, Роснефть...
GOV_WORD = re.compile(r'^(мин[а-я]{2,}|гос(дума|деп|департамент|совет|комитет|комиссия|инспекция|служба)\w*|'
                      r'рос\w*(надзор|стат|реестр|гвардия|архив|туризм|молодежь|авиация|морречфлот|'
                      r'автодор|недра|рыболовство|лесхоз|водресурсы|имущество|здравнадзор|'
                      r'потребнадзор|финмониторинг|гидромет|космос|обрнадзор|техрегулирование|'
                      r'транснадзор|сельхознадзор|технадзор|пром|труд)|\w+прокуратура|\w+суд)$')
COMPANY_WORD = re.compile(r'\w*(банк|нефть|газ|нефтегаз|телеком|энерго|энерджи|строй|трест|пром|холдинг|'
                          r'авиа|сталь|металл|хим|агро|инвест|капитал|страх|транс|флот|лизинг|'
                          r'фарм|девелопмент|групп|маркет|ритейл|моторс|авто|ком|кабель|уголь|'
                          r'сеть|сети|гидро|нано|атом|ойл|лайн|тех)$')
NOT_GOV_WORD = word_list('not-gov-words')
#: a ministry's short form, "Мин" and its field, in any case: "Минпромторг", "Минкульта",
#: "Минвостокразвития"; surnames that begin so ("Минкин", "Минченко", "Минеев") do not match
MINISTRY_WORD = re.compile(
    r'^мин(транс|промторг|пром|культ|востокразвит|здрав|фин|юст|обороны|обрнауки|просвещ|энерго|'
    r'эк|экономразвит|экономики|сельхоз|строй|труд|природ|цифр|спорт|регион|комсвяз|связ|нац|туризм|'
    r'образован|соцразвит|соцзащит|имуществ|информ|печат|чс|юста|арктик|кавказ|вузов)[а-я]*$')

SPAN_WORD = re.compile(r'\w+(?:[-.&\'’]\w+)*\.?')


def word_kind(lemma):
    """The kind a single compound word tells: "минфин" GOV, "сбербанк" COMPANY, else None."""
    if lemma in HEAD_KIND and HEAD_KIND[lemma] not in (ORG, INITIATIVE):
        return HEAD_KIND[lemma]
    if lemma in NOT_GOV_WORD or lemma.startswith('министр'):
        return None
    if GOV_WORD.match(lemma):
        return GOV
    if len(lemma) > 5 and COMPANY_WORD.match(lemma):
        return COMPANY
    return None


def name_kind(words, lemmas):
    """The kind the words of a name tell by themselves, or None.

    ``words`` as written, ``lemmas`` their dictionary forms (same length).
    """
    if not words:
        return None
    lowered = [w.lower().rstrip('.') for w in words]
    if 'при' in lemmas[1:]:
        # "Совет при Президенте РФ", "комиссия при правительстве": a body attached to a
        # state body or a head of state is a state body
        patron = lemmas[lemmas.index('при', 1) + 1:][:1]
        if patron and (patron[0] in STATE_PATRONS or HEAD_KIND.get(patron[0]) == GOV or word_kind(patron[0]) == GOV):
            return GOV
    if lowered[0] in LEGAL_FORMS and len(words) > 1 or (len(words) > 1 and lowered[-1] in LEGAL_FORMS
                                                          and not has_cyrillic(words[-1])):
        return COMPANY
    if DOMAIN.search(words[-1]):
        return MEDIA
    if len(words) > 1 and lowered[-1] in LATIN_INITIATIVES and not any(has_cyrillic(w) for w in words):
        return INITIATIVE
    for index, lemma in enumerate(lemmas):
        kind = _head_kind(lemma, lemmas[:index], lemmas[index + 1:])
        if kind:
            return kind
        if lemma not in STATE_ADJECTIVES and lemma not in INTERNATIONAL and lemma not in NEWS_ADJECTIVES \
                and lemma not in BUSINESS_ADJECTIVES and lemma not in NON_STATE_ADJECTIVES \
                and not _adjective_like(lemma):
            break
    for lemma in lemmas:
        kind = word_kind(lemma)
        if kind:
            return kind
    return None



def _adjective_like(lemma):
    return lemma.endswith(('ый', 'ий', 'ой', 'ский'))


def _head_kind(head, before, after):
    kind = HEAD_KIND.get(head)
    if kind is None:
        return None
    adjectives = set(before)
    if kind == INITIATIVE:
        # "Программа развития ООН" is a body of the UN; "проект" alone after the name's
        # first word ("Газпром проект") is not its head
        if 'оон' in after or (before and not all(_adjective_like(a) or a in INTERNATIONAL for a in before)):
            return None
        return INITIATIVE
    if adjectives & NON_STATE_ADJECTIVES:
        return ORG
    if head == 'банк':
        if adjectives & {'центральный', 'национальный', 'народный', 'резервный', 'федеральный'}:
            return GOV
        if adjectives & INTERNATIONAL or 'развитие' in after or 'реконструкция' in after:
            return ORG
        return COMPANY
    if head == 'агентство':
        if adjectives & NEWS_ADJECTIVES or 'новость' in after[:1]:
            return MEDIA
        if adjectives & BUSINESS_ADJECTIVES:
            return COMPANY
        if adjectives & INTERNATIONAL:
            return ORG
        return GOV
    if head == 'фонд':
        if adjectives & BUSINESS_ADJECTIVES:
            return COMPANY
        if adjectives & {'пенсионный', 'государственный', 'федеральный'} or 'страхование' in after:
            return GOV
        return ORG
    if head in ('служба', 'канал') and 'русский' in adjectives:
        return MEDIA
    if head in ('совет', 'комитет', 'комиссия', 'палата', 'ассамблея', 'центр', 'группа', 'форум'):
        if adjectives & INTERNATIONAL:
            return ORG
        if adjectives & STATE_ADJECTIVES or set(after[:1]) & STATE_COUNCIL_WORDS:
            return GOV
        if head in ('комитет', 'комиссия') and 'по' in after[:3]:
            return GOV
        if any(word_kind(lemma) == GOV for lemma in after[:2]):
            return GOV
        if head == 'палата' and after[:1] in (['представитель'], ['общин'], ['лорд'], ['депутат']):
            return GOV
        return ORG
    if kind == GOV and adjectives & INTERNATIONAL and head not in ('суд', 'парламент'):
        return ORG
    return kind


def named_event(text, start):
    """Whether the name at ``start`` (in quotes) is named by an event word before it: "форума «…»"."""
    if not start or text[start - 1] not in '«"„“':
        return False
    return EVENTS.search(text, max(0, start - 40), start - 1) is not None


def context_kind(before, after):
    """The kind told by the lemmas just before a name (nearest last) and the words just after it."""
    for lemma in reversed(before):
        kind = DESCRIPTORS.get(lemma)
        if kind:
            if lemma == 'агентство' and before[-1:] and before[-1] in BUSINESS_ADJECTIVES:
                return COMPANY
            return kind
    if after:
        word = after[0].lower()
        if word in AFTER and (word != 'со' or after[1:2] == ['ссылкой']):
            return AFTER[word]
    return None
