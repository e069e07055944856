using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Folio.Ocr.Runtime;

/// <summary>
/// Runs a session whose input and outputs keep one shape for its whole life (<see cref="StaticInputShape"/>) through
/// IO binding, on tensors made and bound once: the caller writes the input in place into a host buffer, and reads
/// the outputs from host buffers. On CUDA the bound tensors live in device memory at fixed addresses, copied from a
/// pinned host buffer before each run and back after it: what replaying a captured CUDA graph needs, since a replay
/// reads and writes the addresses of its capture (<see cref="SessionFactory.Create"/>'s <c>cudaGraph</c>). On the
/// CPU the bound tensors are the host buffers themselves.
/// </summary>
/// <remarks>
/// Runs are serialised (one at a time per session): the buffers are the session's own, and ONNX Runtime does not
/// allow concurrent runs of a captured graph.
/// </remarks>
public sealed class BoundSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly OrtIoBinding _binding;
    private readonly RunOptions _runOptions = new();
    private readonly BoundTensor _input;
    private readonly BoundTensor[] _outputs;
    private readonly Lock _gate = new();

    /// <summary>Binds the session's only input and the outputs named, both of fixed shape; the session is the bound session's to dispose.</summary>
    /// <param name="session">A session of fixed shapes, with a float input.</param>
    /// <param name="outputNames">The outputs to bind and read, in the order <see cref="Output{T}"/> numbers them.</param>
    /// <param name="cudaDevice">The CUDA device the session runs on, or null for a CPU session.</param>
    /// <exception cref="InvalidOperationException">The input is not float, or a shape is not fixed.</exception>
    public BoundSession(InferenceSession session, IReadOnlyList<string> outputNames, int? cudaDevice)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(outputNames);
        _session = session;
        var inputName = session.InputNames.Single();
        var input = session.InputMetadata[inputName];
        if (input.ElementDataType != TensorElementType.Float)
        {
            throw new InvalidOperationException($"Input {inputName} is {input.ElementDataType}, not float.");
        }

        _input = new BoundTensor(TensorElementType.Float, FixedShape(inputName, input), cudaDevice);
        _outputs = [.. outputNames.Select(name => new BoundTensor(session.OutputMetadata[name].ElementDataType, FixedShape(name, session.OutputMetadata[name]), cudaDevice))];
        _binding = session.CreateIoBinding();
        _binding.BindInput(inputName, _input.Value);
        for (var i = 0; i < _outputs.Length; i++)
        {
            _binding.BindOutput(outputNames[i], _outputs[i].Value);
        }
    }

    /// <summary>The input's shape.</summary>
    public IReadOnlyList<long> InputShape => _input.Shape;

    /// <summary>Output <paramref name="index"/>'s shape.</summary>
    public IReadOnlyList<long> OutputShape(int index) => _outputs[index].Shape;

    /// <summary>
    /// Lets <paramref name="write"/> fill the whole input (the buffer holds the previous run's), runs the session, and
    /// returns what <paramref name="read"/> makes of the outputs (<see cref="Output{T}"/>, valid only inside it).
    /// </summary>
    public TResult Run<TResult>(Action<Span<float>> write, Func<BoundSession, TResult> read)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(read);
        lock (_gate)
        {
            write(_input.Host<float>());
            _input.CopyToDevice();
            _session.RunWithBinding(_runOptions, _binding);
            _binding.SynchronizeBoundOutputs();
            foreach (var output in _outputs)
            {
                output.CopyToHost();
            }

            return read(this);
        }
    }

    /// <summary>Output <paramref name="index"/> of the last run, in host memory.</summary>
    public ReadOnlySpan<T> Output<T>(int index)
        where T : unmanaged => _outputs[index].Host<T>();

    /// <inheritdoc />
    public void Dispose()
    {
        _binding.Dispose();
        _session.Dispose();
        _runOptions.Dispose();
        _input.Dispose();
        foreach (var output in _outputs)
        {
            output.Dispose();
        }
    }

    private static long[] FixedShape(string name, NodeMetadata metadata)
    {
        long[] shape = [.. metadata.Dimensions.Select(d => (long)d)];
        return shape.All(d => d > 0)
            ? shape
            : throw new InvalidOperationException($"{name} has shape [{string.Join(", ", shape)}]: fix the input's shape first ({nameof(StaticInputShape)}).");
    }
}
