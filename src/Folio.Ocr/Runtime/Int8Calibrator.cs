using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Folio.Ocr.Runtime;

/// <summary>
/// Takes an <see cref="Int8Calibration"/>: runs the FP32 model with every tensor that <see cref="Int8Quantization"/>
/// quantizes as an extra output, over inputs the caller feeds (real text lines, as the engine crops them), and keeps
/// each tensor's smallest and largest value.
/// </summary>
public sealed class Int8Calibrator : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string[] _outputs;
    private readonly Dictionary<string, (float Min, float Max)> _ranges = new(StringComparer.Ordinal);
    private readonly string _input;
    private readonly bool _inputCalibrated;

    /// <summary>Loads the model with the tensors to calibrate as outputs.</summary>
    /// <param name="model">The FP32 model as the engine prepares it before quantizing (<see cref="SessionFactory.ModelBytes"/>).</param>
    /// <param name="threads">Threads per run.</param>
    public Int8Calibrator(byte[] model, int threads = 1)
    {
        var proto = OnnxGraph.Parse(model);
        Tensors = Int8Quantization.TensorsToCalibrate(proto);
        _input = proto.Graph.Input[0].Name;
        _inputCalibrated = Tensors.Contains(_input);
        var existing = proto.Graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var tensor in Tensors.Where(t => t != _input && !existing.Contains(t)))
        {
            proto.Graph.Output.Add(OnnxGraph.TensorValue(tensor, DataType.Float));
        }

        _outputs = [.. Tensors.Where(t => t != _input)];
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = threads,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        _session = new InferenceSession(proto.ToByteArray(), options);
    }

    /// <summary>The tensors calibrated, in graph order.</summary>
    public IReadOnlyList<string> Tensors { get; }

    /// <summary>How many inputs were observed.</summary>
    public int Runs { get; private set; }

    /// <summary>Runs the model on one input and widens each tensor's range by what it produced.</summary>
    public void Observe(float[] input, long[] shape)
    {
        using var tensor = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var runOptions = new RunOptions();
        using var results = _session.Run(runOptions, [_input], [tensor], _outputs);
        for (var i = 0; i < _outputs.Length; i++)
        {
            Widen(_outputs[i], results[i].GetTensorDataAsSpan<float>());
        }

        if (_inputCalibrated)
        {
            Widen(_input, input);
        }

        Runs++;
    }

    /// <summary>The table of the ranges observed so far.</summary>
    /// <exception cref="InvalidOperationException">Nothing was observed yet.</exception>
    public Int8Calibration Table(string model, string modelSha256, string source)
    {
        if (Runs == 0)
        {
            throw new InvalidOperationException("No input observed.");
        }

        var ranges = Tensors.ToDictionary(t => t, t => new[] { _ranges[t].Min, _ranges[t].Max }, StringComparer.Ordinal);
        return new Int8Calibration(model, modelSha256, "min/max of each tensor over every input observed", source, ranges);
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();

    private void Widen(string tensor, ReadOnlySpan<float> values)
    {
        var (min, max) = _ranges.GetValueOrDefault(tensor, (float.PositiveInfinity, float.NegativeInfinity));
        foreach (var v in values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        _ranges[tensor] = (min, max);
    }
}
