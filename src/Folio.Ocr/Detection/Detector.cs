using Folio.Ocr.Runtime;
using Folio.Pages.Geometry;
using Folio.Pages.Imaging;
using Microsoft.ML.OnnxRuntime;

namespace Folio.Ocr.Detection;

/// <summary>PP-OCR DB text detector: page raster in, text quads out, in line order.</summary>
public sealed class Detector : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string _inputName;
    private readonly string _outputName;
    private readonly DbSettings _settings;
    private readonly bool _parallelHostWork;

    /// <summary>Loads the model.</summary>
    public Detector(SessionFactory factory, string modelPath, DbSettings settings)
    {
        _session = factory.Create(modelPath);
        _inputName = _session.InputNames[0];
        _outputName = _session.OutputNames[0];
        _settings = settings;

        // On a GPU the cores are idle while the model runs: the page's own host work uses them.
        _parallelHostWork = factory.CudaDevice is not null;
    }

    /// <summary>Finds text lines on the page.</summary>
    public List<Quad> Detect(RasterImage page, int maxSide)
    {
        var (width, height) = DetectionPreprocess.ComputeInputSize(page.Width, page.Height, maxSide);
        var input = new float[3 * width * height];
        DetectionPreprocess.FillTensor(page, width, height, input, _parallelHostWork);
        using var tensor = OrtValue.CreateTensorValueFromMemory(input, [1, 3, height, width]);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, [_inputName], [tensor], [_outputName]);
        var map = outputs[0].GetTensorDataAsSpan<float>();
        var quads = _parallelHostWork
            ? DbPostprocess.FindQuads(map.ToArray(), width, height, page.Width, page.Height, _settings, parallel: true)
            : DbPostprocess.FindQuads(map, width, height, page.Width, page.Height, _settings);
        return BoxOrder.Sort(_settings.TrimLineOverlaps ? LineOverlap.Trim(quads) : quads);
    }

    /// <summary>Runs a blank page through the model so the first real request does not pay for initialisation.</summary>
    public void WarmUp() => Detect(RasterImage.CreateWhite(64, 64), 64);

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();
}
