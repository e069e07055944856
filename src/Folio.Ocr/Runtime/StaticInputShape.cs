using System.Globalization;
using Onnx;

namespace Folio.Ocr.Runtime;

/// <summary>
/// Fixes every dimension of a model's input to one shape, e.g. a recognition bucket's [batch, 3, 48, width]. ONNX
/// Runtime then knows every intermediate shape when it loads the model, folds the shape computations (Shape, Slice,
/// Concat, Cast on a handful of int64 values) into constants, and has nothing left to run on the CPU beside the GPU's
/// nodes: a condition of capturing the run as a CUDA graph (<see cref="BoundSession"/>).
/// </summary>
public static class StaticInputShape
{
    /// <summary>The edit for <paramref name="shape"/>, named after it (<c>input16x3x48x1280</c>).</summary>
    public static GraphEdit Edit(IReadOnlyList<long> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long[] dims = [.. shape];
        return new("input" + string.Join('x', dims.Select(d => d.ToString(CultureInfo.InvariantCulture))), model => Apply(model, dims));
    }

    /// <summary>Sets the dimensions of the model's only input to <paramref name="shape"/>, in place.</summary>
    /// <exception cref="InvalidDataException">
    /// The model has no graph, more than one input, an input of another rank, or a fixed dimension that differs.
    /// </exception>
    public static void Apply(ModelProto model, IReadOnlyList<long> shape)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(shape);
        var graph = model.Graph ?? throw new InvalidDataException("Not an ONNX model: no graph.");
        if (shape.Any(d => d <= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(shape), $"Every dimension must be positive: [{string.Join(", ", shape)}].");
        }

        // Old exports list their weights among the inputs too; the input is what no initializer names.
        var weights = graph.Initializer.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var inputs = graph.Input.Where(i => !weights.Contains(i.Name)).ToList();
        if (inputs.Count != 1)
        {
            throw new InvalidDataException($"Expected a model with one input, found {inputs.Count}.");
        }

        var dims = inputs[0].Type?.TensorType?.Shape?.Dim ?? throw new InvalidDataException($"Input {inputs[0].Name} declares no shape.");
        if (dims.Count != shape.Count)
        {
            throw new InvalidDataException($"Input {inputs[0].Name} has rank {dims.Count}, not {shape.Count}.");
        }

        for (var i = 0; i < dims.Count; i++)
        {
            if (dims[i].ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue && dims[i].DimValue > 0 && dims[i].DimValue != shape[i])
            {
                throw new InvalidDataException($"Input {inputs[0].Name} has dimension {i} fixed at {dims[i].DimValue}, not {shape[i]}.");
            }

            dims[i] = new TensorShapeProto.Types.Dimension { DimValue = shape[i] };
        }
    }
}
