"""The taggers' arithmetic in numpy: the CNN encoder, word sequences packed end to end, CRF decoding.

slovnet's taggers (natasha's NER and morph models) embed each word, run three
convolution layers (kernel 3, ReLU, batch norm) and project the result to tag
scores; the NER model then picks the best tag path with a CRF. slovnet pads the
sequences of a batch to one length; here the sequences of a whole call are
packed into one array with a zero row between them, which gives each word the
same sums (a padding word's embedding is zero, and the rows between sequences
are set back to zero after each layer, as slovnet does with its padding) with
no padding computed. This module knows arrays only; :mod:`newsner.models`
hands it the models' weights.
"""
from collections.abc import Sequence
from typing import Any

import numpy as np

#: a pack of sequences holds at most this many words (a longer sequence is a pack of its own):
#: the arrays of one pack stay in the processor's cache and memory stays bounded
PACK_WORDS = 4096


class Encoder:
    """slovnet's CNN encoder (convolution, ReLU, batch norm per layer), computed
    on words x features arrays as a sum of shifted matrix products.

    slovnet's own encoder copies each window of words into a row of a new
    matrix before one product (im2col); this one multiplies the padded words by
    each kernel column and adds the products shifted, with no copy: the same
    sums in another order, about 1.5 times faster.
    """

    def __init__(self, encoder: Any) -> None:
        self.layers = []
        for layer in encoder.layers:
            conv, norm = layer.conv, layer.norm
            kernels = [np.ascontiguousarray(conv.weight.array[:, :, shift].T)
                       for shift in range(conv.weight.shape[2])]
            self.layers.append((kernels, conv.padding, conv.bias.array, norm))

    def __call__(self, input: np.ndarray, pad_mask: np.ndarray) -> np.ndarray:
        """The encoded words of ``input`` (batch x words x features); ``pad_mask`` marks
        the padding words, which stay zero."""
        batch, length, _ = input.shape
        keep = (~pad_mask)[:, :, None]
        for kernels, padding, bias, norm in self.layers:
            dim, filters = kernels[0].shape
            padded = np.zeros((batch, length + 2 * padding, dim), dtype=input.dtype)
            padded[:, padding:padding + length] = input
            flat = padded.reshape(-1, dim)
            output = flat @ kernels[0]
            for shift, kernel in enumerate(kernels[1:], 1):
                output[:-shift] += flat[shift:] @ kernel
            output = output.reshape(batch, length + 2 * padding, filters)[:, :length]
            output += bias
            np.maximum(output, 0, out=output)
            output = (output - norm.mean.array) / norm.std.array * norm.weight.array + norm.bias.array
            output *= keep  # padding words stay zero, as in slovnet
            input = output
        return input


def packs(lengths: Sequence[int], limit: int = PACK_WORDS) -> list[list[int]]:
    """The indexes of sequences of ``lengths`` grouped into packs of at most ``limit`` words
    (with their separators), in order."""
    groups: list[list[int]] = []
    size = 0
    for index, length in enumerate(lengths):
        if groups and size + length + 1 <= limit:
            groups[-1].append(index)
            size += length + 1
        else:
            groups.append([index])
            size = length + 2
    return groups


def pack(arrays: Sequence[np.ndarray], fill: Any = 0) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """``arrays`` (of words, or of words x features) end to end, with a row of ``fill`` before,
    between and after them: the packed array, its mask of separator rows and where each
    sequence starts."""
    starts, position = [], 1
    for array in arrays:
        starts.append(position)
        position += len(array) + 1
    packed = np.full((position,) + arrays[0].shape[1:], fill, dtype=arrays[0].dtype)
    separator = np.ones(position, dtype=bool)
    for start, array in zip(starts, arrays):
        packed[start:start + len(array)] = array
        separator[start:start + len(array)] = False
    return packed, separator, starts


def viterbi(scores: Sequence[np.ndarray], transitions: np.ndarray) -> list[np.ndarray]:
    """The best tag path of each of ``scores`` (words x tags emission scores) under the CRF's
    ``transitions`` (tags x tags): slovnet's ``CRF.decode``, with its sums, ties and results,
    the sequences decoded together, longest first, and the paths traced back at once."""
    order = sorted(range(len(scores)), key=lambda i: -len(scores[i]))
    paths: list[np.ndarray] = [np.empty(0, dtype=np.int64)] * len(scores)
    order = [i for i in order if len(scores[i])]
    if not order:
        return paths
    lengths = np.array([len(scores[i]) for i in order])
    steps, tags = int(lengths[0]), transitions.shape[0]
    emissions = np.zeros((steps, len(order), tags), dtype=scores[order[0]].dtype)
    for row, index in enumerate(order):
        emissions[:len(scores[index]), row] = scores[index]
    active = (lengths[None, :] > np.arange(steps)[:, None]).sum(1).tolist()  # sequences running at each step
    score = emissions[0].copy()
    history = np.zeros((steps, len(order) * tags), dtype=np.int64)
    for step in range(1, steps):
        n = active[step]
        total = score[:n, :, None] + transitions + emissions[step, :n, None, :]
        history[step, :n * tags] = total.argmax(-2).ravel()
        score[:n] = total.max(-2)  # the score at the best previous tag, as slovnet gathers it
    # trace back: a sequence joins when the step reaches its last word, its last tag the best
    # of its final scores (sequences come longest first: the first n are those still running)
    current = score.argmax(-1)
    trace = np.zeros((steps, len(order)), dtype=np.int64)
    trace[lengths - 1, np.arange(len(order))] = current
    offsets = np.arange(len(order)) * tags
    for step in range(steps - 1, 0, -1):
        n = active[step]
        current[:n] = history[step].take(offsets[:n] + current[:n])
        trace[step - 1, :n] = current[:n]
    for row, index in enumerate(order):
        paths[index] = trace[:lengths[row], row]
    return paths
