using Folio.Pages.Geometry;
using Folio.Pages.Imaging;
using Folio.Ocr.Runtime;
using Microsoft.ML.OnnxRuntime;

namespace Folio.Ocr.Recognition;

/// <summary>Text-line orientation classifier: tells which lines are upside down (0° or 180°).</summary>
public sealed class Classifier : IDisposable
{
    private const int Height = 48;
    private const int Width = 192;
    private const int BatchSize = 16;
    private const float Threshold = 0.9f;

    private readonly InferenceSession _session;
    private readonly string _inputName;
    private readonly string _outputName;
    private readonly bool _fixedBatch;

    /// <summary>Loads the model.</summary>
    public Classifier(SessionFactory factory, string modelPath)
    {
        // On CUDA a new batch count is a new shape, which costs far more than classifying padding.
        _fixedBatch = factory.Device.Provider == "CUDA";
        _session = factory.Create(modelPath, fixedShapes: _fixedBatch);
        _inputName = _session.InputNames[0];
        _outputName = _session.OutputNames[0];
    }

    /// <summary>For each quad, whether its text reads upside down with a probability above 0.9.</summary>
    /// <param name="page">The page raster.</param>
    /// <param name="quads">The lines.</param>
    /// <param name="stopOnceHalfAreUpright">
    /// Stop once at least half of all lines are known upright, leaving the rest unflagged: enough for
    /// <see cref="OrientationVote"/>, which then turns nothing whatever the rest would say. Saves about a third of
    /// the classifier's time on an ordinary page.
    /// </param>
    public bool[] FindUpsideDown(RasterImage page, IReadOnlyList<Quad> quads, bool stopOnceHalfAreUpright = false)
    {
        var result = new bool[quads.Count];
        var slice = 3 * Height * Width;
        var upright = 0;
        for (var start = 0; start < quads.Count && !(stopOnceHalfAreUpright && upright * 2 >= quads.Count); start += BatchSize)
        {
            var count = Math.Min(BatchSize, quads.Count - start);
            var rows = _fixedBatch ? BatchSize : count;
            var input = new float[rows * slice];
            var first = start;
            void Sample(int i)
            {
                var quad = quads[first + i];
                CropSampler.Fill(page, quad, CropSampler.ScaledWidth(quad, Height, Width), Height, Width, input.AsSpan(i * slice, slice));
            }

            // On a GPU the cores are idle while the model runs: the batch's crops are sampled side by side.
            if (_fixedBatch)
            {
                Parallel.For(0, count, Sample);
            }
            else
            {
                for (var i = 0; i < count; i++)
                {
                    Sample(i);
                }
            }

            using var tensor = OrtValue.CreateTensorValueFromMemory(input, [rows, 3, Height, Width]);
            using var runOptions = new RunOptions();
            using var outputs = _session.Run(runOptions, [_inputName], [tensor], [_outputName]);
            var scores = outputs[0].GetTensorDataAsSpan<float>();
            for (var i = 0; i < count; i++)
            {
                // Two classes: 0° and 180°.
                result[start + i] = scores[(2 * i) + 1] > scores[2 * i] && scores[(2 * i) + 1] > Threshold;
                upright += result[start + i] ? 0 : 1;
            }
        }

        return result;
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();
}
