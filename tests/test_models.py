"""The pipeline's own steps against natasha's and slovnet's: the CNN encoder gives the
same tags on real texts, the dictionary the same analyses."""
import numpy as np

from newsner import cnn, models, segment

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
