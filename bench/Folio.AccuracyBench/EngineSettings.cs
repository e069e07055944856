using Folio.Ocr;

namespace Folio.AccuracyBench;

/// <summary>
/// The engine settings the bench compares. FOLIO_BENCH_ENGINES names labels (default <c>folio</c>); every label is
/// turned into options here and nowhere else, so a developer comparing a setting adds one case below and runs
/// <c>FOLIO_BENCH_ENGINES=folio,MY-LABEL bench/accuracy.sh</c>. Every engine reads on the CPU, one thread per page.
/// </summary>
internal static class EngineSettings
{
    public static OcrEngineOptions EngineOptions(string label, string modelDirectory)
    {
        var defaults = new OcrEngineOptions { ModelDirectory = modelDirectory, IntraOpThreads = 1, Device = DeviceChoice.Cpu };
        return label switch
        {
            "folio" => defaults,
            "folio-plain" => defaults with { RecognitionWidthScale = 0.9f, RecoverWordSpaces = false, LexiconCorrection = false, RepairTokens = false, StretchLineContrast = false },
            "folio-no-spaces" => defaults with { RecoverWordSpaces = false },
            "folio-no-lexicon" => defaults with { LexiconCorrection = false },
            "folio-no-repair" => defaults with { RepairTokens = false },
            "folio-no-stretch" => defaults with { StretchLineContrast = false },
            "folio-width-0.9" => defaults with { RecognitionWidthScale = 0.9f },
            "folio-width-0.95" => defaults with { RecognitionWidthScale = 0.95f },
            "folio-width-1.1" => defaults with { RecognitionWidthScale = 1.1f },
            "folio-no-classifier" => defaults with { LoadOrientationClassifier = false },
            "folio-no-trim" => defaults with { TrimLineOverlaps = false },
            "folio-fp32" => defaults with { CpuPrecision = ModelPrecision.Fp32 },
            "folio-int8" => defaults with { CpuPrecision = ModelPrecision.Int8 },
            _ => throw new ArgumentException($"unknown engine label {label}: add it to EngineSettings.EngineOptions (known: folio, folio-plain, folio-no-spaces, folio-no-lexicon, folio-no-repair, folio-no-stretch, folio-width-0.9, folio-width-0.95, folio-width-1.1, folio-no-classifier, folio-no-trim, folio-fp32, folio-int8)"),
        };
    }
}
