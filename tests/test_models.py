"""The pipeline's own steps against natasha's and slovnet's: the CNN encoder gives the
same tags on real texts, the dictionary the same analyses."""
import sys

import numpy as np
import pytest

from newsner import cnn, extras, models, segment

from conftest import SAMPLES


def slovnet_tags(tagger, items):
    infer = tagger.infer
    return list(infer.decoder(infer.process(infer.encoder(items))))


def word_lists(factru_texts):
    texts = [path.read_text(encoding='utf-8') for path in sorted(SAMPLES.glob('*.txt'))]
    texts += [item['text'] for item in factru_texts[:40]]
    return sorted(([t.text for t in piece] for text in texts for piece in segment.tokenize_pieces(text)), key=len)


def test_ner_tags_equal_slovnets(extractor, factru_texts):
    items = word_lists(factru_texts)
    tags = list(models.tag(extractor.ner, items))
    assert tags == slovnet_tags(extractor.ner, items)
    assert sum(tag != 'O' for piece in tags for tag in piece) > 500


def test_morph_tags_equal_slovnets(extractor, factru_texts):
    items = [words[i:i + 6] for words in word_lists(factru_texts)[:30] for i in range(0, len(words), 6)]
    assert list(models.tag(extractor.morph, items)) == slovnet_tags(extractor.morph, items)


def test_encoder_values_close_to_slovnets(extractor):
    model = extractor.ner.infer.model
    rng = np.random.default_rng(1)
    batch, length = 3, 17
    dim = model.encoder.layers[0].conv.weight.shape[1]
    input = rng.standard_normal((batch, length, dim)).astype(np.float32)
    mask = np.zeros((batch, length), dtype=bool)
    mask[1, 12:] = mask[2, 5:] = True  # shorter sequences, padded
    ours = cnn.Encoder(model.encoder)(input, mask)
    theirs = model.encoder(input.copy(), mask)
    assert ours.shape == theirs.shape
    np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-4)
    assert not ours[mask].any()


def test_vocab_gives_natashas_analyses_and_inflections(factru_texts):
    from natasha import MorphVocab
    from newsner.models import Vocab
    ours, natasha = Vocab(), MorphVocab()
    words = sorted({w.lower() for item in factru_texts[:30] for w in item['text'].split() if w.isalpha()})
    words += ['стали', 'путина', 'шахбазова', 'газпромом', 'уитакера', 'байдену', 'ёлки', 'елки',
              'наибольшего', 'наилучшей', 'наибольшими', 'побольше', 'поменьше']  # paradigm prefixes
    grams = [{'Nom'}, {'Gen'}, {'Nom', 'Plur'}, {'Dat', 'Sing'}, {'Ins', 'Fem'}]

    def analyses(vocab, word):
        return [(f.word, str(f.tag), f.normal, f.pos, f.feats, f.score,
                 [None if n is None else (n.word, str(n.tag), n.normal) for n in (f.inflect(g) for g in grams)])
                for f in vocab(word)]

    assert len(words) > 1000
    for word in words:
        assert analyses(ours, word) == analyses(natasha, word), word
    # words of one paradigm share the places found: most inflections were built from a stem
    assert len(ours.inflected_places) < sum(len(ours(w)) for w in words) * len(grams) / 2


# sentences written for these tests: names of people, places and organizations, and none
RUNTIME_TEXTS = [
    'Глава компании «Северные верфи» Игорь Баранов встретился в Мурманске с губернатором области.',
    'Вчера в Новосибирске открылась выставка молодых художников из Томска и Омска.',
    'По словам пресс-секретаря Министерства транспорта Анны Козловой, мост достроят к осени.',
    'Дождь шёл весь день, и к вечеру улицы опустели.',
    'Сборная Бразилии обыграла команду Аргентины в Рио-де-Жанейро, сообщает агентство Reuters.',
    'Профессор МГУ Олег Смирнов и академик РАН Пётр Волков выступили на конференции в Казани.',
]


def spans_by(runtime):
    from newsner.pipeline import Extractor
    extractor = Extractor(runtime=runtime)
    return [[(m.start, m.stop, m.type) for m in doc.mentions] for doc in extractor.pipe(RUNTIME_TEXTS)]


def test_onnx_runtime_gives_the_numpy_spans():
    pytest.importorskip('onnxruntime')
    numpy_spans = spans_by('numpy')
    assert spans_by('onnx') == numpy_spans
    assert sum(map(len, numpy_spans)) >= 15


def test_onnx_runtime_tags_close_to_numpys(extractor, factru_texts):
    pytest.importorskip('onnxruntime')
    items = word_lists(factru_texts)
    numpy_tags = [t for piece in models.tag(extractor.ner, items) for t in piece]
    onnx_tags = [t for piece in models.tag(extractor.ner, items, session=models.ner_session('onnx'))
                 for t in piece]
    assert len(onnx_tags) == len(numpy_tags)
    assert np.mean([a == b for a, b in zip(onnx_tags, numpy_tags)]) > 0.995


def test_numpy_when_onnxruntime_is_absent(monkeypatch):
    monkeypatch.setitem(sys.modules, 'onnxruntime', None)  # import fails
    models.onnx_session.cache_clear()
    try:
        assert models.ner_session('auto') is None
        assert models.ner_session('numpy') is None
        with pytest.raises(extras.MissingExtra, match=r"newsner\[onnx\]"):
            models.ner_session('onnx')
        with pytest.raises(extras.MissingExtra):
            spans_by('onnx')
        assert spans_by('auto') == spans_by('numpy')
    finally:
        models.onnx_session.cache_clear()


def test_runtime_from_the_environment_and_unknown_runtimes(monkeypatch):
    # numpy unless asked otherwise, whatever is installed: the answers never depend on it
    monkeypatch.delenv('NEWSNER_RUNTIME', raising=False)
    assert models.ner_session('auto') is None
    monkeypatch.setenv('NEWSNER_RUNTIME', 'numpy')
    assert models.ner_session('auto') is None
    with pytest.raises(ValueError, match='unknown runtime'):
        models.ner_session('gpu')
    monkeypatch.setenv('NEWSNER_RUNTIME', 'auto')
    with pytest.raises(ValueError, match='unknown runtime'):
        models.ner_session('auto')


def test_onnx_runtime_from_the_environment(monkeypatch):
    pytest.importorskip('onnxruntime')
    monkeypatch.setenv('NEWSNER_RUNTIME', 'onnx')
    assert models.ner_session('auto') is not None


def test_packs_and_pack():
    assert cnn.packs([3, 2, 5, 1], limit=9) == [[0, 1], [2, 3]]
    assert cnn.packs([20, 1], limit=8) == [[0], [1]]
    packed, separator, starts = cnn.pack([np.array([1, 2]), np.array([3])], fill=9)
    assert packed.tolist() == [9, 1, 2, 9, 3, 9]
    assert separator.tolist() == [True, False, False, True, False, True]
    assert starts == [1, 4]


def test_viterbi_equals_slovnets_crf(extractor):
    crf = extractor.ner.infer.model.head.crf
    rng = np.random.default_rng(2)
    lengths = [7, 1, 12, 3, 12, 5]
    scores = [rng.standard_normal((n, 8)).astype(np.float32) for n in lengths]
    scores[3][:] = 0  # ties
    ours = cnn.viterbi(scores, crf.transitions.array)
    batch = np.zeros((len(scores), max(lengths), 8), dtype=np.float32)
    mask = np.zeros((len(scores), max(lengths)), dtype=bool)
    for row, score in enumerate(scores):
        batch[row, :len(score)] = score
        mask[row, :len(score)] = True
    theirs = crf.decode(batch, mask)
    assert [path.tolist() for path in ours] == [path.tolist() for path in theirs]
