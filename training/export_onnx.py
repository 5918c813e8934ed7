#!/usr/bin/env python3
"""Export natasha's NER model (its convolutions and tag projection) to ONNX, with int8 weights.

    pip install -e '.[onnx]' onnx && python training/export_onnx.py [OUTPUT]

Writes newsner/data/ner-int8.onnx (by default), which newsner runs with ONNX
Runtime when the ``onnx`` extra is installed (newsner.models.ner_session). The
graph takes the embedded words of one piece of text, a zero row before and
after them (``features``: (words + 2) x 330, as newsner.models embeds them),
and gives the tag scores of each row (``scores``: (words + 2) x tags), which
slovnet's CRF decodes as before. Each layer is slovnet's: a convolution of
kernel 3 (one matrix product by the three kernel columns side by side, its
parts added shifted by a row), ReLU and batch norm, the rows before and after
the piece set back to zero. ONNX Runtime's dynamic quantization then stores the
matrices as int8 (one scale per matrix) and quantizes each piece's activations
with the piece's own scale as it runs. Nothing here is learned or sampled: the
same natasha release gives the same file.
"""
import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from onnxruntime.quantization import QuantType, quantize_dynamic

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsner.models import NER_ONNX, load_models  # noqa: E402

OPSET = 17


def layer_nodes(index, layer, input):
    """The nodes and weights of one convolution layer, from ``input`` (rows x in) to its output name."""
    conv, norm = layer.conv, layer.norm
    weight = conv.weight.array  # filters x in x kernel
    filters, _, kernel = weight.shape
    assert kernel == 3 and conv.padding == 1, 'a kernel of 3 with a padding of 1, as natasha has'
    columns = np.ascontiguousarray(np.concatenate([weight[:, :, shift].T for shift in range(3)], axis=1))
    scale = (norm.weight.array / norm.std.array).astype(np.float32)
    shift = (norm.bias.array - norm.mean.array * scale).astype(np.float32)
    name = 'layer%d_' % index
    weights = {'columns': columns, 'bias': conv.bias.array.astype(np.float32), 'scale': scale, 'shift': shift,
               'pads': np.array([1, 0, 1, 0], dtype=np.int64)}
    nodes = [helper.make_node('MatMul', [input, name + 'columns'], [name + 'products'])]
    # row r of the output (1 .. rows - 2) = products[r - 1, kernel 0] + products[r, kernel 1]
    # + products[r + 1, kernel 2]
    for part, (first, last) in enumerate(((0, -2), (1, -1), (2, 2 ** 62))):
        weights['starts%d' % part] = np.array([first, part * filters], dtype=np.int64)
        weights['ends%d' % part] = np.array([last, (part + 1) * filters], dtype=np.int64)
        nodes.append(helper.make_node('Slice', [name + 'products', name + 'starts%d' % part, name + 'ends%d' % part],
                                      [name + 'part%d' % part]))
    nodes += [
        helper.make_node('Add', [name + 'part0', name + 'part1'], [name + 'sum01']),
        helper.make_node('Add', [name + 'sum01', name + 'part2'], [name + 'sum']),
        helper.make_node('Add', [name + 'sum', name + 'bias'], [name + 'conv']),
        helper.make_node('Relu', [name + 'conv'], [name + 'relu']),
        helper.make_node('Mul', [name + 'relu', name + 'scale'], [name + 'scaled']),
        helper.make_node('Add', [name + 'scaled', name + 'shift'], [name + 'norm']),
        helper.make_node('Pad', [name + 'norm', name + 'pads'], [name + 'output']),  # zero rows around
    ]
    return nodes, [numpy_helper.from_array(array, name + key) for key, array in weights.items()], name + 'output'


def float_model():
    ner = load_models()[0]
    model = ner.infer.model
    nodes, initializers, current = [], [], 'features'
    for index, layer in enumerate(model.encoder.layers):
        layer_nodes_, layer_weights, current = layer_nodes(index, layer, current)
        nodes += layer_nodes_
        initializers += layer_weights
    proj = model.head.proj
    initializers += [numpy_helper.from_array(proj.weight.array, 'proj_weight'),
                     numpy_helper.from_array(proj.bias.array, 'proj_bias')]
    nodes += [helper.make_node('MatMul', [current, 'proj_weight'], ['proj']),
              helper.make_node('Add', ['proj', 'proj_bias'], ['scores'])]
    dim = model.encoder.layers[0].conv.weight.shape[1]
    graph = helper.make_graph(
        nodes, 'newsner_ner',
        [helper.make_tensor_value_info('features', TensorProto.FLOAT, ['rows', dim])],
        [helper.make_tensor_value_info('scores', TensorProto.FLOAT, ['rows', proj.weight.shape[1]])],
        initializers)
    onnx_model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', OPSET)],
                                   producer_name='newsner training/export_onnx.py')
    onnx_model.ir_version = 8
    onnx.checker.check_model(onnx_model)
    return onnx_model


def main():
    output = Path(sys.argv[1]) if len(sys.argv) > 1 else NER_ONNX
    plain = output.with_suffix('.float.onnx')
    onnx.save(float_model(), str(plain))
    try:
        quantize_dynamic(str(plain), str(output), weight_type=QuantType.QInt8)
    finally:
        plain.unlink()
    print('%s: %d bytes' % (output, output.stat().st_size))


if __name__ == '__main__':
    main()
